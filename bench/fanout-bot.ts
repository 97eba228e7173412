/**
 * The bot's side of the fan-out benchmark, in a process of its own so that its peak RSS is the bot's alone: the Teams
 * simulator and the seeding stay in the parent. It runs the shipped outbox worker and throttled sender with their
 * default settings, as server/background-work.ts does, until every row is settled, then reports over IPC.
 *
 * Env: STORE_LOCATION (set by processSharedStore; a PGlite dir the parent has closed), FANOUT_TOKEN, FANOUT_TOTAL
 * (rows to wait for), FANOUT_PROFILE, and FANOUT_LEASE_SECONDS (the rows' lease; the shipped default when unset).
 * Several of these processes may run against one PostgreSQL (`--instances`): each tells the parent when it starts
 * and when it becomes the sender, so the parent can kill the sender mid-run.
 */
import { loadProfile } from '../audit/programme-profiles';
import { ConnectorClient, StaticTokenProvider } from '../delivery/connector-client';
import { OutboxWorker } from '../delivery/outbox-worker';
import { ThrottledSender } from '../delivery/throttled-sender';
import { openStore } from '../store/open-store';
import { outboxCounts } from '../store/outbox-repo';
import { peakRssMb } from '../test/support/peak-rss';
import { storeLocationFromEnv } from '../test/support/process-shared-store';

export interface FanoutBotReport {
  type: 'report';
  /** Epoch ms: when its worker started, and when it saw every row settled. */
  startedAt: number;
  finishedAt: number;
  elapsedMs: number;
  /** Messages this instance delivered. */
  sent: number;
  /** The kernel's high-water mark of this process's resident memory (VmHWM), in MB. */
  peakRssMb: number;
  possiblyRepeated: number;
}

export type FanoutBotEvent = { type: 'started' | 'sending'; at: number } | FanoutBotReport;

async function main(): Promise<void> {
  let sampled = process.memoryUsage.rss();
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 50);
  sampler.unref();
  const env = process.env;
  const db = await openStore(storeLocationFromEnv());
  const total = Number(env['FANOUT_TOTAL'] ?? '0');
  const sender = new ThrottledSender({
    client: new ConnectorClient({ tokens: new StaticTokenProvider(env['FANOUT_TOKEN'] ?? '') }),
    botId: '28:audit-loop-bot',
  });
  const leaseSeconds = Number(env['FANOUT_LEASE_SECONDS'] ?? '');
  const worker = new OutboxWorker({
    db, id: `bench-bot:${process.pid}`, sender, profile: loadProfile(env['FANOUT_PROFILE'] ?? ''),
    ...(Number.isFinite(leaseSeconds) && leaseSeconds > 0 ? { leaseSeconds } : {}),
  });
  const started = Date.now();
  worker.start();
  process.send?.({ type: 'started', at: started } satisfies FanoutBotEvent);
  let sending = false;
  // The benchmark's own check for the end, not part of the bot: a light count a few times a second.
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (worker.sending && !sending) process.send?.({ type: 'sending', at: Date.now() } satisfies FanoutBotEvent);
    sending = worker.sending;
    const c = await outboxCounts(db);
    if (c.sent + c.failed >= total) break;
  }
  const finishedAt = Date.now();
  const elapsedMs = finishedAt - started;
  await worker.stop();
  await db.close();
  const report: FanoutBotReport = {
    type: 'report',
    startedAt: started,
    finishedAt,
    elapsedMs,
    sent: worker.counts.sent,
    peakRssMb: peakRssMb(sampled),
    possiblyRepeated: worker.counts.possiblyRepeated,
  };
  process.send?.(report);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`fanout-bot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
