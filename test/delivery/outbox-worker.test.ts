import { claimDue, enqueue, listOutbox, outboxCounts, type OutboxMessage } from '../../store/outbox-repo';
import { allocateMonth } from '../../programme/allocate-month';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { fastSender, seedCouncil, southampton, workerFor } from './outbox-harness';
import type { Db } from '../../store/db';
import { resetStore } from '../support/test-store';
import { useStoreAndTeams } from '../support/simulated-days';

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
beforeEach(() => ({ db, fake } = env));

const notice = (key: string, recipientId: string): OutboxMessage => ({
  key, channel: 'teams', kind: 'qa-notice', recipientId, payload: { reason: `notice ${key}`, caseRef: 'CD490010' },
});

async function queue(messages: OutboxMessage[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const m of messages) await enqueue(tx, m);
  });
}

function cardOf(activity: Record<string, unknown>): Record<string, unknown> {
  const attachments = activity['attachments'] as { contentType: string; content: Record<string, unknown> }[];
  expect(attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachments[0]?.content ?? {};
}

test('allocation lists reach each auditor once as an Adaptive Card naming cases by reference only', async () => {
  const { people } = await seedCouncil(db, fake);
  await allocateMonth(db, southampton(), {
    month: '2026-09', seed: 7, actor: 'test',
    afterInsert: async (tx, plan) => {
      for (const auditorId of new Set(plan.allocations.map((a) => a.auditorId))) {
        await enqueue(tx, { key: `allocation-list:2026-09:${auditorId}`, channel: 'teams', kind: 'allocation-list', recipientId: auditorId, payload: { month: '2026-09' } });
      }
    },
  });
  const worker = workerFor(db, 'w1', fastSender());
  await worker.drain();
  const rows = await listOutbox(db, { kind: 'allocation-list' });
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.status === 'sent')).toBe(true);
  expect(fake.duplicates()).toEqual([]);
  expect(fake.delivered().map((d) => d.messageKey).sort()).toEqual(rows.map((r) => r.key).sort());
  const sample = fake.delivered()[0];
  const json = JSON.stringify(cardOf(sample?.activity ?? {}));
  expect(json).toMatch(/CD49\d{4}/);
  const auditorId = (rows.find((r) => r.key === sample?.messageKey)?.recipientId) ?? '';
  expect(json).toContain(people.find((p) => p.id === auditorId)?.name ?? 'missing');
  expect(worker.counts.sent).toBe(rows.length);
});

test("a line manager's nudge reaches the auditor as a reminder card for that audit", async () => {
  await seedCouncil(db, fake);
  const plan = await allocateMonth(db, southampton(), { month: '2026-09', seed: 7, actor: 'test' });
  const first = plan.allocations[0]!;
  await queue([{ key: `nudge:${plan.ids[0]}:2026-09-29`, channel: 'teams', kind: 'nudge', recipientId: first.auditorId, payload: { allocationId: plan.ids[0]!, caseRef: first.caseRef, fromId: 'hos1' } }]);
  await workerFor(db, 'w1', fastSender()).drain();
  expect((await listOutbox(db, { kind: 'nudge' })).map((r) => r.status)).toEqual(['sent']);
  const json = JSON.stringify(cardOf(fake.delivered()[0]?.activity ?? {}));
  expect(json).toContain(first.caseRef);
});

test('two workers on one store send every message exactly once', async () => {
  const { people } = await seedCouncil(db, fake);
  const messages = Array.from({ length: 240 }, (_, i) => notice(`n:${i}`, people[i % people.length]?.id ?? 'qa1'));
  await queue(messages);
  const sender = fastSender();
  const a = workerFor(db, 'wa', sender, { batchSize: 20 });
  const b = workerFor(db, 'wb', fastSender(), { batchSize: 20 });
  await Promise.all([a.drain(), b.drain()]);
  expect(fake.duplicates()).toEqual([]);
  expect(new Set(fake.delivered().map((d) => d.messageKey)).size).toBe(240);
  expect((await outboxCounts(db)).sent).toBe(240);
  expect(a.counts.sent).toBeGreaterThan(0);
  expect(b.counts.sent).toBeGreaterThan(0);
});

test('a row left sending by a crashed worker is resent once after its lease expires, flagged possibly repeated', async () => {
  await seedCouncil(db, fake);
  await queue([notice('crash:1', 'qa1'), notice('crash:2', 'sl-crs')]);
  const dead = await claimDue(db, 'dead-worker', 10, 60, ['teams']);
  expect(dead).toHaveLength(2);
  const live = workerFor(db, 'w2', fastSender(), { leaseSeconds: 60 });
  expect(await live.runOnce()).toBe(0); // the lease still holds
  await db.query(`UPDATE outbox SET locked_at = now() - interval '10 minutes' WHERE key = 'crash:1'`);
  await live.drain();
  const sent = fake.delivered().filter((d) => d.messageKey === 'crash:1');
  expect(sent).toHaveLength(1);
  expect((sent[0]?.activity['channelData'] as { auditLoop: Record<string, unknown> }).auditLoop['possiblyRepeated']).toBe(true);
  expect(fake.delivered().some((d) => d.messageKey === 'crash:2')).toBe(false);
  const rows = await listOutbox(db);
  expect(rows.find((r) => r.key === 'crash:1')).toMatchObject({ status: 'sent', possiblyRepeated: true });
  expect(live.counts.possiblyRepeated).toBe(1);
});

test('a person without a conversation is retried much later with the reason, not failed', async () => {
  await seedCouncil(db, fake, { without: ['qa1'] });
  await queue([notice('later:1', 'qa1')]);
  await workerFor(db, 'w3', fastSender()).drain();
  const [row] = await listOutbox(db);
  expect(row).toMatchObject({ status: 'retrying', lastError: 'no conversation reference' });
  const next = await db.query<{ hours: number }>(`SELECT extract(epoch FROM next_attempt_at - now()) / 3600 AS hours FROM outbox`);
  expect(Number(next[0]?.hours)).toBeGreaterThan(1);
  expect(fake.delivered()).toHaveLength(0);
});

test('a user who blocked the bot gets the message marked failed and QA is told', async () => {
  const { conversations } = await seedCouncil(db, fake);
  fake.block({ conversationId: conversations.get('sl-crs') ?? '' });
  await queue([notice('blocked:1', 'sl-crs'), notice('fine:1', 'qa1')]);
  const worker = workerFor(db, 'w4', fastSender());
  await worker.drain();
  const rows = await listOutbox(db);
  expect(rows.find((r) => r.key === 'blocked:1')).toMatchObject({ status: 'failed', lastError: 'blocked: ConversationBlockedByUser' });
  const qa = rows.find((r) => r.key === 'blocked:blocked:1');
  expect(qa).toMatchObject({ channel: 'qa-notice', kind: 'qa-notice', status: 'queued' });
  expect(rows.find((r) => r.key === 'fine:1')?.status).toBe('sent');
  expect(worker.counts.blocked).toBe(1);
});

test('transient failures that outlast the batch are retried later; a permanent 400 fails the row', async () => {
  await seedCouncil(db, fake);
  await queue([notice('flaky:1', 'qa1')]);
  fake.injectFailures(6, { status: 503 });
  await workerFor(db, 'w5', fastSender()).drain();
  expect((await listOutbox(db))[0]).toMatchObject({ status: 'retrying' });

  await resetStore(db);
  await seedCouncil(db, fake);
  fake.resetFaults();
  await queue([notice('bad:1', 'qa1')]);
  fake.injectFailures(1, { status: 400, code: 'BadArgument' });
  await workerFor(db, 'w6', fastSender()).drain();
  expect((await listOutbox(db))[0]).toMatchObject({ status: 'failed' });
});

test('stop() lets sends in flight finish and releases what it still holds', async () => {
  const { people } = await seedCouncil(db, fake);
  await queue(Array.from({ length: 60 }, (_, i) => notice(`stop:${i}`, people[i % people.length]?.id ?? 'qa1')));
  fake.injectDelayAll(30);
  const worker = workerFor(db, 'w7', fastSender(), { batchSize: 10, batchesInFlight: 1 });
  worker.start();
  await new Promise((r) => setTimeout(r, 100));
  await worker.stop(5_000);
  const counts = await outboxCounts(db);
  expect(counts.sending).toBe(0);
  expect(counts.sent).toBe(fake.delivered().length);
  expect(counts.sent + counts.queued + counts.retrying).toBe(60);
  expect(counts.queued).toBeGreaterThan(0);
});

test('a row whose payload misses a field fails visibly, its error naming the kind and the field, and is not sent', async () => {
  await seedCouncil(db, fake);
  // Written as an older version might have: raw SQL, because the typed enqueue will not accept it.
  await db.query(
    `INSERT INTO outbox (key, channel, kind, recipient_id, payload) VALUES ('bad-alert', 'teams', 'inadequate-alert', 'tm-0-1', $1)`,
    [JSON.stringify({ allocationId: 1, caseRef: 'CD490010', month: '2026-09', followUpDue: '2026-09-20', reauditMonth: '2026-10' })],
  );
  await workerFor(db, 'w1', fastSender()).drain();
  const [failed] = await listOutbox(db, { kind: 'inadequate-alert' });
  expect(failed?.status).toBe('failed');
  expect(failed?.lastError).toMatch(/inadequate-alert.*updateDue/);
  expect(fake.delivered()).toHaveLength(0);
});
