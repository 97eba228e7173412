/**
 * Reads the workbook Microsoft Forms writes its responses to and records what is new, matching each response the
 * way `import responses` does. Unlike the import, the sync cannot refuse a workbook: a row it cannot read is kept
 * for QA as unmatched, with the problems as the reason.
 *
 * Progress is the last row index, committed in the same transaction as each chunk's records, so a sync that stops
 * (throttled beyond the retries, a crash) resumes after exactly what it recorded. The next chunks are fetched while
 * the current one is being recorded, so Graph's waits and the store's work overlap; each chunk is matched and
 * recorded set-wise (a few statements per chunk, not a dozen per row).
 */
import { readFormsAnswers, type FormsRow, type ParsedFormsResponse } from '../audit/forms-response';
import { londonDateOf } from '../audit/london-time';
import { formsQuestionsOf, isGraded, type ProgrammeProfile } from '../audit/programme-profile';
import type { IsoDate } from '../audit/working-days';
import { ingestFormsResponses, type FormsIngestItem } from '../programme/ingest-forms-response';
import type { Db, Queryable } from '../store/db';
import { GraphError } from './graph-errors';
import type { Cell, GraphPort, WorkbookRow } from './graph-port';
import type { FormsTableSettings } from './graph-settings';

export interface SyncClock {
  now(): Date;
}

export interface FormsSyncResult {
  rowsRead: number;
  matched: number;
  alreadyRecorded: number;
  unmatched: number;
  /** Responses whose ID was recorded (or kept) before: skipped. */
  alreadySeen: number;
  /** The last row index recorded; the next sync starts after it. */
  lastRowIndex: number;
  /** False when Graph stopped the sync part way; what was read is recorded and the next run resumes. */
  complete: boolean;
  stoppedBy?: { code: string; message: string; retryAfterSeconds: number | null };
}

export class FormsSyncConflict extends Error {
  readonly code = 'FORMS_SYNC_CONFLICT';
  constructor(source: string) {
    super(`Another Forms sync of ${source} recorded rows at the same time; this one stopped without recording. Run it again.`);
    this.name = 'FormsSyncConflict';
  }
}

export function syncSourceKey(table: FormsTableSettings): string {
  return `${table.item.driveId}/${table.item.itemId}/${table.tableName}`;
}

const SOURCE = 'forms';
const MAX_RESTARTS = 3;
/** Chunks fetched ahead of the one being recorded: enough to ride out a throttling wait, bounded in memory. */
const READ_AHEAD = 4;

function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'Yes' : 'No';
  return String(cell);
}

/** A row as the Forms export shape: the fixed columns (ID, Email) plus answers by question title. */
export function formsRowOf(columns: readonly string[], cells: readonly Cell[]): FormsRow {
  const answers: Record<string, string> = {};
  columns.forEach((name, i) => {
    answers[name] = cellText(cells[i]);
  });
  return { responseId: (answers['ID'] ?? '').trim(), responderEmail: answers['Email'] ?? '', answers };
}

type Prepared =
  | { kind: 'parsed'; index: number; parsed: ParsedFormsResponse }
  | { kind: 'unreadable'; index: number; sourceRef: string; responderEmail: string | null; caseRefGiven: string | null; reason: string };

function prepare(row: WorkbookRow, columns: readonly string[], profile: ProgrammeProfile, fallbackIndex: number): Prepared {
  const index = row.index ?? fallbackIndex;
  if (!row.ok) return { kind: 'unreadable', index, sourceRef: `row:${index}`, responderEmail: null, caseRefGiven: null, reason: `unreadable workbook row: ${row.problem}` };
  const formsRow = formsRowOf(columns, row.cells);
  const q = formsQuestionsOf(profile);
  const result = readFormsAnswers(formsRow, q, isGraded(profile));
  if (result.ok) return { kind: 'parsed', index, parsed: result.value };
  const caseRefGiven = (formsRow.answers[q.caseRef] ?? '').trim();
  return {
    kind: 'unreadable',
    index,
    // Without an ID the row index is the only stable name it has.
    sourceRef: formsRow.responseId === '' ? `row:${index}` : formsRow.responseId,
    responderEmail: formsRow.responderEmail.trim() === '' ? null : formsRow.responderEmail.trim().toLowerCase(),
    caseRefGiven: caseRefGiven === '' ? null : caseRefGiven,
    reason: `workbook row ${index} cannot be read: ${result.problems.map((p) => `${p.column} ${p.reason}`).join('; ')}`,
  };
}

function refOf(p: Prepared): string {
  return p.kind === 'parsed' ? p.parsed.responseId : p.sourceRef;
}

async function seenRefs(tx: Queryable, refs: readonly string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await tx.query<{ ref: string }>(
    `SELECT source_ref AS ref FROM responses WHERE source = $1 AND source_ref = ANY($2::text[])
     UNION SELECT source_ref AS ref FROM unmatched_responses WHERE source = $1 AND source_ref = ANY($2::text[])`,
    [SOURCE, [...refs]],
  );
  return new Set(rows.map((r) => r.ref));
}

/**
 * Embedded PGlite answers in this thread without waiting on I/O, so a chunk's statements would run back to back
 * and the read-ahead's HTTP (and Retry-After timers) would stall until the chunk commits. A turn of the event loop
 * before each statement lets them progress while the chunk is recorded; on a server the driver's I/O does that anyway.
 */
function lettingIoIn(tx: Queryable): Queryable {
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return {
    query: async (sql, params) => {
      await turn();
      return tx.query(sql, params);
    },
    exec: async (sql) => {
      await turn();
      return tx.exec(sql);
    },
  };
}

type Chunk = { rows: WorkbookRow[]; error: null } | { rows: WorkbookRow[]; error: GraphError };

/** Groups rows into chunks; a Graph failure ends the stream with the rows read before it. */
async function* chunksOf(rows: AsyncGenerator<WorkbookRow>, size: number): AsyncGenerator<Chunk> {
  let buffer: WorkbookRow[] = [];
  try {
    for await (const row of rows) {
      buffer.push(row);
      if (buffer.length >= size) {
        yield { rows: buffer, error: null };
        buffer = [];
      }
    }
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    yield { rows: buffer, error };
    return;
  }
  if (buffer.length > 0) yield { rows: buffer, error: null };
}

type Pending = Promise<{ ok: true; value: IteratorResult<Chunk> } | { ok: false; error: unknown }>;

function pull(it: AsyncGenerator<Chunk>): Pending {
  // Settled into a value so a failure while the previous chunk is being recorded is not an unhandled rejection.
  return it.next().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export async function syncForms(
  db: Db,
  profile: ProgrammeProfile,
  graph: Pick<GraphPort, 'getWorkbookTableColumns' | 'listWorkbookTableRows'>,
  table: FormsTableSettings,
  clock: SyncClock,
  actor: string,
): Promise<FormsSyncResult> {
  const source = syncSourceKey(table);
  await db.query('INSERT INTO forms_sync_state (source) VALUES ($1) ON CONFLICT (source) DO NOTHING', [source]);
  const state = await db.query<{ last: number }>('SELECT last_row_index AS last FROM forms_sync_state WHERE source = $1', [source]);
  let last = state[0]?.last ?? -1;
  const result: FormsSyncResult = { rowsRead: 0, matched: 0, alreadyRecorded: 0, unmatched: 0, alreadySeen: 0, lastRowIndex: last, complete: true };
  const today: IsoDate = londonDateOf(clock.now());

  let columns: string[];
  try {
    columns = await graph.getWorkbookTableColumns(table.item, table.tableName);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return { ...result, complete: false, stoppedBy: { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds } };
  }

  // A dropped connection is resumed from the last recorded row a few times before the sync gives up for this run.
  for (let restarts = 0; ; restarts++) {
    const stop = await readFrom(last);
    if (stop === null) break;
    if (stop.code === 'UNAVAILABLE' && stop.status === null && restarts < MAX_RESTARTS) continue;
    result.complete = false;
    result.stoppedBy = { code: stop.code, message: stop.message, retryAfterSeconds: stop.retryAfterSeconds };
    break;
  }
  return result;

  async function readFrom(startAfter: number): Promise<GraphError | null> {
    const it = chunksOf(graph.listWorkbookTableRows(table.item, table.tableName, { pageSize: table.pageSize, startAfter }), table.pageSize);
    const ahead: Pending[] = [pull(it)];
    for (;;) {
      const next = await (ahead.shift() as Pending);
      if (!next.ok) throw next.error;
      if (next.value.done === true) return null;
      const chunk = next.value.value;
      // Keep reading ahead while this chunk is recorded, so Graph's waits (a 429's Retry-After) overlap the store's
      // work. The generator serves the requests in order; after the last chunk or a failure they just end.
      if (chunk.error === null) while (ahead.length < READ_AHEAD) ahead.push(pull(it));
      if (chunk.rows.length > 0) last = await recordChunk(db, profile, columns, chunk.rows, source, last, today, actor, result);
      result.lastRowIndex = last;
      if (chunk.error !== null) return chunk.error;
    }
  }
  return result;
}

/** One chunk and the new progress, all or nothing. Returns the new last row index. */
async function recordChunk(
  db: Db,
  profile: ProgrammeProfile,
  columns: readonly string[],
  rows: readonly WorkbookRow[],
  source: string,
  expectedLast: number,
  today: IsoDate,
  actor: string,
  result: FormsSyncResult,
): Promise<number> {
  let fallback = expectedLast;
  const prepared = rows.map((row) => {
    fallback = row.index ?? fallback + 1;
    return prepare(row, columns, profile, fallback);
  });
  const newLast = Math.max(expectedLast, ...prepared.map((p) => p.index));
  const counts = { matched: 0, alreadyRecorded: 0, unmatched: 0, alreadySeen: 0 };
  await db.transaction(async (store) => {
    const tx = lettingIoIn(store);
    // Claims the range first: a second sync of the same table running at the same time finds the index moved.
    const claimed = await tx.query(
      'UPDATE forms_sync_state SET last_row_index = $3, rows_read = rows_read + $4, updated_at = now() WHERE source = $1 AND last_row_index = $2 RETURNING source',
      [source, expectedLast, newLast, rows.length],
    );
    if (claimed.length === 0) throw new FormsSyncConflict(source);
    const seen = await seenRefs(tx, prepared.map(refOf));
    const items: FormsIngestItem[] = [];
    for (const p of prepared) {
      const ref = refOf(p);
      if (seen.has(ref)) {
        counts.alreadySeen++;
        continue;
      }
      seen.add(ref);
      items.push(p.kind === 'parsed'
        ? { kind: 'response', parsed: p.parsed }
        : { kind: 'unmatched', unmatched: { source: SOURCE, sourceRef: p.sourceRef, responderEmail: p.responderEmail, caseRefGiven: p.caseRefGiven, reason: p.reason, payload: { rowIndex: p.index } } });
    }
    // The whole chunk is matched and recorded set-wise: a handful of statements, not a dozen per row.
    for (const r of await ingestFormsResponses(tx, profile, items, 'forms', actor, today)) {
      if (r.outcome === 'matched') counts.matched++;
      else if (r.outcome === 'already-recorded') counts.alreadyRecorded++;
      else counts.unmatched++;
    }
  });
  result.rowsRead += rows.length;
  result.matched += counts.matched;
  result.alreadyRecorded += counts.alreadyRecorded;
  result.unmatched += counts.unmatched;
  result.alreadySeen += counts.alreadySeen;
  return newLast;
}
