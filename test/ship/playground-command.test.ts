import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('npm run playground, as the README tells a newcomer to run it', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'audit-loop-playground-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo council, serves the bot and the Playground, prints where to go, and stops on Ctrl-C', async () => {
    const [botPort, playgroundPort] = [await freePort(), await freePort()];
    child = spawn('npm', ['run', 'playground'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(botPort), PLAYGROUND_PORT: String(playgroundPort), AUDIT_LOOP_DATA_DIR: dataDir, DATABASE_URL: '' },
      detached: true, // its own process group, so the whole tree stops with it
      stdio: 'pipe',
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const end = Date.now() + 90_000;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`the playground did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(output).toContain(`Open http://localhost:${playgroundPort}`);
    expect(output).toContain('my audits');
    expect((await fetch(`http://127.0.0.1:${botPort}/readyz`)).ok).toBe(true);
    expect((await fetch(`http://127.0.0.1:${playgroundPort}/`)).status).toBe(200);

    const exited = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    process.kill(-(child.pid as number), 'SIGINT');
    await exited;
    await expect(fetch(`http://127.0.0.1:${botPort}/healthz`)).rejects.toThrow();
    child = undefined;
  }, 180_000);
});
