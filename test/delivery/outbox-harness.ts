/** Shared set-up for outbox and scheduler tests: a council in the store, each person installed in the simulator. */
import type { Person } from '../../audit/people';
import { loadProfile } from '../../audit/programme-profiles';
import { ConnectorClient, StaticTokenProvider } from '../../delivery/connector-client';
import { OutboxWorker, type OutboxWorkerOptions } from '../../delivery/outbox-worker';
import { RateLimiter, type RateLimits } from '../../delivery/rate-limiter';
import { ThrottledSender } from '../../delivery/throttled-sender';
import { upsertCases } from '../../store/cases-repo';
import { saveConversationRef } from '../../store/conversations-repo';
import type { Db } from '../../store/db';
import { upsertPeople } from '../../store/people-repo';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { smallCouncil } from '../support/fixtures';

export const TENANT = 'tenant-council';
export const TOKEN = 'fake-bot-token';

/** Teams' windows shrunk ten-fold so tests send hundreds of messages in well under a second. */
export const FAST_LIMITS: RateLimits = {
  perConversation: [
    { windowMs: 100, max: 7 },
    { windowMs: 200, max: 8 },
    { windowMs: 3_000, max: 60 },
    { windowMs: 360_000, max: 1_800 },
  ],
  perTenant: [{ windowMs: 100, max: 50 }],
};

export const southampton = () => loadProfile('southampton-qaf-2023');

export function fastSender(limits: RateLimits = FAST_LIMITS): ThrottledSender {
  return new ThrottledSender({
    client: new ConnectorClient({ tokens: new StaticTokenProvider(TOKEN), timeoutMs: 2_000 }),
    botId: '28:audit-loop-bot',
    limiter: new RateLimiter({ limits }),
    retry: { baseMs: 5, capMs: 50, maxAttempts: 6 },
    concurrency: 8,
  });
}

export function workerFor(db: Db, id: string, sender: ThrottledSender, extra: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
  return new OutboxWorker({ db, id, sender, profile: southampton(), batchSize: 50, idleMs: 20, ...extra });
}

export async function installPerson(db: Db, fake: FakeTeamsConnector, personId: string): Promise<string> {
  const conversationId = fake.addConversation({ tenantId: TENANT, userId: `29:${personId}` });
  await saveConversationRef(db, {
    conversationId, kind: 'personal', tenantId: TENANT, serviceUrl: fake.serviceUrl, aadObjectId: null, personId, teamId: null,
    reference: { conversation: { id: conversationId } },
  }, 'test');
  return conversationId;
}

export async function installChannel(db: Db, fake: FakeTeamsConnector, name: string): Promise<string> {
  const conversationId = fake.addConversation({ tenantId: TENANT, userId: `channel:${name}` });
  await saveConversationRef(db, {
    conversationId, kind: 'channel', tenantId: TENANT, serviceUrl: fake.serviceUrl, aadObjectId: null, personId: null, teamId: 'team-1',
    reference: { conversation: { id: conversationId } },
  }, 'test');
  return conversationId;
}

/** smallCouncil in the store; everyone (optionally but `without`) has installed the app. */
export async function seedCouncil(db: Db, fake: FakeTeamsConnector, opts: { without?: string[]; mutate?: (people: Person[]) => Person[] } = {}) {
  const council = smallCouncil();
  const people = opts.mutate ? opts.mutate(council.people) : council.people;
  await db.transaction(async (tx) => {
    await upsertPeople(tx, people, 'test');
    await upsertCases(tx, council.cases, 'test');
  });
  const conversations = new Map<string, string>();
  for (const p of people) if (!(opts.without ?? []).includes(p.id)) conversations.set(p.id, await installPerson(db, fake, p.id));
  return { people, cases: council.cases, conversations };
}

/** Loose limits for the crash test, on both sides of the wire: it is about what a kill repeats, not about rate. */
/** The crash test's worker sends this many requests at once: the most that can be sent-but-unrecorded at a kill. */
export const CRASH_TEST_CONCURRENCY = 16;

export const CRASH_TEST_LIMITS: RateLimits = {
  perConversation: [{ windowMs: 100, max: 20 }],
  perTenant: [{ windowMs: 100, max: 30 }],
};
