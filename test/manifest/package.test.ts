import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { buildAppPackage, DEFAULT_TEMPLATE } from '../../manifest/app-package';
import { drawColorIcon, drawOutlineIcon } from '../../manifest/draw-icons';
import { newestBundledTeamsSchemaVersion, validateTeamsManifest } from '../../manifest/manifest-schema';
import { PackageError } from '../../manifest/package-errors';
import { parsePackageEnv } from '../../manifest/package-env';

const run = promisify(execFile);
const repo = path.resolve(__dirname, '../..');
const manifestDir = path.join(repo, 'manifest');

const env = {
  TEAMS_APP_ID: '3f2c8a61-54d0-4b7e-9a6e-0c1d2e3f4a5b',
  BOT_ID: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
  BOT_DOMAIN: 'auditloop.example.org',
};

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-loop-package-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

function readTemplate(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(DEFAULT_TEMPLATE, 'utf8')) as Record<string, unknown>;
}

function writeTemplate(name: string, changes: Record<string, unknown>): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, JSON.stringify({ ...readTemplate(), ...changes }));
  return file;
}

function readPng(file: string): PNG {
  return PNG.sync.read(fs.readFileSync(path.join(manifestDir, file)));
}

async function expectPackageError(promise: Promise<unknown>): Promise<PackageError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PackageError);
  return error as PackageError;
}

describe('Teams app package', () => {
  test('the package zip holds manifest.json, color.png and outline.png, and its manifest validates against the schema', async () => {
    const built = await buildAppPackage({ env });
    const zip = await JSZip.loadAsync(built.zip);
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const text = await zip.file('manifest.json')?.async('string');
    const manifest = JSON.parse(text ?? '{}') as Record<string, unknown>;
    expect(validateTeamsManifest(manifest)).toEqual([]);
    expect(text).not.toContain('${');
    expect(manifest).toMatchObject({
      id: env.TEAMS_APP_ID,
      bots: [{ botId: env.BOT_ID, scopes: ['personal', 'team', 'groupChat'] }],
      validDomains: [env.BOT_DOMAIN],
      webApplicationInfo: { id: env.BOT_ID, resource: `api://${env.BOT_DOMAIN}/${env.BOT_ID}` },
    });
    expect(manifest.staticTabs).toContainEqual(
      expect.objectContaining({ name: 'Dashboard', contentUrl: `https://${env.BOT_DOMAIN}/tab/index.html` }),
    );
  });

  test('the personal command list offers the auditor commands and QA\'s report, and team chats offer headlines and help', async () => {
    const { manifest } = await buildAppPackage({ env });
    const bots = (manifest as { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[] }).bots;
    const lists = bots[0]?.commandLists ?? [];
    const titles = (scope: string): string[] =>
      lists.find((list) => list.scopes.includes(scope))?.commands.map((command) => command.title) ?? [];
    expect(titles('personal')).toEqual(['my audits', 'team', 'help', 'headlines', 'overdue', 'unmatched', 'report']);
    expect(titles('team')).toEqual(['headlines', 'help']);
    expect(titles('groupChat')).toEqual(['headlines', 'help']);
  });

  test('each command list stays within what Teams shows: at most 10 commands, each description at most 128 characters', () => {
    const bots = (readTemplate() as { bots: { commandLists: { commands: { title: string; description: string }[] }[] }[] }).bots;
    for (const list of bots[0]?.commandLists ?? []) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) expect(command.description.length).toBeLessThanOrEqual(128);
    }
  });

  test('the template uses the newest manifest version whose schema @microsoft/app-manifest bundles', () => {
    const template = readTemplate();
    const newest = newestBundledTeamsSchemaVersion();
    expect(template.manifestVersion).toBe(newest);
    expect(template.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
  });

  test('a manifest with a malformed id fails with the schema error at /id', async () => {
    const { manifest } = await buildAppPackage({ env });
    const issues = validateTeamsManifest({ ...(manifest as object), id: 'audit-loop' });
    expect(issues).toContainEqual({ path: '/id', message: expect.stringContaining('must match pattern') });
  });

  test('building from a template that breaks the schema throws MANIFEST_SCHEMA_INVALID with each path and message', async () => {
    const template = writeTemplate('bad-colour.json', { accentColor: 'teal', id: 'not-a-guid' });
    const error = await expectPackageError(buildAppPackage({ env, templatePath: template }));
    expect(error.code).toBe('MANIFEST_SCHEMA_INVALID');
    expect(error.schemaIssues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['/accentColor', '/id']));
    expect(error.details).toContainEqual(expect.stringMatching(/^\/accentColor: must match pattern/));
  });

  test('missing variables are all named in one error', async () => {
    const error = await expectPackageError(Promise.resolve().then(() => parsePackageEnv({}, { appVersion: '1.0.0' })));
    expect(error.code).toBe('ENV_INVALID');
    expect(error.message).toContain('TEAMS_APP_ID, BOT_ID, BOT_DOMAIN');
    expect(error.details).toHaveLength(3);
  });

  test('MicrosoftAppId stands in for BOT_ID, and a BOT_DOMAIN with a scheme is refused', async () => {
    const { BOT_ID, ...rest } = env;
    const variables = parsePackageEnv({ ...rest, MicrosoftAppId: BOT_ID }, { appVersion: '1.0.0' });
    expect(variables.BOT_ID).toBe(BOT_ID);

    const error = await expectPackageError(
      Promise.resolve().then(() => parsePackageEnv({ ...env, BOT_DOMAIN: 'https://auditloop.example.org/' }, { appVersion: '1.0.0' })),
    );
    expect(error.details).toEqual([expect.stringMatching(/^BOT_DOMAIN must be a host name only/)]);
  });
});

describe('build-package command', () => {
  const cli = require.resolve('tsx/cli');
  const command = (args: string[]) =>
    run(process.execPath, [cli, 'manifest/build-package.ts', ...args], { cwd: repo, env: { ...process.env, ...env } });

  test('writes the zip named by --out and exits 0', async () => {
    const out = path.join(scratch, 'out', 'appPackage.zip');
    await command(['--out', out]);
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    expect(zip.file('manifest.json')).not.toBeNull();
  });

  test('exits non-zero and prints the schema errors when the manifest is invalid', async () => {
    const template = writeTemplate('bad-id.json', { id: 'audit-loop' });
    const failure: unknown = await command(['--template', template, '--out', path.join(scratch, 'never.zip')]).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('MANIFEST_SCHEMA_INVALID') });
    expect((failure as { stderr: string }).stderr).toMatch(/- \/id: must match pattern/);
    expect(fs.existsSync(path.join(scratch, 'never.zip'))).toBe(false);
  });
});

describe('icons', () => {
  test('the colour icon is 192×192', () => {
    const png = readPng('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
  });

  test('the outline icon is 32×32, partly transparent, and every pixel that shows is white', () => {
    const png = readPng('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    const notWhite: number[] = [];
    for (let i = 0; i < png.data.length; i += 4) {
      if (png.data[i + 3] === 0) transparent += 1;
      else if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) notWhite.push(i / 4);
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(transparent).toBeLessThan(32 * 32);
    expect(notWhite).toEqual([]);
  });

  test('the committed icons are what draw-icons draws', () => {
    expect(PNG.sync.read(drawColorIcon()).data.equals(readPng('color.png').data)).toBe(true);
    expect(PNG.sync.read(drawOutlineIcon()).data.equals(readPng('outline.png').data)).toBe(true);
  });
});
