import { threadId } from 'node:worker_threads';
import { loadProfile } from '../../audit/programme-profiles';
import { formsQuestionsOf } from '../../audit/programme-profile';
import { checkFormsWorkbookAccess, FormsReadiness } from '../../graph/forms-readiness';
import { FormsWorkbookRejected, syncForms, syncSourceKey, type FormsSyncResult } from '../../programme/sync-forms-workbook';
import { listAllocationDetails } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { getFormsSyncState } from '../../store/forms-sync-repo';
import { listUnmatched } from '../../store/responses-repo';
import type { FakeCell } from '../fakes/graph-fake-data';
import { FAKE_GRAPH_TOKEN } from '../fakes/graph-fake';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { rejectionOf, startGraphHarness, type GraphHarness } from './graph-harness';
import { answerCells, FORMS_ITEM, FORMS_WORKBOOK, formsHeader, formsTable, seedCouncil } from './forms-workbook';

// Every worker thread started, by id: the real Worker, noted as it is made.
const mockWorkerThreads: number[] = [];
jest.mock('node:worker_threads', () => {
  const actual = jest.requireActual<typeof import('node:worker_threads')>('node:worker_threads');
  class NotedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      mockWorkerThreads.push(this.threadId);
    }
  }
  return { ...actual, Worker: NotedWorker };
});

const profile = loadProfile('southampton-qaf-2023');
const clock = { now: () => new Date('2026-11-21T10:00:00Z') };

/** Eight rows: three that match, four kept for QA (unknown case, stranger, half-filled, ambiguous), one repeated ID. */
const ROWS: FakeCell[][] = [
  answerCells(1, 'tm-1-1@council.example', 'CD490110', 'Good'),
  answerCells(2, 'TM-0-1@council.example', '491110', 'RI'),
  answerCells(3, 'tm-1-1@council.example', 'CD999999', 'Good'),
  answerCells(4, 'stranger@elsewhere.example', 'CD490110', 'Good'),
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

describe('syncing Forms responses by downloading the workbook', () => {
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

  const sync = (harness: GraphHarness): Promise<FormsSyncResult> => syncForms(store.db, profile, harness.graph, FORMS_WORKBOOK, clock, 'scheduler');
  const start = async (rows: FakeCell[][] = ROWS): Promise<GraphHarness> => (h = await startGraphHarness({ fake: { tables: [formsTable(profile, rows)] } }));

  it('records matching responses and keeps unmatched ones with the reason, with an app-only token the workbook API would refuse', async () => {
    const harness = await start();
    const r = await sync(harness);
    expect(r).toMatchObject({ unchanged: false, rowsRead: 8, matched: 3, unmatched: 4, alreadySeen: 1, complete: true, eTag: harness.fake.eTagOf(FORMS_ITEM.driveId, FORMS_ITEM.itemId) });
    const returned = (await listAllocationDetails(store.db, { month: '2026-11' })).filter((a) => a.status === 'returned');
    expect(returned.map((a) => [a.caseRef, a.grade])).toEqual([['CD490110', 'Good'], ['CD491110', 'Requires Improvement'], ['CD491120', 'Inadequate']]);
    const unmatched = await listUnmatched(store.db);
    expect(unmatched.map((u) => [u.sourceRef, u.reason])).toEqual([
      ['3', 'no allocation of CD999999 to this responder'],
      ['4', 'the responder e-mail is not a known person'],
      ['6', expect.stringMatching(/^workbook line 6 cannot be read: Case reference is empty;.*Overall grade is empty/)],
      ['7', expect.stringContaining('ambiguous: 2 open allocations of CD490120')],
    ]);
    // Only the documented calls: /content on Graph, then the pre-authenticated URL, never /workbook/.
    expect(harness.fake.requests.map((q) => q.path)).toEqual([`/drives/${FORMS_ITEM.driveId}/items/${FORMS_ITEM.itemId}/content`]);
  });

  it('never sends the bearer token to the download host', async () => {
    const harness = await start();
    await sync(harness);
    expect(harness.fake.downloads).toHaveLength(1);
    expect(harness.fake.downloads[0]).toMatchObject({ status: 200, authorization: undefined });
    expect(new URL(harness.fake.downloadRoot).origin).not.toBe(new URL(harness.fake.baseUrl).origin);
  });

  it('a second sync of an unchanged workbook is a 304 and records nothing', async () => {
    const harness = await start();
    await sync(harness);
    const after = await snapshot(store.db);
    const second = await sync(harness);
    expect(second).toMatchObject({ unchanged: true, rowsRead: 0, matched: 0, unmatched: 0, complete: true });
    expect(harness.fake.requests.map((q) => q.status)).toEqual([302, 304]);
    expect(harness.fake.downloads).toHaveLength(1);
    expect(await snapshot(store.db)).toEqual(after);
  });

  it('a grown workbook records only the new rows, and a re-sorted one records nothing twice', async () => {
    const harness = await start(ROWS.slice(0, 2));
    expect(await sync(harness)).toMatchObject({ rowsRead: 2, matched: 2, alreadySeen: 0 });
    await harness.fake.putTable(formsTable(profile, [...ROWS.slice(0, 2), answerCells(8, 'tm-0-1@council.example', 'CD491120', 'Inadequate')]));
    expect(await sync(harness)).toMatchObject({ unchanged: false, rowsRead: 3, matched: 1, alreadySeen: 2 });
    const after = await snapshot(store.db);
    await harness.fake.putTable(formsTable(profile, [answerCells(8, 'tm-0-1@council.example', 'CD491120', 'Inadequate'), ...ROWS.slice(0, 2).reverse()]));
    expect(await sync(harness)).toMatchObject({ unchanged: false, rowsRead: 3, matched: 0, unmatched: 0, alreadySeen: 3 });
    expect(await snapshot(store.db)).toEqual(after);
  });

  it('a sync parses the workbook off the main thread and records every row once', async () => {
    // Forty more rows naming a case nobody holds: several chunks, each row kept once for QA.
    const extra = Array.from({ length: 40 }, (_, i) => answerCells(100 + i, 'tm-1-1@council.example', 'CD999999', 'Good'));
    const harness = await start([...ROWS, ...extra]);
    mockWorkerThreads.length = 0;
    expect(await sync(harness)).toMatchObject({ rowsRead: 48, matched: 3, unmatched: 44, alreadySeen: 1, complete: true });
    expect(mockWorkerThreads).toHaveLength(1);
    expect(mockWorkerThreads[0]).not.toBe(threadId);
    expect(await snapshot(store.db)).toMatchObject({ responses: 3, unmatched: 44 });
    const refs = (await listUnmatched(store.db)).map((u) => u.sourceRef);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('refuses a workbook whose question column was renamed, naming the column and the file, and records nothing from it', async () => {
    const q = formsQuestionsOf(profile);
    const renamed = formsHeader(profile).map((c) => (c === q.grade ? 'Grade (overall)' : c));
    h = await startGraphHarness({ fake: { tables: [formsTable(profile, ROWS, renamed)] } });
    const error = await rejectionOf(sync(h));
    expect(error).toBeInstanceOf(FormsWorkbookRejected);
    expect((error as FormsWorkbookRejected).message).toContain(`'${q.grade}'`);
    expect((error as FormsWorkbookRejected).message).toContain(syncSourceKey(FORMS_WORKBOOK));
    expect(await snapshot(store.db)).toMatchObject({ responses: 0, unmatched: 0, outbox: 0 });
    // Not marked as read: once the column is put back, the next sync reads the file.
    expect((await getFormsSyncState(store.db, syncSourceKey(FORMS_WORKBOOK)))?.eTag ?? null).toBeNull();
  });

  it('rides out a 429 with Retry-After from Graph and a 503 from the download host', async () => {
    const harness = await start();
    harness.fake.addFault({ path: '/content', nth: 1, status: 429, retryAfterSeconds: 0 });
    harness.fake.addDownloadFault({ path: '/download/', nth: 1, status: 503, retryAfterSeconds: 0 });
    expect(await sync(harness)).toMatchObject({ rowsRead: 8, matched: 3, complete: true });
    expect(harness.fake.requests.map((q) => q.status)).toEqual([429, 302]);
    expect(harness.fake.downloads.map((d) => d.status)).toEqual([503, 200]);
  });

  it('reports a workbook it may not read as stopped, naming the permission, and records nothing', async () => {
    const harness = await start();
    harness.fake.addFault({ path: '/content', status: 403, graphCode: 'accessDenied' });
    const r = await sync(harness);
    expect(r).toMatchObject({ rowsRead: 0, complete: false, stoppedBy: { code: 'CONSENT_MISSING', message: expect.stringContaining('Files.Read.All') } });
    expect(r.stoppedBy?.message).toContain('Sites.Selected');
    expect(await snapshot(store.db)).toMatchObject({ responses: 0, unmatched: 0 });
  });

  it('the fake refuses the workbook API to an app-only token, as a tenant enforcing the documented rule does', async () => {
    const harness = await start();
    const response = await fetch(`${harness.fake.baseUrl}/v1.0/drives/${FORMS_ITEM.driveId}/items/${FORMS_ITEM.itemId}/workbook/tables/Table1/rows`, {
      headers: { Authorization: `Bearer ${FAKE_GRAPH_TOKEN}` },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'AccessDenied' } });
  });
});

describe('checking at start that the Forms workbook can be read', () => {
  let h: GraphHarness | undefined;
  afterEach(async () => {
    await h?.fake.close();
    h = undefined;
  });

  it('says the workbook can be read, with one metadata call', async () => {
    h = await startGraphHarness({ fake: { tables: [formsTable(profile, ROWS)] } });
    const access = await checkFormsWorkbookAccess(h.graph, FORMS_ITEM);
    expect(access).toEqual({ ok: true, name: 'Audit responses.xlsx', eTag: h.fake.eTagOf(FORMS_ITEM.driveId, FORMS_ITEM.itemId) });
    expect(h.fake.requests.map((q) => q.path)).toEqual([`/drives/${FORMS_ITEM.driveId}/items/${FORMS_ITEM.itemId}?$select=id,name,eTag`]);
  });

  it('names the permission to grant when Graph refuses, and says so on the readiness detail', async () => {
    h = await startGraphHarness({ fake: { tables: [formsTable(profile, ROWS)] } });
    h.fake.addFault({ path: `/items/${FORMS_ITEM.itemId}`, status: 403, graphCode: 'accessDenied' });
    const access = await checkFormsWorkbookAccess(h.graph, FORMS_ITEM);
    expect(access).toMatchObject({ ok: false, code: 'PERMISSION_MISSING', grant: expect.stringContaining('Files.Read.All') });
    const readiness = new FormsReadiness();
    readiness.record(access, clock.now());
    expect(readiness.detail).toMatchObject({ status: 'problem', message: expect.stringContaining('Sites.Selected'), grant: expect.stringContaining('Files.Read.All') });
  });

  it('says the ids are wrong when the workbook is not there', async () => {
    h = await startGraphHarness({ fake: { tables: [] } });
    expect(await checkFormsWorkbookAccess(h.graph, FORMS_ITEM)).toMatchObject({ ok: false, code: 'NOT_FOUND', message: expect.stringContaining('FORMS_ITEM_ID') });
  });
});
