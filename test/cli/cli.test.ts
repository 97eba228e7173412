import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { runCli } from '../../cli/main';
import { casesCsv, peopleCsv, smallCouncil, tempDir, writeFile } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const server = process.env['DATABASE_URL'] ?? '';

/** Runs the CLI in-process against a store of its own: a temp data dir, or a fresh schema on the server. */
async function cliHarness(): Promise<{ run: (...args: string[]) => Promise<{ code: number; out: string; err: string }>; env: NodeJS.ProcessEnv; done: () => Promise<void> }> {
  const dataDir = tempDir();
  let url = '';
  let schema = '';
  if (server !== '') {
    schema = `cli_${process.pid}_${Date.now()}`;
    const c = new Client({ connectionString: server });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    url = `${server}${server.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  const env = { ...process.env, DATABASE_URL: url, AUDIT_LOOP_DATA_DIR: dataDir, AUDIT_LOOP_PROGRAMME: 'southampton-qaf-2023' };
  return {
    env,
    run: async (...args) => {
      const out: string[] = [];
      const err: string[] = [];
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), now: () => new Date('2026-11-23T10:00:00Z') });
        return { code, out: out.join('\n'), err: err.join('\n') };
      } finally {
        process.env = saved;
      }
    },
    done: async () => {
      if (schema !== '') {
        const c = new Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      }
    },
  };
}

describe('the admin CLI', () => {
  const { people, cases } = smallCouncil();
  const files = tempDir();

  it('imports, allocates reproducibly by seed and reports status, keeping data between runs', async () => {
    const cli = await cliHarness();
    try {
      expect(await cli.run('import', 'people', writeFile(files, 'people.csv', peopleCsv(people)))).toMatchObject({ code: 0, out: `Imported ${people.length} people from ${files}/people.csv.` });
      expect((await cli.run('import', 'cases', writeFile(files, 'cases.csv', casesCsv(cases)))).code).toBe(0);
      const dry = await cli.run('allocate', '--month', '2026-12', '--seed', '99', '--dry-run');
      const real = await cli.run('allocate', '--month', '2026-12', '--seed', '99');
      expect(real.code).toBe(0);
      expect(real.out.split('\n').slice(1)).toEqual(dry.out.split('\n').slice(1));
      expect(real.out).toContain('due 2026-12-24');
      const status = await cli.run('status', '--month', '2026-12');
      expect(status.out).toMatch(/^2026-12: \d+ allocation\(s\) — 0 returned/);
      const again = await cli.run('allocate', '--month', '2026-12', '--seed', '5');
      expect(again).toMatchObject({ code: 1 });
      expect(again.err).toContain('already has');
    } finally {
      await cli.done();
    }
  });

  it('refuses a bad file with exit code 1, every problem listed and no stack trace', async () => {
    const cli = await cliHarness();
    try {
      const r = await cli.run('import', 'people', writeFile(files, 'bad.csv', 'id,name,email,team,service_area,manager_id,roles\nx,X,nope,T,CRS,,auditor\n'));
      expect(r.code).toBe(1);
      expect(r.err).toContain("line 2, column email: 'nope' is not an e-mail address");
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      await cli.done();
    }
  });

  it('rejects a malformed month as a usage error (exit 2)', async () => {
    const cli = await cliHarness();
    try {
      const r = await cli.run('status', '--month', 'November');
      expect(r.code).toBe(2);
      expect(r.err).toContain('expected a month as YYYY-MM');
    } finally {
      await cli.done();
    }
  });

  it('runs as `audit-loop` from the shell and shows the programme in force', async () => {
    const cli = await cliHarness();
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'cli/main.ts'), 'programme', 'show'], { env: cli.env, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ id: 'southampton-qaf-2023', allocationDay: 3, dueDay: 28 });
    } finally {
      await cli.done();
    }
  });
});
