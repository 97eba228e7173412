/**
 * The admin CLI as a council's QA officer runs it: `npx --no-install audit-loop …` in the project folder, through npm's
 * bin link, against the compiled build, with a store of its own (a temp data dir, or a fresh schema on the server).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { tempDir } from './fixtures';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '../..');
const server = process.env['DATABASE_URL'] ?? '';

export interface CliResult { code: number; out: string; err: string }
export type Npx = (...args: string[]) => Promise<CliResult>;

export interface CliHarness {
  /** Runs `npx --no-install audit-loop ARGS` against this harness's store. */
  npx: Npx;
  /** The same with extra environment (Graph settings pointed at a fake, say). */
  withEnv: (extra: Record<string, string>) => Npx;
  /** The harness's own settings, for a test that starts something else against the same store. */
  env: NodeJS.ProcessEnv;
  done: () => Promise<void>;
}

const BUILT_FOLDERS = ['audit', 'store', 'cli', 'bot', 'cards', 'scheduler', 'graph', 'manifest', 'tab', 'delivery', 'server', 'config', 'report', 'imports', 'programme', 'http'];

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(full));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  try {
    const built = statSync(path.join(ROOT, 'dist/cli/main.js')).mtimeMs;
    return BUILT_FOLDERS.every((f) => newestSourceMs(path.join(ROOT, f)) <= built);
  } catch {
    return false;
  }
}

/**
 * Compiles the build the bin runs when a source is newer than it, so what a test runs is the source under test. Test
 * files run in parallel workers: one builds under a lock folder while the others wait, then find the build current.
 * Call it in a beforeAll.
 */
export async function buildForCli(): Promise<void> {
  const lock = path.join(ROOT, 'dist.build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a test run that was killed mid-build is older than any build takes.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 300_000) rmdirSync(lock);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!buildIsCurrent()) await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
  } finally {
    rmdirSync(lock);
  }
}

export async function cliHarness(programme = 'southampton-qaf-2023'): Promise<CliHarness> {
  const dataDir = tempDir();
  let url = '';
  let schema = '';
  if (server !== '') {
    schema = `cli_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const c = new Client({ connectionString: server });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    url = `${server}${server.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  // Graph and report settings of the developer's shell must not reach the CLI under test.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GRAPH_|FORMS_|AUDIT_LOOP_COUNCIL_NAME$)/.test(k)));
  Object.assign(env, { DATABASE_URL: url, AUDIT_LOOP_DATA_DIR: dataDir, AUDIT_LOOP_PROGRAMME: programme });
  const withEnv = (extra: Record<string, string>): Npx => async (...args) => {
    try {
      const r = await run('npx', ['--no-install', 'audit-loop', ...args], { cwd: ROOT, env: { ...env, ...extra }, encoding: 'utf8', timeout: 90_000 });
      return { code: 0, out: r.stdout.trimEnd(), err: r.stderr.trimEnd() };
    } catch (e) {
      const f = e as { code?: number | string; stdout?: string; stderr?: string };
      if (typeof f.code !== 'number') throw e;
      return { code: f.code, out: (f.stdout ?? '').trimEnd(), err: (f.stderr ?? '').trimEnd() };
    }
  };
  return {
    npx: withEnv({}),
    withEnv,
    env,
    done: async () => {
      if (schema === '') return;
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
