/**
 * `npm run playground`: the real bot, seeded with the demo council, in Microsoft 365 Agents Playground on this
 * machine. No Teams tenant and no Azure bot registration: the server runs in local anonymous mode (asked for here
 * explicitly, as AUDIT_LOOP_LOCAL_MODE=anonymous asks the bot) and the Playground's user acts as the demo auditor.
 */
import path from 'node:path';
import { createLogger } from '../server/logger';
import { londonDateOf } from '../audit/london-time';
import { DEFAULT_PROFILE_ID, loadProfile } from '../audit/programme-profiles';
import { resolveAuthMode } from '../server/auth-mode';
import { createServer, listen } from '../server/create-server';
import { openStore } from '../store/open-store';
import { startPlayground } from '../test/e2e/playground';
import { DEMO_AUDITOR, seedDemo } from './demo-council';

/** Where the Playground's web page is served (PLAYGROUND_PORT to change it). */
const PLAYGROUND_PORT = Number(process.env['PLAYGROUND_PORT'] || 56150);

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env['AUDIT_LOOP_DATA_DIR'] || './data-playground');
  const port = Number(process.env['PORT'] || 3978);
  const logger = createLogger(process.env['LOG_LEVEL'] || 'warn');
  const profile = loadProfile(process.env['AUDIT_LOOP_PROGRAMME'] || DEFAULT_PROFILE_ID);
  const db = await openStore({ dataDir });
  const month = londonDateOf(new Date(), profile.timeZone).slice(0, 7);
  await seedDemo(db, profile, month);

  // Anonymous on purpose, and refused like the bot's own when NODE_ENV=production.
  const mode = resolveAuthMode({ NODE_ENV: process.env['NODE_ENV'], AUDIT_LOOP_LOCAL_MODE: 'anonymous', AUDIT_LOOP_DEV_USER: DEMO_AUDITOR });
  const server = await listen(createServer({
    db, profile, clock: { now: () => new Date() }, logger, mode,
  }), port);
  const playground = await startPlayground({
    botEndpoint: `http://127.0.0.1:${server.port}/api/messages`,
    port: PLAYGROUND_PORT,
    startTimeoutMs: 60000,
  });

  process.stdout.write([
    '',
    `Audit Loop is running on http://localhost:${server.port} (demo council, programme ${profile.id}, month ${month}).`,
    `Data: ${dataDir}`,
    '',
    `  1. Open ${playground.url} in a browser (Microsoft 365 Agents Playground).`,
    '  2. Type `my audits` in the Personal Chat, press "Record audit" and fill in the form.',
    '  Type `help` to see every command. You act as the demo auditor Morgan Manager.',
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping…\n');
    void playground.stop()
      .then(() => server.close())
      .then(() => db.close())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`The Playground demo could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
