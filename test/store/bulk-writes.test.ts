import { auditTrail, logChanges } from '../../store/audit-log';
import type { Db } from '../../store/db';
import { enqueueMany } from '../../store/outbox-repo';
import { getResponses, insertResponses } from '../../store/responses-repo';
import { type Seeded, useSeededStore } from '../bot/bot-harness';

// Bulk writes send their rows as one JSON parameter (store/json-rows.ts): what an auditor typed comes back exactly,
// whatever it holds, and the order and first-wins rules of one write per row still hold.
const env = useSeededStore();
let db: Db;
let ids: Seeded;
beforeEach(() => {
  ({ db, ids } = env);
});

const awkward = 'Mum said "he\'s safer now"; see C:\\notes\\visit.\nNext line, tab\there, emoji 🙂 and a lone \\ at the end \\';

test('free text with quotes, backslashes, new lines and emoji is stored and read back exactly', async () => {
  const response = {
    grade: 'Good', rationale: awkward, discussionHeld: true, contact: 'yes', contactViews: awkward,
    goodPractice: '{"not": "json"}', improvement: 'NULL', safeguardingConcern: false,
  } as const;
  await insertResponses(db, [{ allocationId: ids.open, response, source: 'forms', sourceRef: 'r-"1"', submittedBy: 'tm-0-1' }]);
  expect((await getResponses(db, [ids.open])).get(ids.open)).toMatchObject({ ...response, sourceRef: 'r-"1"' });

  await logChanges(db, [{ actor: 'qa1', action: 'note', entity: 'allocation', entityId: ids.open, detail: { said: awkward } }]);
  expect((await auditTrail(db, 'allocation', ids.open)).at(-1)).toMatchObject({ action: 'note', detail: { said: awkward } });
});

test('a key queued twice in one write is queued once, the first wins, and the rows keep the order given', async () => {
  const keys = await enqueueMany(db, [
    { key: 'k-b', channel: 'qa-notice', kind: 'qa-notice', recipientId: 'tm-0-1', payload: { reason: awkward, rung: 1 } },
    { key: 'k-a', channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { reason: 'second', rung: 2 } },
    { key: 'k-b', channel: 'qa-notice', kind: 'qa-notice', recipientId: 'tm-0-1', payload: { reason: 'third', rung: 3 } },
  ]);
  expect(keys.sort()).toEqual(['k-a', 'k-b']);
  const rows = await db.query<{ key: string; recipient_id: string | null; payload: { reason: string; rung: number } }>(
    `SELECT key, recipient_id, payload FROM outbox WHERE key IN ('k-a', 'k-b') ORDER BY id`,
  );
  expect(rows).toEqual([
    { key: 'k-b', recipient_id: 'tm-0-1', payload: { reason: awkward, rung: 1 } },
    { key: 'k-a', recipient_id: null, payload: { reason: 'second', rung: 2 } },
  ]);
});
