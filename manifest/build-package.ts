/**
 * Builds the Teams app package: `tsx manifest/build-package.ts [--out FILE] [--template FILE] [--env-file FILE]`.
 * Reads TEAMS_APP_ID, BOT_ID (or MicrosoftAppId) and BOT_DOMAIN from the environment; exits 1 with the list of
 * problems (missing variables, or the schema's path + message for each error) when the package cannot be built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { buildAppPackage } from './app-package';
import { PackageError } from './package-errors';

const USAGE = 'usage: tsx manifest/build-package.ts [--out appPackage.zip] [--template FILE] [--env-file FILE]';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values: { out?: string; template?: string; 'env-file'?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, template: { type: 'string' }, 'env-file': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const out = path.resolve(values.out ?? 'appPackage.zip');
  try {
    // As with node --env-file, variables already set in the environment win over the file's.
    const fromFile = values['env-file'] ? parseEnv(fs.readFileSync(values['env-file'], 'utf8')) : {};
    const built = await buildAppPackage({ env: { ...fromFile, ...env }, templatePath: values.template });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, built.zip);
    console.log(`Wrote ${out} (manifest, color.png, outline.png). Upload it in Teams admin centre › Manage apps.`);
    return 0;
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(`${error.code}: ${error.message}`);
    for (const line of error.details) console.error(`  - ${line}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
