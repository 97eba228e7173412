import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs `npm start`'s entry point from source with exactly this environment; resolves with its exit code and output. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // A start that did not refuse would listen forever: stop it, and the code (null) fails the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm start refuses to run unauthenticated by accident', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'audit-loop-main-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const base = { AUDIT_LOOP_DATA_DIR: dataDir, PORT: '1', LOG_LEVEL: 'silent' };

  it('in production without MicrosoftAppId it exits 1 and says what to set and where to read about it', async () => {
    const { code, output } = await runMain({ ...base, NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(output).toContain('MicrosoftAppId is not set');
    expect(output).toContain('docs/deploy.md');
    expect(output).toContain('AUDIT_LOOP_LOCAL_MODE=anonymous');
  }, 40_000);

  it('in production AUDIT_LOOP_LOCAL_MODE=anonymous is refused too', async () => {
    const { code, output } = await runMain({ ...base, NODE_ENV: 'production', AUDIT_LOOP_LOCAL_MODE: 'anonymous' });
    expect(code).toBe(1);
    expect(output).toContain('AUDIT_LOOP_LOCAL_MODE=anonymous is refused when NODE_ENV=production');
  }, 40_000);
});
