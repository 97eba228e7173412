/**
 * Reading an Excel table (the Forms response workbook) through the workbook API. The API documents
 * $top/$skip paging for rows and sends no @odata.nextLink; we page with $top/$skip and still follow a
 * nextLink if one comes, so either way every row is read once. Paging ends at an empty page, not a short one,
 * because a server that caps $top below pageSize would otherwise end the table early. A 429 mid-way is retried by the
 * RetryHandler on the same URL, so it neither skips nor repeats rows; if it gives up, the caller resumes
 * with `startAfter` = the last index it stored.
 */
import { relativeToRoot, type GraphClientHandle } from './graph-client';
import { GraphError, graphCall, type GraphOperation } from './graph-errors';
import type { DriveItemRef, RowPaging, WorkbookRow } from './graph-port';
import { TableColumnsPageSchema, TableRowSchema, TableRowsPageSchema } from './graph-schemas';

const MAX_PAGE_SIZE = 5000;

function workbookOp(what: string): GraphOperation {
  return { what, permission: 'Files.Read.All (or Sites.Read.All if the workbook is in a SharePoint site)' };
}

function tablePath(item: DriveItemRef, tableName: string): string {
  const e = encodeURIComponent;
  return `/drives/${e(item.driveId)}/items/${e(item.itemId)}/workbook/tables/${e(tableName)}`;
}

/** The nextLink as a path for client.api(), refusing links to any other origin. */
function nextPath(handle: GraphClientHandle, link: string | undefined, op: GraphOperation): string | null {
  if (link === undefined) return null;
  const relative = relativeToRoot(handle.root, link);
  if (relative === null) throw new GraphError('MALFORMED', `Graph's answer to ${op.what} pointed the next page at another address (${link}); not followed.`);
  return relative;
}

async function getPage(handle: GraphClientHandle, path: string, op: GraphOperation): Promise<unknown> {
  return graphCall(op, () => handle.client.api(path).get());
}

export async function* listTableRows(
  handle: GraphClientHandle,
  item: DriveItemRef,
  tableName: string,
  paging: RowPaging,
): AsyncGenerator<WorkbookRow> {
  const { pageSize } = paging;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new GraphError('REJECTED', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${pageSize}`);
  }
  const op = workbookOp(`read the rows of table "${tableName}"`);
  const rowsPath = `${tablePath(item, tableName)}/rows`;
  let position = (paging.startAfter ?? -1) + 1;
  let path: string | null = `${rowsPath}?$top=${pageSize}&$skip=${position}`;
  const seen = new Set<string>();
  let followsLinks = false;
  while (path !== null) {
    if (seen.has(path)) throw new GraphError('MALFORMED', `Graph sent the same page twice while trying to ${op.what}; stopped to avoid a loop.`);
    seen.add(path);
    const page = TableRowsPageSchema.safeParse(await getPage(handle, path, op));
    if (!page.success) throw new GraphError('MALFORMED', `Graph's answer to ${op.what} was not a list of rows: ${page.error.issues[0]?.message ?? ''}`);
    for (const [offset, raw] of page.data.value.entries()) {
      const row = TableRowSchema.safeParse(raw);
      if (row.success) {
        yield { ok: true, index: row.data.index, cells: row.data.values[0] ?? [] };
      } else {
        const index = typeof raw === 'object' && raw !== null && 'index' in raw && typeof raw.index === 'number' ? raw.index : position + offset;
        yield { ok: false, index, problem: `row ${index} is not a table row of plain cells: ${row.error.issues[0]?.message ?? ''}` };
      }
    }
    position += page.data.value.length;
    const link = nextPath(handle, page.data['@odata.nextLink'], op);
    if (link !== null) followsLinks = true;
    // With nextLinks, OData's rule: no link, no more pages. With $top/$skip, only an empty page ends the
    // table: a short page may just be the server capping $top.
    if (link !== null || followsLinks) path = link;
    else path = page.data.value.length > 0 ? `${rowsPath}?$top=${pageSize}&$skip=${position}` : null;
  }
}

export async function getTableColumns(handle: GraphClientHandle, item: DriveItemRef, tableName: string): Promise<string[]> {
  const op = workbookOp(`read the columns of table "${tableName}"`);
  const columns: { name: string; index: number }[] = [];
  let path: string | null = `${tablePath(item, tableName)}/columns?$select=name,index`;
  while (path !== null) {
    const page = TableColumnsPageSchema.safeParse(await getPage(handle, path, op));
    if (!page.success) throw new GraphError('MALFORMED', `Graph's answer to ${op.what} was not a list of columns: ${page.error.issues[0]?.message ?? ''}`);
    columns.push(...page.data.value);
    path = nextPath(handle, page.data['@odata.nextLink'], op);
  }
  return columns.sort((a, b) => a.index - b.index).map((column) => column.name);
}
