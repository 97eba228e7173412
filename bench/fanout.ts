/**
 * `npm run bench -- fanout [--recipients N] [--latency-ms L] [--naive-sample S] [--instances I [--kill-at F] [--lease-seconds S]]`
 *
 * Month-start fan-out: N allocation cards through the real outbox, worker and throttled sender, with their shipped
 * defaults, to the Teams connector simulator (Teams' published limits, 2% injected 5xx, L ms for Teams to answer, so
 * the naive baseline is not flattered by loopback speed). The store is PGlite in a temporary data directory, as the bot
 * keeps by default (DATABASE_URL: a schema on that server instead).
 *
 * The bot runs in a child process (fanout-bot.ts) and peakRssMb is that process's high-water mark: the worker, the
 * sender, the store client and, with PGlite, the embedded database. The simulator and the seeding run here.
 * naiveRatio compares with a plain one-at-a-time `await` sender on S further messages in the same run.
 *
 * `--instances I` runs I bot processes against one PostgreSQL (DATABASE_URL), as a scaled-out deployment does: Teams'
 * 50 a second is theirs together, so ratioToCeiling is the combined rate, from the first start to the last finish.
 * requestRatioToCeiling is the rate of requests Teams answered (the injected 5xx included): the budget the bot used.
 * `--kill-at F` SIGKILLs the instance sending when a fraction F of the messages has arrived; another takes over, and the
 * rows the dead one held come back after their lease (`--lease-seconds`, default 10 with a kill, flagged possibly
 * repeated). peakRssMb is then the largest instance's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { processSharedStore, type ProcessSharedStore } from '../test/support/process-shared-store';
import { seedInstalledAuditors } from '../test/support/seed-installed-people';
import { loadProfile } from '../audit/programme-profiles';
import { ConnectorClient, StaticTokenProvider } from '../delivery/connector-client';
import { renderMessage } from '../delivery/render-message';
import { parseRetryAfter } from '../delivery/retry-policy';
import { personalConversationOf } from '../store/conversations-repo';
import type { Db } from '../store/db';
import { claimDue, markFailed, markSent } from '../store/outbox-repo';
import { startTeamsConnector, type FakeTeamsConnector } from '../test/fakes/teams-connector';
import { z } from 'zod';
import type { FanoutBotReport } from './fanout-bot';

const TENANT = 'tenant-bench';
const TOKEN = 'bench-token';
const PROFILE = 'southampton-qaf-2023';
const CEILING = 50;

const BotEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), at: z.number() }),
  z.object({ type: z.literal('sending'), at: z.number() }),
  z.object({
    type: z.literal('report'), startedAt: z.number(), finishedAt: z.number(), elapsedMs: z.number(), sent: z.number(),
    peakRssMb: z.number(), possiblyRepeated: z.number(),
  }),
]);

export class BenchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchError';
  }
}

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
  await db.query(`INSERT INTO cycles (month, programme_id) VALUES ('2026-09', $1) ON CONFLICT DO NOTHING`, [PROFILE]);
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
  const profile = loadProfile(PROFILE);
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

interface Bots {
  /** Every instance that finished (a killed one does not report). */
  reports: FanoutBotReport[];
  startedAt: number;
  killed: { atDelivered: number } | null;
}

/**
 * Runs `instances` bot processes until all `total` rows are settled; the same loader as this process (tsx or compiled).
 * fork passes on this process's node flags, and `npm run bench` starts with the ones `npm start` ships (its peak RSS
 * depends on them). With `killAt`, the instance that last said it was sending is SIGKILLed once that share has arrived.
 */
async function runBots(store: ProcessSharedStore, fake: FakeTeamsConnector, total: number, instances: number, killAt: number | null, leaseSeconds: number | null): Promise<Bots> {
  const entry = path.join(__dirname, `fanout-bot${path.extname(__filename)}`);
  const reports: FanoutBotReport[] = [];
  const starts: number[] = [];
  // Set from the children's messages: a holder, so the watcher below reads what the callbacks wrote.
  const seen: { sender: ChildProcess | null; killed: ChildProcess | null; atDelivered: number } = { sender: null, killed: null, atDelivered: 0 };
  const exits = Array.from({ length: instances }, () => {
    const child = fork(entry, [], {
      env: {
        ...process.env, ...store.childEnv, FANOUT_TOKEN: TOKEN, FANOUT_TOTAL: String(total), FANOUT_PROFILE: PROFILE,
        ...(leaseSeconds === null ? {} : { FANOUT_LEASE_SECONDS: String(leaseSeconds) }),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (raw) => {
      const m = BotEvent.parse(raw);
      if (m.type === 'started') starts.push(m.at);
      else if (m.type === 'sending') seen.sender = child;
      else reports.push(m);
    });
    return new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 || child === seen.killed ? resolve() : reject(new BenchError(`fanout bot exited with ${code}`))));
    });
  });
  let finished = false;
  const all = Promise.all(exits).finally(() => (finished = true));
  if (killAt !== null) {
    const watching = (async () => {
      const sending = (): ChildProcess | null => (fake.delivered().length >= killAt * total ? seen.sender : null);
      while (sending() === null && !finished) await new Promise((r) => setTimeout(r, 10));
      if (finished) return;
      const victim = sending() as ChildProcess; // non-null: delivered only grows and the sender is only ever replaced
      seen.atDelivered = fake.delivered().length;
      seen.killed = victim;
      victim.kill('SIGKILL');
    })();
    await Promise.race([watching, all]);
  }
  await all;
  return { reports, startedAt: Math.min(...starts), killed: seen.killed === null ? null : { atDelivered: seen.atDelivered } };
}

export async function fanout(args: string[]): Promise<Record<string, unknown>> {
  const recipients = option(args, 'recipients', 10_000);
  const latencyMs = option(args, 'latency-ms', 100);
  const naiveSample = option(args, 'naive-sample', 300);
  const instances = Math.floor(option(args, 'instances', 1));
  const killAt = args.includes('--kill-at') ? Math.min(0.99, option(args, 'kill-at', 0.5)) : null;
  const leaseSeconds = args.includes('--lease-seconds') || killAt !== null ? option(args, 'lease-seconds', 10) : null;
  const store = processSharedStore('bench');
  if ((instances > 1 && store.oneAtATime) || (killAt !== null && instances < 2)) {
    await store.cleanup();
    throw new BenchError(instances > 1 ? '--instances above 1 needs DATABASE_URL: embedded PGlite is one process\'s store' : '--kill-at needs --instances 2 or more');
  }
  let db: Db | null = await store.open();
  const fake = await startTeamsConnector({ token: TOKEN });
  try {
    await seed(db, fake, recipients, 'r');
    fake.injectFailureRate(0.02);
    fake.injectDelayAll(latencyMs);
    if (store.oneAtATime) {
      await db.close();
      db = null;
    }
    const before = fake.stats();
    const bots = await runBots(store, fake, recipients, instances, killAt, leaseSeconds);
    const after = fake.stats();
    db ??= await store.open();
    const elapsedMs = Math.max(...bots.reports.map((r) => r.finishedAt)) - bots.startedAt;
    const keys = new Set(fake.delivered().map((d) => d.messageKey));
    const delivered = keys.size;
    const duplicated = fake.duplicates().length;
    const throughput = delivered / (elapsedMs / 1_000);
    const throttled = after.throttled;
    // Every request Teams answered counts against the 50 a second, the injected 5xx too (a failed attempt's slot is
    // spent and its retry takes another), so the budget used is the requests' rate, and delivered ≈ requests × 0.98.
    const requests = after.requests - before.requests;
    const failedByTeams = Object.entries(after.byStatus).filter(([status]) => Number(status) >= 500)
      .reduce((n, [status, count]) => n + count - (before.byStatus[Number(status)] ?? 0), 0);

    // Baseline on a fresh sample, same simulator, same faults and latency.
    const client = new ConnectorClient({ tokens: new StaticTokenProvider(TOKEN), timeoutMs: 10_000 });
    await seed(db, fake, naiveSample, 'n');
    const naive = await naiveSend(db, fake, client, naiveSample);
    return {
      store: store.kind,
      instances,
      recipients,
      delivered,
      lost: recipients - delivered,
      duplicated,
      throughputPerSecond: Math.round(throughput * 10) / 10,
      ceilingPerSecond: CEILING,
      ratioToCeiling: Math.round((throughput / CEILING) * 1000) / 1000,
      requests,
      failedByTeams,
      requestRatioToCeiling: Math.round((requests / (elapsedMs / 1_000) / CEILING) * 1000) / 1000,
      naiveRatio: Math.round((throughput / naive) * 100) / 100,
      peakRssMb: Math.max(...bots.reports.map((r) => r.peakRssMb)),
      throttled,
      sentByInstance: bots.reports.map((r) => r.sent),
      possiblyRepeated: bots.reports.reduce((n, r) => n + r.possiblyRepeated, 0),
      ...(bots.killed === null ? {} : { killedSenderAtDelivered: bots.killed.atDelivered, leaseSeconds }),
    };
  } finally {
    await fake.close();
    await db?.close();
    await store.cleanup();
  }
}

export default fanout;
