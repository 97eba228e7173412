/**
 * Teams' 50 requests a second is per app per tenant, across every instance: two workers draining one outbox must
 * stay under it together, not each. Only the holder of the store's sender lease sends; when it stops (or loses its
 * connection) the other takes over, and nothing is lost or sent twice. The fake runs on a thread of its own so its
 * arrival stamps (which the window counts use) do not depend on the workers' event loop.
 */
import { ConnectorClient, StaticTokenProvider } from '../../delivery/connector-client';
import type { OutboxWorker } from '../../delivery/outbox-worker';
import type { RateLimits } from '../../delivery/rate-limiter';
import { senderLimiter, ThrottledSender } from '../../delivery/throttled-sender';
import type { Db } from '../../store/db';
import { listOutbox, outboxCounts } from '../../store/outbox-repo';
import { openSenderLease, senderLockHolderPid } from '../../store/sender-lease';
import { startTeamsConnectorInThread, type ThreadedTeamsConnector } from '../fakes/teams-connector-thread';
import { onServer, openTestStore, resetStore, type TestStore } from '../support/test-store';
import { TENANT, TOKEN, workerFor } from './outbox-harness';

/** Teams' own windows (the 30 s and 1 h ones never fill in a test this size). */
const LIMITS: RateLimits = {
  perConversation: [{ windowMs: 1_000, max: 7 }, { windowMs: 2_000, max: 8 }],
  perTenant: [{ windowMs: 1_000, max: 50 }],
};
const PEOPLE = 100;
const MESSAGES = 200;

jest.setTimeout(60_000);

let store: TestStore;
let db: Db;
let fake: ThreadedTeamsConnector;
const running: OutboxWorker[] = [];

beforeAll(async () => {
  store = await openTestStore();
  db = store.db;
});
afterAll(async () => {
  await store.cleanup();
});
beforeEach(async () => {
  await resetStore(db);
  fake = await startTeamsConnectorInThread({ token: TOKEN, limits: LIMITS });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop(5_000)));
  await fake.close();
});

/** Each instance has its own limiter allowing the whole budget, as each bot process has. */
function instanceSender(): ThrottledSender {
  return new ThrottledSender({
    client: new ConnectorClient({ tokens: new StaticTokenProvider(TOKEN), timeoutMs: 5_000 }),
    botId: '28:audit-loop-bot',
    // 50 ms rather than the shipped 20: this runs beside other test files on two cores (see throttled-sender.test.ts).
    limiter: senderLimiter(50, LIMITS),
    retry: { baseMs: 5, capMs: 50, maxAttempts: 6 },
    concurrency: 8,
  });
}

/** PEOPLE auditors installed in the threaded fake, MESSAGES QA notices spread over them. */
async function seed(): Promise<void> {
  const ids = Array.from({ length: PEOPLE }, (_, i) => `p${i}`);
  const conversations: string[] = [];
  for (const id of ids) conversations.push(await fake.addConversation({ tenantId: TENANT, userId: `29:${id}` }));
  await db.query(
    `INSERT INTO people (id, name, email, team, service_area, roles)
     SELECT id, 'Auditor ' || id, id || '@council.example', 'Team A', 'CRS', '{auditor}' FROM unnest($1::text[]) AS id`,
    [ids],
  );
  await db.query(
    `INSERT INTO conversation_refs (conversation_id, kind, tenant_id, service_url, person_id, reference)
     SELECT c, 'personal', $3, $4, p, '{}'::jsonb FROM unnest($1::text[], $2::text[]) AS t(p, c)`,
    [ids, conversations, TENANT, fake.serviceUrl],
  );
  await db.query(
    `INSERT INTO outbox (key, channel, kind, recipient_id, payload)
     SELECT 'budget:' || n, 'teams', 'qa-notice', 'p' || (n % $1), jsonb_build_object('reason', 'notice ' || n, 'caseRef', 'CD490010')
     FROM generate_series(0, $2 - 1) AS n`,
    [PEOPLE, MESSAGES],
  );
}

/** Waits for a condition of the run (never for a length of time); the suite's timeout bounds it. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

/** The first instance and the one that will take over; the first, once handed over, may stand by for `firstRetryMs`. */
function twoInstances(opts: { firstRetryMs?: number; checkEveryMs?: number } = {}): [OutboxWorker, OutboxWorker] {
  const make = (id: string, standbyRetryMs: number): OutboxWorker =>
    workerFor(db, id, instanceSender(), {
      batchSize: 20, standbyRetryMs, ...(opts.checkEveryMs === undefined ? {} : { senderLease: openSenderLease(db, { checkEveryMs: opts.checkEveryMs }) }),
    });
  const pair: [OutboxWorker, OutboxWorker] = [make('instance-a', opts.firstRetryMs ?? 50), make('instance-b', 50)];
  running.push(...pair);
  return pair;
}

/** Hands over mid-run with `handOver`, then checks the run as a whole against the fake's own accounting. */
async function runWithHandover([sender, standby]: [OutboxWorker, OutboxWorker], handOver: (sender: OutboxWorker) => Promise<void>): Promise<void> {
  sender.start();
  await until(async () => sender.sending);
  standby.start();
  await until(async () => (await fake.stats()).delivered >= MESSAGES / 3);
  expect(sender.sending).toBe(true);
  expect(standby.sending).toBe(false);
  expect(standby.counts.claimed).toBe(0); // the standby never claimed a row, let alone sent one

  await handOver(sender);
  await until(async () => (await outboxCounts(db)).sent === MESSAGES);

  expect(await fake.duplicates()).toEqual([]);
  const delivered = await fake.delivered();
  expect(new Set(delivered.map((d) => d.messageKey)).size).toBe(MESSAGES);
  expect((await listOutbox(db)).filter((r) => r.status !== 'sent')).toEqual([]);
  expect(standby.counts.sent).toBeGreaterThan(0);
  expect(sender.counts.sent + standby.counts.sent).toBe(MESSAGES);
  // Together, not each, within the limits: no window at the fake ever held more than its limit, and nothing was throttled.
  expect((await fake.stats()).throttled).toBe(0);
  const oneSecond = await fake.busiestWindow(1_000);
  expect(oneSecond.tenant).toBeLessThanOrEqual(50);
  expect(oneSecond.conversation).toBeLessThanOrEqual(7);
  expect((await fake.busiestWindow(2_000)).conversation).toBeLessThanOrEqual(8);
}

test('one lease per store: a second holder waits until the first lets go', async () => {
  const first = openSenderLease(db);
  const second = openSenderLease(db);
  expect(await first.tryAcquire()).toBe(true);
  expect(await second.tryAcquire()).toBe(false);
  expect(await first.check()).toBe(true);
  await first.release();
  expect(await second.tryAcquire()).toBe(true);
  expect(await first.tryAcquire()).toBe(false);
  await second.release();
});

test('two instances send at one budget between them; when the sender stops, the other finishes the run', async () => {
  await seed();
  await runWithHandover(twoInstances(), (sender) => sender.stop(5_000));
});

(onServer() ? test : test.skip)('a sender whose lock connection dies stops sending and the other finishes the run', async () => {
  await seed();
  // The first stands by for a minute once it has lost the lock, so the takeover is the other's.
  await runWithHandover(twoInstances({ firstRetryMs: 60_000, checkEveryMs: 50 }), async (sender) => {
    const pid = await senderLockHolderPid(db);
    expect(pid).not.toBeNull();
    // As PostgreSQL sees a crashed instance: its session ends and the lock with it.
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    await until(async () => !sender.sending);
  });
});
