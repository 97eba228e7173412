/**
 * Creating a PostgreSQL database inside PGlite (initdb) takes ~700 MB, and WebAssembly never hands that memory back
 * while its instance lives: a bot that created its store in its own process stayed at that size until restarted.
 * The memory check runs on Linux only: the peak comes from the kernel's VmHWM.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { MIGRATIONS } from '../../store/migrations';
import { openStore } from '../../store/open-store';

const ROOT = path.resolve(__dirname, '../..');
const Report = z.object({ migrations: z.number(), peakRssMb: z.number() });
const linux = existsSync('/proc/self/status') ? describe : describe.skip;

const work = mkdtempSync(path.join(tmpdir(), 'audit-loop-new-store-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

linux('a new embedded store', () => {
  it("is created outside the bot's process, which opens it ready to use and never holds initdb's ~700 MB", () => {
    const loader = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const dataDir = path.join(work, 'data');
    const out = execFileSync(process.execPath, ['--import', loader, path.join(__dirname, 'open-new-store-child.ts'), dataDir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const report = Report.parse(JSON.parse(out));
    expect(report.migrations).toBe(MIGRATIONS.length);
    expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    // An existing store opens in ~130–230 MB here (the TypeScript loader included); creating it in-process peaked at 676+.
    expect(report.peakRssMb).toBeLessThan(400);
  }, 120_000);
});

describe('a new embedded store', () => {
  it('that cannot be created says where and why, and leaves no lock behind', async () => {
    const dataDir = path.join(work, 'blocked');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'pg'), 'not a directory');
    await expect(openStore({ dataDir })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(/^Cannot open the embedded store in .*blocked: creating the database in .*pg failed: .+/),
    });
    expect(existsSync(path.join(dataDir, 'audit-loop.lock'))).toBe(false);
  });
});
