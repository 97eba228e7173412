import type { Activity } from 'botbuilder';
import { TestAdapter } from 'botbuilder';
import pino from 'pino';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../audit/programme-profiles';
import { AuditLoopBot } from '../../bot/audit-loop-bot';
import type { BotDeps } from '../../bot/bot-deps';
import { insertAllocation } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { seedSmallCouncil } from '../support/seed-council';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';

/** Entra ids of the people the bot tests act as. */
export const AAD = { auditor: 'aad-auditor', lineManager: 'aad-hos', qa: 'aad-qa', otherManager: 'aad-other', stranger: 'aad-stranger' } as const;
export const NOW = new Date('2026-11-10T10:00:00Z');

export interface Seeded {
  /** Allocated to tm-0-1, due 2026-11-28 (open). */
  open: number;
  /** Allocated to tm-0-1, due 2026-11-05 (overdue on NOW). */
  late: number;
}

/** The small council, with Entra ids for the actors and two allocations for auditor tm-0-1 (line manager hos1). */
export async function seed(db: Db): Promise<Seeded> {
  return db.transaction(async (tx) => {
    await seedSmallCouncil(tx, { 'tm-0-1': AAD.auditor, hos1: AAD.lineManager, qa1: AAD.qa, 'tm-1-2': AAD.otherManager });
    await tx.query(`INSERT INTO cycles (month, programme_id) VALUES ('2026-11', $1) ON CONFLICT DO NOTHING`, [DEFAULT_PROFILE_ID]);
    const open = await insertAllocation(tx, '2026-11', { caseRef: 'CD491100', auditorId: 'tm-0-1', kind: 'audit', dueDate: '2026-11-28', reauditOf: null }, 'test');
    const late = await insertAllocation(tx, '2026-11', { caseRef: 'CD491110', auditorId: 'tm-0-1', kind: 'audit', dueDate: '2026-11-05', reauditOf: null }, 'test');
    return { open, late };
  });
}

export interface SeededStore {
  readonly db: Db;
  readonly ids: Seeded;
}

/**
 * One store for the file, emptied and seeded (`seed`) before each test. Registers the jest hooks where it is called
 * (at the top of a test file, before the file's own `beforeEach`, which then sees the seeded store); read `db` and
 * `ids` inside tests and hooks.
 */
export function useSeededStore(): SeededStore {
  let store: TestStore | null = null;
  let ids: Seeded | null = null;
  beforeAll(async () => {
    store = await openTestStore();
  }, 60_000);
  afterAll(async () => {
    await store?.cleanup();
  });
  beforeEach(async () => {
    if (store === null) throw new Error('the test store did not open');
    await resetStore(store.db);
    ids = await seed(store.db);
  });
  return {
    get db(): Db {
      if (store === null) throw new Error('the test store is opened in beforeAll: read db inside a test or hook');
      return store.db;
    },
    get ids(): Seeded {
      if (ids === null) throw new Error('the store is seeded in beforeEach: read ids inside a test or hook');
      return ids;
    },
  };
}

export function botDeps(db: Db, extra: Partial<BotDeps> = {}): BotDeps {
  return { db, profile: loadProfile(DEFAULT_PROFILE_ID), clock: { now: () => NOW }, logger: pino({ level: 'silent' }), ...extra };
}

export interface Turn {
  replies: Partial<Activity>[];
}

/** Drives the bot through botbuilder's TestAdapter and collects what it sent (including invoke responses). */
export class BotDriver {
  readonly adapter: TestAdapter;
  constructor(deps: BotDeps) {
    const bot = new AuditLoopBot(deps);
    this.adapter = new TestAdapter((context) => bot.run(context));
  }

  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.processActivity(activity);
    return this.adapter.activeQueue.splice(0);
  }

  message(aad: string | undefined, text: string, value?: unknown): Promise<Partial<Activity>[]> {
    return this.send({ ...base(aad), type: 'message', text, ...(value === undefined ? {} : { value }) });
  }

  /** An Action.Execute press: returns the card in the invoke response. */
  async invoke(aad: string | undefined, verb: string, data: unknown): Promise<Record<string, unknown>> {
    const out = await this.send({
      ...base(aad),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    const response = out.find((a) => a.type === 'invokeResponse');
    const body = (response?.value as { status: number; body: { statusCode: number; type: string; value: Record<string, unknown> } } | undefined);
    if (!body || body.status !== 200 || body.body.type !== 'application/vnd.microsoft.card.adaptive') {
      throw new Error(`unexpected invoke response: ${JSON.stringify(response?.value)}`);
    }
    return body.body.value;
  }
}

function base(aad: string | undefined): Partial<Activity> {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.example.test/uk/',
    from: { id: `29:${aad ?? 'anon'}`, name: 'User', ...(aad === undefined ? {} : { aadObjectId: aad }) },
    recipient: { id: '28:bot', name: 'Audit Loop' },
    conversation: { id: `a:personal-${aad ?? 'anon'}`, conversationType: 'personal', isGroup: false, name: '', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
  };
}

/** The first Adaptive Card attached to the bot's replies. */
export function cardOf(replies: Partial<Activity>[]): Record<string, unknown> {
  for (const r of replies) {
    const a = r.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');
    if (a) return a.content as Record<string, unknown>;
  }
  throw new Error(`no card in replies: ${JSON.stringify(replies.map((r) => r.type))}`);
}

/** Every text on a card, joined, for assertions about what it says. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'text' || k === 'title' || k === 'value') && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(card);
  return out.join('\n');
}
