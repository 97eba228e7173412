/**
 * An outbox worker in a process of its own, for the crash test: `tsx test/delivery/outbox-child.ts`.
 * Env: STORE_LOCATION (set by processSharedStore), OUTBOX_WORKER_ID, OUTBOX_LEASE_SECONDS, OUTBOX_TOKEN, and OUTBOX_EXIT_WHEN_DRAINED=1 to stop
 * gracefully once nothing is left unsent. Prints `ready` once the worker runs and `drained` before a drained exit.
 */
import { ConnectorClient, StaticTokenProvider } from '../../delivery/connector-client';
import { OutboxWorker } from '../../delivery/outbox-worker';
import { RateLimiter } from '../../delivery/rate-limiter';
import { ThrottledSender } from '../../delivery/throttled-sender';
import { openStore } from '../../store/open-store';
import { storeLocationFromEnv } from '../support/process-shared-store';
import { outboxCounts } from '../../store/outbox-repo';
import { CRASH_TEST_CONCURRENCY, CRASH_TEST_LIMITS, southampton } from './outbox-harness';

async function main(): Promise<void> {
  const env = process.env;
  const db = await openStore(storeLocationFromEnv());
  const sender = new ThrottledSender({
    client: new ConnectorClient({ tokens: new StaticTokenProvider(env['OUTBOX_TOKEN'] ?? ''), timeoutMs: 5_000 }),
    botId: '28:audit-loop-bot',
    limiter: new RateLimiter({ limits: CRASH_TEST_LIMITS }),
    retry: { baseMs: 5, capMs: 50, maxAttempts: 6 },
    concurrency: CRASH_TEST_CONCURRENCY,
  });
  const worker = new OutboxWorker({
    db, id: env['OUTBOX_WORKER_ID'] ?? `child-${process.pid}`, sender, profile: southampton(),
    batchSize: 100, idleMs: 50, leaseSeconds: Number(env['OUTBOX_LEASE_SECONDS'] ?? '300'),
  });
  worker.start();
  process.stdout.write('ready\n');
  const finish = async (): Promise<void> => {
    await worker.stop(5_000);
    await db.close();
  };
  process.once('SIGTERM', () => void finish().then(() => process.exit(0)));
  if (env['OUTBOX_EXIT_WHEN_DRAINED'] !== '1') return;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const c = await outboxCounts(db);
    if (c.queued + c.retrying + c.sending === 0) break;
  }
  process.stdout.write('drained\n');
  await finish();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`outbox-child: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
