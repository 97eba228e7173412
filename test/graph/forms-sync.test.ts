import { loadProfile } from '../../audit/programme-profiles';
import { syncForms, syncSourceKey, type FormsSyncResult } from '../../graph/forms-sync';
import { listAllocationDetails } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { countResponses, listUnmatched } from '../../store/responses-repo';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { startGraphHarness, type GraphHarness } from './graph-harness';
import { answerCells, FORMS_TABLE, formsTable, seedCouncil } from './forms-workbook';

const profile = loadProfile('southampton-qaf-2023');
const clock = { now: () => new Date('2026-11-21T10:00:00Z') };

/** Nine rows: three that match, five kept for QA (unknown case, stranger, unreadable, half-filled, ambiguous), one repeated ID. */
const ROWS: unknown[] = [
  answerCells(1, 'tm-1-1@council.example', 'CD490110', 'Good'),
  answerCells(2, 'TM-0-1@council.example', '491110', 'RI'),
  answerCells(3, 'tm-1-1@council.example', 'CD999999', 'Good'),
  answerCells(4, 'stranger@elsewhere.example', 'CD490110', 'Good'),
  { index: 4, values: [[5, { formula: '=#REF!' }]] },
  [6, 46_000.4],
  answerCells(7, 'tm-1-1@council.example', 'CD490120', 'Good'),
  answerCells(8, 'tm-0-1@council.example', 'CD491120', 'Inadequate'),
  answerCells(1, 'tm-1-1@council.example', 'CD490110', 'Good'),
];

async function snapshot(db: Db): Promise<Record<string, number>> {
  const [row] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM responses) AS responses, (SELECT count(*)::int FROM unmatched_responses) AS unmatched,
       (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM audit_log) AS log,
       (SELECT count(*)::int FROM allocations WHERE status = 'returned') AS returned`,
  );
  return row ?? {};
}

describe('syncing Forms responses from the workbook through Graph', () => {
  let store: TestStore;
  let h: GraphHarness | undefined;
  beforeAll(async () => {
    store = await openTestStore();
  });
  beforeEach(async () => {
    await resetStore(store.db);
    await seedCouncil(store.db, profile);
  });
  afterEach(async () => {
    await h?.fake.close();
    h = undefined;
  });
  afterAll(() => store.cleanup());

  const sync = (harness: GraphHarness): Promise<FormsSyncResult> => syncForms(store.db, profile, harness.graph, FORMS_TABLE, clock, 'scheduler');

  it('records responses that match an allocation and keeps unmatched, ambiguous and unreadable rows for QA with the reason', async () => {
    h = await startGraphHarness({ fake: { tables: [formsTable(profile, ROWS)] } });
    const r = await sync(h);
    expect(r).toMatchObject({ rowsRead: 9, matched: 3, unmatched: 5, alreadySeen: 1, lastRowIndex: 8, complete: true });
    const returned = (await listAllocationDetails(store.db, { month: '2026-11' })).filter((a) => a.status === 'returned');
    expect(returned.map((a) => [a.caseRef, a.grade])).toEqual([['CD490110', 'Good'], ['CD491110', 'Requires Improvement'], ['CD491120', 'Inadequate']]);
    const unmatched = await listUnmatched(store.db);
    expect(unmatched.map((u) => [u.sourceRef, u.reason])).toEqual([
      ['3', 'no allocation of CD999999 to this responder'],
      ['4', 'the responder e-mail is not a known person'],
      ['row:4', expect.stringContaining('unreadable workbook row: row 4')],
      ['6', expect.stringMatching(/^workbook row 5 cannot be read: Case reference is empty;.*Overall grade is empty/)],
      ['7', expect.stringContaining('ambiguous: 2 open allocations of CD490120')],
    ]);
  });

  it('reads every row once through a 429 in the middle of paging', async () => {
    h = await startGraphHarness({ fake: { tables: [formsTable(profile, ROWS)] } });
    h.fake.addFault({ path: '/rows', nth: 3, status: 429, retryAfterSeconds: 0 });
    const r = await sync(h);
    expect(r).toMatchObject({ rowsRead: 9, matched: 3, unmatched: 5, complete: true });
    expect(h.fake.requests.filter((q) => q.path.includes('/rows')).map((q) => q.status)).toContain(429);
    expect(await countResponses(store.db)).toBe(3);
  });

  it('resumes a sync stopped by throttling that outlasted the retries, reading no row twice and missing none', async () => {
    h = await startGraphHarness({ client: { maxRetries: 1 }, fake: { tables: [formsTable(profile, ROWS)] } });
    h.fake.addFault({ path: '$skip=4', status: 429, retryAfterSeconds: 0 });
    const first = await sync(h);
    expect(first).toMatchObject({ rowsRead: 4, lastRowIndex: 3, complete: false, stoppedBy: { code: 'THROTTLED' } });
    expect(await snapshot(store.db)).toMatchObject({ responses: 2, unmatched: 2 });
    const [state] = await store.db.query<{ last: number }>('SELECT last_row_index AS last FROM forms_sync_state WHERE source = $1', [syncSourceKey(FORMS_TABLE)]);
    expect(state?.last).toBe(3);

    h.fake.clearFaults();
    const before = h.fake.requests.length;
    const second = await sync(h);
    expect(second).toMatchObject({ rowsRead: 5, lastRowIndex: 8, complete: true });
    expect(first.rowsRead + second.rowsRead).toBe(ROWS.length);
    const resumedPages = h.fake.requests.slice(before).filter((q) => q.path.includes('/rows')).map((q) => /\$skip=(\d+)/.exec(q.path)?.[1]);
    expect(resumedPages).toEqual(['4', '6', '8', '9']);
    expect(await snapshot(store.db)).toMatchObject({ responses: 3, unmatched: 5, returned: 3 });
  });

  it('changes nothing when run again, even with its progress forgotten (responses are known by their ID)', async () => {
    h = await startGraphHarness({ fake: { tables: [formsTable(profile, ROWS)] } });
    await sync(h);
    const after = await snapshot(store.db);
    expect(await sync(h)).toMatchObject({ rowsRead: 0, matched: 0, unmatched: 0, complete: true });
    await store.db.query('DELETE FROM forms_sync_state');
    expect(await sync(h)).toMatchObject({ rowsRead: 9, matched: 0, unmatched: 0, alreadySeen: 9 });
    expect(await snapshot(store.db)).toEqual(after);
  });

  it('picks up rows added to the workbook after the last sync', async () => {
    const table = formsTable(profile, ROWS.slice(0, 2));
    h = await startGraphHarness({ fake: { tables: [table] } });
    expect(await sync(h)).toMatchObject({ rowsRead: 2, matched: 2 });
    table.rows.push({ index: 2, values: [answerCells(8, 'tm-0-1@council.example', 'CD491120', 'Inadequate')] });
    expect(await sync(h)).toMatchObject({ rowsRead: 1, matched: 1, lastRowIndex: 2 });
  });

  it('reports a workbook it may not read as stopped, recording nothing', async () => {
    h = await startGraphHarness({ fake: { tables: [formsTable(profile, ROWS)] } });
    h.fake.addFault({ path: '/workbook/', status: 403 });
    const r = await sync(h);
    expect(r).toMatchObject({ rowsRead: 0, complete: false, stoppedBy: { code: 'CONSENT_MISSING', message: expect.stringContaining('Files.Read.All') } });
    expect(await snapshot(store.db)).toMatchObject({ responses: 0, unmatched: 0 });
  });
});
