/**
 * `npm run bench -- fanout [--recipients N] [--latency-ms L] [--naive-sample S]`
 *
 * Month-start fan-out: N allocation cards through the real outbox + worker + throttled sender to the Teams
 * connector simulator (Teams' published limits, 2% injected 5xx, L ms simulated service latency so the naive
 * baseline is not flattered by loopback speed), on an in-memory PGlite store (DATABASE_URL: that server instead).
 * naiveRatio compares with a plain one-at-a-time `await` sender on S further messages in the same run.
 * peakRssMb is the whole process: with PGlite that includes the embedded database (~770 MB of it), with
 * DATABASE_URL only the bot's own share — both figures are reported, neither hides the other.
 */
import { seedInstalledAuditors } from '../test/support/seed-installed-people';
import { loadProfile } from '../audit/programme-profiles';
import { ConnectorClient, StaticTokenProvider } from '../delivery/connector-client';
import { OutboxWorker } from '../delivery/outbox-worker';
import { renderMessage } from '../delivery/render-message';
import { parseRetryAfter } from '../delivery/retry-policy';
import { ThrottledSender } from '../delivery/throttled-sender';
import { personalConversationOf } from '../store/conversations-repo';
import type { Db } from '../store/db';
import { openStore } from '../store/open-store';
import { claimDue, markFailed, markSent, outboxCounts } from '../store/outbox-repo';
import { startTeamsConnector, type FakeTeamsConnector } from '../test/fakes/teams-connector';

const TENANT = 'tenant-bench';
const CEILING = 50;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i < 0 ? undefined : Number(args[i + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

async function seed(db: Db, fake: FakeTeamsConnector, n: number, prefix: string): Promise<void> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  await seedInstalledAuditors(db, fake, TENANT, ids);
  await db.query(
    `INSERT INTO cases (case_ref, service_area, team, cohort) SELECT 'CD' || id, 'CRS', 'Team A', 'CIN' FROM unnest($1::text[]) AS id`,
    [ids],
  );
  await db.query(`INSERT INTO cycles (month, programme_id) VALUES ('2026-09', 'southampton-qaf-2023') ON CONFLICT DO NOTHING`);
  await db.query(
    `INSERT INTO allocations (month, case_ref, auditor_id, kind, due_date) SELECT '2026-09', 'CD' || id, id, 'audit', '2026-09-28' FROM unnest($1::text[]) AS id`,
    [ids],
  );
  await db.query(
    `INSERT INTO outbox (key, channel, kind, recipient_id, payload)
     SELECT 'allocation-list:2026-09:' || id, 'teams', 'allocation-list', id, '{"month":"2026-09"}'::jsonb FROM unnest($1::text[]) AS id`,
    [ids],
  );
}

/** The baseline: one message at a time, awaiting each, honouring Retry-After and retrying 5xx a few times. */
async function naiveSend(db: Db, fake: FakeTeamsConnector, client: ConnectorClient, n: number): Promise<number> {
  const profile = loadProfile('southampton-qaf-2023');
  const rows = await claimDue(db, 'naive', n, 3_600, ['teams']);
  const started = Date.now();
  let delivered = 0;
  for (const row of rows) {
    const conversation = row.recipientId === null ? null : await personalConversationOf(db, row.recipientId);
    if (conversation === null) continue;
    const rendered = await renderMessage(row, { db, profile, now: new Date() });
    const activity = { ...rendered, channelData: { auditLoop: { messageKey: row.key } } };
    for (let attempt = 1; attempt <= 5; attempt++) {
      const result = await client.sendActivity(fake.serviceUrl, conversation.conversationId, activity);
      if (result.value !== null) {
        delivered += 1;
        await markSent(db, row.id, 'naive', result.value.id);
        break;
      }
      const http = result.http;
      const wait = http.kind === 'response' && http.status === 429 ? (parseRetryAfter(http.retryAfter, Date.now()) ?? 1_000) : 0;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (attempt === 5) await markFailed(db, row.id, 'naive', 'gave up');
    }
  }
  return delivered / ((Date.now() - started) / 1_000);
}

export async function fanout(args: string[]): Promise<Record<string, unknown>> {
  const recipients = option(args, 'recipients', 10_000);
  const latencyMs = option(args, 'latency-ms', 100);
  const naiveSample = option(args, 'naive-sample', 300);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const url = process.env['DATABASE_URL'];
  const db = await openStore(url ? { databaseUrl: url, dataDir: '', schema: `bench_${process.pid}` } : { dataDir: '', inMemory: true });
  const fake = await startTeamsConnector({ token: 'bench-token' });
  try {
    await seed(db, fake, recipients, 'r');
    fake.injectFailureRate(0.02);
    fake.injectDelayAll(latencyMs);
    const client = new ConnectorClient({ tokens: new StaticTokenProvider('bench-token'), timeoutMs: 10_000 });
    const sender = new ThrottledSender({ client, botId: '28:audit-loop-bot', concurrency: 24 });
    const worker = new OutboxWorker({
      db, id: 'bench-worker', sender, profile: loadProfile('southampton-qaf-2023'), batchSize: 250, batchesInFlight: 3, idleMs: 50,
    });
    const started = Date.now();
    worker.start();
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const c = await outboxCounts(db);
      if (c.sent + c.failed >= recipients) break;
    }
    const elapsed = (Date.now() - started) / 1_000;
    await worker.stop();
    const keys = new Set(fake.delivered().map((d) => d.messageKey));
    const delivered = keys.size;
    const duplicated = fake.duplicates().length;
    const throughput = delivered / elapsed;

    // Baseline on a fresh sample, same simulator, same faults and latency.
    await seed(db, fake, naiveSample, 'n');
    const naive = await naiveSend(db, fake, client, naiveSample);
    clearInterval(sampler);
    return {
      store: url ? 'postgresql' : 'pglite-in-memory',
      recipients,
      delivered,
      lost: recipients - delivered,
      duplicated,
      throughputPerSecond: Math.round(throughput * 10) / 10,
      ceilingPerSecond: CEILING,
      ratioToCeiling: Math.round((throughput / CEILING) * 1000) / 1000,
      naiveRatio: Math.round((throughput / naive) * 100) / 100,
      peakRssMb: Math.round(peakRss / 1_048_576),
    };
  } finally {
    clearInterval(sampler);
    await fake.close();
    if (url) await db.query(`DROP SCHEMA IF EXISTS bench_${process.pid} CASCADE`).catch(() => undefined);
    await db.close();
  }
}

export default fanout;
