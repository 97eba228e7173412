import type { WorkbookRow } from '../../graph/graph-port';
import { GraphError } from '../../graph/graph-errors';
import { FORMS_COLUMNS, makeFormsTable } from '../fakes/graph-fake-data';
import { startGraphHarness, type GraphHarness } from './graph-harness';

const ITEM = { driveId: 'drive-qa', itemId: 'item-forms-workbook' };

async function readAll(rows: AsyncGenerator<WorkbookRow>): Promise<WorkbookRow[]> {
  const out: WorkbookRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const indexes = (rows: readonly WorkbookRow[]): (number | null)[] => rows.map((r) => r.index);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('reading the Forms response table', () => {
  let h: GraphHarness;
  afterEach(async () => {
    await h?.fake.close();
  });

  it('reads every row of a 2,500-row table exactly once, in order, through a 429 in the middle of paging', async () => {
    h = await startGraphHarness({ fake: { tables: [makeFormsTable({ rows: 2500 })] } });
    h.fake.addFault({ path: '/rows', nth: 5, status: 429, retryAfterSeconds: 0 });
    const rows = await readAll(h.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize: 200 }));
    expect(indexes(rows)).toEqual(range(2500));
    expect(rows.every((r) => r.ok)).toBe(true);
    // 13 pages ($top/$skip, the last one short), the empty page that ends it, and the one retried 429.
    const pageRequests = h.fake.requests.filter((r) => r.path.includes('/rows'));
    expect(pageRequests.map((r) => r.status).filter((s) => s === 429)).toHaveLength(1);
    expect(pageRequests).toHaveLength(15);
    expect(pageRequests[0]?.path).toContain('$top=200&$skip=0');
  });

  it('follows @odata.nextLink when Graph hands one out, still reading each row once', async () => {
    h = await startGraphHarness({ fake: { paging: 'nextLink', tables: [makeFormsTable({ rows: 1000 })] } });
    h.fake.addFault({ path: '$skiptoken', nth: 2, status: 429, retryAfterSeconds: 0 });
    const rows = await readAll(h.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize: 300 }));
    expect(indexes(rows)).toEqual(range(1000));
    const paths = h.fake.requests.filter((r) => r.path.includes('/rows')).map((r) => r.path);
    expect(paths.slice(1).every((p) => p.includes('$skiptoken='))).toBe(true);
    // 4 pages, the last without a nextLink (so no extra request), plus the retried 429.
    expect(paths).toHaveLength(5);
  });

  it('keeps to the page size the server allows when it is smaller than the one asked for', async () => {
    h = await startGraphHarness({ fake: { maxPageSize: 100, tables: [makeFormsTable({ rows: 450 })] } });
    const rows = await readAll(h.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize: 200 }));
    expect(indexes(rows)).toEqual(range(450));
  });

  it('hands back malformed rows flagged with their index and partial rows with the cells they have', async () => {
    h = await startGraphHarness({ fake: { tables: [makeFormsTable({ rows: 30, malformedEvery: 7, partialEvery: 10 })] } });
    const rows = await readAll(h.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize: 8 }));
    expect(indexes(rows)).toEqual(range(30));
    const bad = rows.filter((r) => !r.ok);
    expect(bad.map((r) => r.index)).toEqual([6, 13, 20, 27]);
    expect(bad[0]).toMatchObject({ ok: false, problem: expect.stringContaining('row 6') });
    const partial = rows.find((r) => r.index === 9);
    expect(partial).toMatchObject({ ok: true, cells: [10, expect.any(Number)] });
    const full = rows.find((r) => r.index === 0);
    expect(full).toMatchObject({ ok: true, cells: expect.arrayContaining(['CD490001', 'Outstanding']) });
    expect(full?.ok && full.cells).toHaveLength(FORMS_COLUMNS.length);
  });

  it('resumes after the last stored row when throttling outlasted the retries', async () => {
    h = await startGraphHarness({ client: { maxRetries: 1 }, fake: { tables: [makeFormsTable({ rows: 1000 })] } });
    h.fake.addFault({ path: '$skip=400', status: 429, retryAfterSeconds: 0 });
    const stored: WorkbookRow[] = [];
    let failure: unknown = null;
    try {
      for await (const row of h.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize: 200 })) stored.push(row);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(GraphError);
    expect(failure).toMatchObject({ code: 'THROTTLED' });
    expect(indexes(stored)).toEqual(range(400));
    h.fake.clearFaults();
    const lastIndex = stored.at(-1)?.index ?? -1;
    for await (const row of h.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize: 200, startAfter: lastIndex ?? -1 })) stored.push(row);
    expect(indexes(stored)).toEqual(range(1000));
  });

  it('stops after the last page of a table that is an exact multiple of the page size', async () => {
    h = await startGraphHarness({ fake: { tables: [makeFormsTable({ rows: 400 })] } });
    const rows = await readAll(h.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize: 200 }));
    expect(rows).toHaveLength(400);
    expect(h.fake.count('/rows')).toBe(3);
  });

  it('reads the header names in column order', async () => {
    h = await startGraphHarness({ fake: { tables: [makeFormsTable({ rows: 1 })] } });
    await expect(h.graph.getWorkbookTableColumns(ITEM, 'Table1')).resolves.toEqual(FORMS_COLUMNS);
  });

  it('reports a table that is not there as NOT_FOUND and a nonsensical page size as REJECTED', async () => {
    h = await startGraphHarness({ fake: { tables: [makeFormsTable({ rows: 1 })] } });
    await expect(readAll(h.graph.listWorkbookTableRows(ITEM, 'Responses', { pageSize: 10 }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readAll(h.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize: 0 }))).rejects.toMatchObject({ code: 'REJECTED' });
  });
});
