/**
 * `npm run bench -- <name> [options]`: each benchmark prints one JSON line with its figures, measured in one run.
 * Benchmarks register themselves in BENCHMARKS.
 */
import { dashboard } from './dashboard';
import { fanout } from './fanout';
import { run as formsBench } from './forms';
import { run as invokeBench } from './invoke';
import { run as reportDocxBench } from './report-docx';

type Bench = (args: string[]) => Promise<Record<string, unknown>>;

const BENCHMARKS: Record<string, () => Promise<Bench>> = {
  forms: async () => formsBench,
  fanout: async () => fanout,
  dashboard: async () => dashboard,
  'report-docx': async () => reportDocxBench,
  invoke: async () => invokeBench,
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const load = name === undefined ? undefined : BENCHMARKS[name];
  if (load === undefined) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [options]\n`);
    process.exitCode = 2;
    return;
  }
  const run = await load();
  process.stdout.write(`${JSON.stringify(await run(args))}\n`);
}

void main();
