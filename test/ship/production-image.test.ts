/**
 * No container engine runs on this machine, so the image cannot be built here. This test walks the Dockerfile's own
 * steps instead: the build stage's `npm run build` on the build context (.dockerignore applied), the runtime stage's
 * `npm ci --omit=dev --ignore-scripts` on what the build stage copies out, then the image's CMD and HEALTHCHECK.
 * A runtime import of a dev dependency, a file the image lacks or a start that fails shows up here.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execForm } from '../support/dockerfile';

const ROOT = path.resolve(__dirname, '../..');
const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error('not ready in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the production image, step by step as the Dockerfile builds it', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'audit-loop-image-'));
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('builds, installs only production dependencies, refuses to start without MicrosoftAppId, starts with CMD, passes HEALTHCHECK and stops cleanly on SIGTERM', async () => {
    // Build stage: the build context without what .dockerignore leaves out (dependencies as `npm ci` installed them).
    const context = path.join(work, 'context');
    const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f !== '');
    for (const file of tracked) {
      const top = file.split('/')[0] ?? file;
      if (ignored.some((pattern) => pattern === top || pattern === file) || !existsSync(path.join(ROOT, file))) continue;
      mkdirSync(path.dirname(path.join(context, file)), { recursive: true });
      cpSync(path.join(ROOT, file), path.join(context, file));
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(context, 'node_modules'), 'dir');
    execFileSync('npm', ['run', 'build'], { cwd: context, stdio: 'pipe' });

    // Runtime stage: what the build stage copies out, then production dependencies only.
    const app = path.join(work, 'app');
    for (const part of ['dist', 'bin', 'package.json', 'package-lock.json']) cpSync(path.join(context, part), path.join(app, part), { recursive: true });
    cpSync(path.join(context, 'tab/public'), path.join(app, 'tab/public'), { recursive: true });
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: app, stdio: 'pipe' });
    expect(existsSync(path.join(app, 'node_modules/typescript'))).toBe(false);

    const port = await freePort();
    const [command, ...args] = execForm(/^CMD (\[.*\])$/m);
    // The image's NODE_ENV=production with the bot's secrets missing: it must stop, not serve unauthenticated.
    const unconfigured = { ...process.env, NODE_ENV: 'production', PORT: String(port), AUDIT_LOOP_DATA_DIR: path.join(work, 'data'), DATABASE_URL: '', LOG_LEVEL: 'warn', MicrosoftAppId: '', AUDIT_LOOP_LOCAL_MODE: '' };
    const refused = spawnSync(command as string, args, { cwd: app, env: unconfigured, encoding: 'utf8', timeout: 60_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('MicrosoftAppId is not set');

    // Configured as a deployment is (the registration's values; nothing is called with them before a message comes).
    const env = { ...unconfigured, MicrosoftAppId: '0a1b2c3d-0000-4000-8000-000000000001', MicrosoftAppPassword: 'not-a-secret', MicrosoftAppTenantId: '11111111-2222-4333-8444-555555555555', MicrosoftAppType: 'SingleTenant' };
    server = spawn(command as string, args, { cwd: app, env, stdio: 'pipe' });
    let output = '';
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 60_000).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; server said:\n${output}`);
    });
    expect((await fetch(`http://127.0.0.1:${port}/tab/index.html`)).status).toBe(200);
    // An unsigned token is refused offline: 401 in our words, not a 500 carrying a DNS failure.
    const unsigned = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${Buffer.from('{"alg":"none","kid":"k"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.` },
      body: JSON.stringify({ type: 'message' }),
    });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: expect.stringMatching(/^The Bearer token/) });

    // The HEALTHCHECK's command sits on the line after its options.
    const [hcCommand, ...hcArgs] = execForm(/HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])$/m);
    execFileSync(hcCommand === 'node' ? process.execPath : (hcCommand as string), hcArgs, { env, stdio: 'pipe' });

    const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    server = undefined;
  }, 300_000); // a compile and a production install: minutes on a busy 2-core machine
});
