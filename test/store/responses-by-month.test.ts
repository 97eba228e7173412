import { monthlyTrend } from '../../store/dashboard-repo';
import { insertResponses } from '../../store/responses-repo';
import type { Db } from '../../store/db';
import { AAD, BotDriver, botDeps, type Seeded, useSeededStore } from '../bot/bot-harness';

// Migration 014: a month's reads find its responses and moderations by month, so each carries its allocation's
// month, set in the store whatever inserts the row.
const env = useSeededStore();
let db: Db;
let ids: Seeded;

beforeEach(async () => {
  ({ db, ids } = env);
});

const monthOf = async (table: 'responses' | 'moderations', allocationId: number): Promise<string | undefined> =>
  (await db.query<{ month: string }>(`SELECT month FROM ${table} WHERE allocation_id = $1`, [allocationId]))[0]?.month;

test("a response and its moderation carry the allocation's month, from the card or from a plain INSERT", async () => {
  const bot = new BotDriver(botDeps(db));
  await bot.invoke(AAD.auditor, 'grade.submit', {
    allocationId: ids.open, formVersion: 1, grade: 'Good', rationale: 'Plans are clear and reviewed on time with the family.',
    discussionHeld: 'yes', contact: 'yes', contactViews: 'Said the worker listens.', goodPractice: 'Chronology up to date',
    improvement: 'Record supervision decisions', safeguardingConcern: 'false',
  });
  expect(await monthOf('responses', ids.open)).toBe('2026-11');

  // A row written by anything else (a seed, a one-off fix) gets its month too, and the month cannot be left empty.
  await db.query(
    `INSERT INTO responses (allocation_id, grade, rationale, discussion_held, contact, good_practice, improvement, safeguarding_concern, source, submitted_by)
     VALUES ($1, 'Inadequate', 'No visits recorded for ten weeks.', true, 'yes', 'None', 'Visit now', false, 'card', 'tm-0-1')`,
    [ids.late],
  );
  await db.query(`INSERT INTO moderations (allocation_id, moderator_id, original_grade, moderated_grade) VALUES ($1, 'qa1', 'Inadequate', 'Requires Improvement')`, [ids.late]);
  expect(await monthOf('responses', ids.late)).toBe('2026-11');
  expect(await monthOf('moderations', ids.late)).toBe('2026-11');

  // The trend finds both by month, the moderated grade counting.
  expect(await monthlyTrend(db, ['2026-10', '2026-11'])).toEqual([expect.objectContaining({ month: '2026-11', completed: 1, good: 1 })]);
  await db.query(`UPDATE allocations SET status = 'returned' WHERE id = $1`, [ids.late]);
  expect((await monthlyTrend(db, ['2026-11']))[0]).toMatchObject({ month: '2026-11', completed: 2, good: 1, requiresImprovement: 1, inadequate: 0 });
});

test('a response is stored with its month read from the allocation, and one for an allocation that does not exist is refused', async () => {
  const response = {
    grade: 'Good', rationale: 'Plans are clear and reviewed on time.', discussionHeld: true, contact: 'yes', contactViews: null,
    goodPractice: 'Chronology up to date', improvement: 'Record supervision decisions', safeguardingConcern: false,
  } as const;
  const [stored] = await insertResponses(db, [{ allocationId: ids.open, response, source: 'forms', sourceRef: 'f-1', submittedBy: 'tm-0-1' }]);
  expect(stored).toMatchObject({ allocationId: ids.open, sourceRef: 'f-1' });
  expect(await monthOf('responses', ids.open)).toBe('2026-11');

  await expect(insertResponses(db, [{ allocationId: 999_999, response, source: 'forms', sourceRef: 'f-2', submittedBy: 'tm-0-1' }])).rejects.toThrow();
  expect(await db.query(`SELECT 1 FROM responses WHERE source_ref = 'f-2'`)).toEqual([]);
});
