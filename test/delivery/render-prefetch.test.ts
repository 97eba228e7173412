import { allocateMonth } from '../../programme/allocate-month';
import { prefetchForRows, renderMessage } from '../../delivery/render-message';
import { personalConversationsOf, saveConversationRef } from '../../store/conversations-repo';
import { enqueue, listOutbox } from '../../store/outbox-repo';
import { startTeamsConnector, type FakeTeamsConnector } from '../fakes/teams-connector';
import { openTestStore, type TestStore } from '../support/test-store';
import { seedCouncil, southampton } from './outbox-harness';

let store: TestStore;
let fake: FakeTeamsConnector;

beforeAll(async () => {
  store = await openTestStore();
  fake = await startTeamsConnector();
});
afterAll(async () => {
  await fake.close();
  await store.cleanup();
});

test('a batch read ahead renders the same cards as reading row by row, and finds each person\'s latest live conversation', async () => {
  const { db } = store;
  const { people, conversations } = await seedCouncil(db, fake, { without: ['qa1'] });
  await allocateMonth(db, southampton(), {
    month: '2026-09', seed: 7, actor: 'test',
    afterInsert: async (tx, plan) => {
      for (const auditorId of new Set(plan.allocations.map((a) => a.auditorId))) {
        await enqueue(tx, { key: `allocation-list:2026-09:${auditorId}`, channel: 'teams', kind: 'allocation-list', recipientId: auditorId, payload: { month: '2026-09' } });
      }
      await enqueue(tx, { key: 'oversight:CRS', channel: 'teams', kind: 'allocation-list', recipientId: 'sl-crs', payload: { month: '2026-09', serviceArea: 'CRS' } });
    },
  });
  const first = (await db.query<{ id: number; auditorId: string; caseRef: string }>(`SELECT id, auditor_id AS "auditorId", case_ref AS "caseRef" FROM allocations ORDER BY id LIMIT 1`))[0]!;
  await enqueue(db, { key: 'nudge:1', channel: 'teams', kind: 'nudge', recipientId: first.auditorId, payload: { allocationId: first.id, caseRef: first.caseRef, fromId: 'hos1' } });
  const rows = await listOutbox(db);
  expect(rows.length).toBeGreaterThan(3);
  const now = new Date('2026-09-03T09:00:00Z');
  const prefetched = await prefetchForRows(db, rows);
  expect(prefetched.allocationLists.size).toBeGreaterThan(0);
  for (const row of rows) {
    const one = await renderMessage(row, { db, profile: southampton(), now });
    const batched = await renderMessage(row, { db, profile: southampton(), now, prefetched });
    expect(batched).toEqual(one);
  }
  // A reinstall gives ad1 a newer conversation; an uninstalled one is never used.
  await saveConversationRef(db, { conversationId: 'a:reinstalled', kind: 'personal', tenantId: 'tenant-council', serviceUrl: fake.serviceUrl, aadObjectId: null, personId: 'ad1', teamId: null, reference: {} }, 'test');
  await db.query(`UPDATE conversation_refs SET uninstalled_at = now() WHERE person_id = 'hos1'`);
  const ids = people.map((p) => p.id);
  const batch = await personalConversationsOf(db, ids);
  for (const id of ids.filter((i) => !['ad1', 'hos1', 'qa1'].includes(i))) expect(batch.get(id)?.conversationId).toBe(conversations.get(id));
  expect(batch.get('ad1')?.conversationId).toBe('a:reinstalled');
  expect(batch.has('hos1')).toBe(false);
  expect(batch.has('qa1')).toBe(false);
});
