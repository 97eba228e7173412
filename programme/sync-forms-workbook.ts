/**
 * Reads the workbook Microsoft Forms writes its responses to and records what is new, matching each response the
 * way `import responses` does. The workbook is downloaded whole (`/content`, the call Graph documents for an app)
 * with If-None-Match: an unchanged file is a 304 and costs nothing. A changed one is streamed through the same
 * .xlsx reader `import` uses, run in a worker thread so parsing overlaps recording, and recorded chunk by chunk;
 * responses are known by their Forms ID, so a file that grew, or was re-sorted, records only the responses not seen
 * before. Unlike the import, the sync cannot refuse a row: one
 * it cannot read is kept for QA as unmatched, with the problems as the reason. A required question column that is
 * missing (renamed in Forms) refuses the whole file before anything is recorded.
 *
 * The eTag is stored only once the whole file has been read, so a sync stopped part way (a dropped download) reads
 * the file again next time, and recording it again changes nothing.
 */
import type { Readable } from 'node:stream';
import type { FormsRow } from '../audit/forms-response';
import { londonDateOf } from '../audit/london-time';
import type { ProgrammeProfile } from '../audit/programme-profile';
import type { IsoDate } from '../audit/working-days';
import { ImportRejected, type RowProblem } from '../imports/import-errors';
import { formsRequiredColumns } from '../imports/import-responses';
import type { SheetLine } from '../imports/read-table';
import { readXlsxChunksInWorker, XlsxWorkerFailed } from '../imports/xlsx-lines-worker';
import { ingestFormsRows, type FormsRowResult } from './ingest-forms-response';
import type { Db, Queryable } from '../store/db';
import { getFormsSyncState, saveFormsSyncCheck } from '../store/forms-sync-repo';
import { GraphError } from '../graph/graph-errors';
import type { GraphPort } from '../graph/graph-port';
import type { FormsWorkbookSettings } from '../graph/graph-settings';

export interface SyncClock {
  now(): Date;
}

export interface FormsSyncResult {
  /** The workbook had not changed since the last sync (Graph answered 304): nothing was downloaded. */
  unchanged: boolean;
  rowsRead: number;
  /** New responses recorded against an allocation. */
  matched: number;
  /** New responses whose allocation already had this response. */
  alreadyRecorded: number;
  /** New responses kept for QA as unmatched (with the reason). */
  unmatched: number;
  /** Responses whose ID was recorded (or kept) before: skipped. */
  alreadySeen: number;
  /** The eTag of the file read, stored for the next If-None-Match once the whole file was read. */
  eTag: string | null;
  /** False when Graph or the download stopped the sync part way; what was read is recorded and the next run re-reads. */
  complete: boolean;
  stoppedBy?: { code: string; message: string; retryAfterSeconds: number | null };
}

/** The workbook cannot be synced as it is (a required question column is missing): nothing was recorded from it. */
export class FormsWorkbookRejected extends Error {
  readonly code = 'FORMS_WORKBOOK_REJECTED';
  constructor(
    readonly file: string,
    readonly problems: readonly RowProblem[],
  ) {
    super(`${file}: Forms sync refused the workbook, nothing was recorded from it. ${problems.map((p) => `Column ${p.column}: ${p.reason}`).join('; ')}. ` +
      'If the question was renamed in Forms, rename it back or set formsQuestions in the programme profile to the new title.');
    this.name = 'FormsWorkbookRejected';
  }
}

export function syncSourceKey(workbook: FormsWorkbookSettings): string {
  return `${workbook.item.driveId}/${workbook.item.itemId}`;
}

/**
 * Embedded PGlite answers in this thread without waiting on I/O, so a chunk's statements would run back to back
 * and the download would stall until the chunk commits. A turn of the event loop before each statement lets it
 * progress while the chunk is recorded; on a server the driver's I/O does that anyway, so a server's transaction
 * is used as it is.
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

/** A row as the Forms export shape: the fixed columns (ID, Email) plus answers by question title. */
export function formsRowOf(columns: readonly string[], cells: readonly (string | number | boolean | null | undefined)[]): FormsRow {
  const answers: Record<string, string> = {};
  columns.forEach((name, i) => {
    const cell = cells[i];
    answers[name] = cell === null || cell === undefined ? '' : String(cell);
  });
  return { responseId: (answers['ID'] ?? '').trim(), responderEmail: answers['Email'] ?? '', answers };
}

function tally(result: FormsSyncResult, rows: number, outcomes: readonly FormsRowResult[]): void {
  result.rowsRead += rows;
  for (const r of outcomes) {
    if (r.outcome === 'already-seen') result.alreadySeen++;
    else if (r.outcome === 'matched') result.matched++;
    else if (r.outcome === 'already-recorded') result.alreadyRecorded++;
    else result.unmatched++;
  }
}

type Settled = { ok: true } | { ok: false; error: unknown };

export async function syncForms(
  db: Db,
  profile: ProgrammeProfile,
  graph: Pick<GraphPort, 'downloadDriveItem'>,
  workbook: FormsWorkbookSettings,
  clock: SyncClock,
  actor: string,
): Promise<FormsSyncResult> {
  const source = syncSourceKey(workbook);
  const state = await getFormsSyncState(db, source);
  const result: FormsSyncResult = { unchanged: false, rowsRead: 0, matched: 0, alreadyRecorded: 0, unmatched: 0, alreadySeen: 0, eTag: state?.eTag ?? null, complete: true };
  const stopped = (code: string, message: string, retryAfterSeconds: number | null = null): FormsSyncResult => ({ ...result, complete: false, stoppedBy: { code, message, retryAfterSeconds } });
  const today: IsoDate = londonDateOf(clock.now());

  let download;
  try {
    download = await graph.downloadDriveItem(workbook.item, state?.eTag ?? null);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return stopped(error.code, error.message, error.retryAfterSeconds);
  }
  if (download.kind === 'unchanged') {
    await saveFormsSyncCheck(db, source, { eTag: download.eTag, rowsRead: 0 });
    return { ...result, unchanged: true, eTag: download.eTag };
  }

  const name = `the Forms workbook ${source}`;
  try {
    await readAndRecord(download.body, name);
  } catch (error) {
    // A download that broke off reads as a truncated .xlsx: stop, keep what was recorded, read it all again next time.
    if (error instanceof ImportRejected) return stopped('UNREADABLE_WORKBOOK', error.message);
    // The parser thread ended (a workbook over its memory, or a crash): what was recorded stays, the next run reads again.
    if (error instanceof XlsxWorkerFailed) return stopped(error.code, error.message);
    throw error;
  } finally {
    download.body.destroy();
  }
  await saveFormsSyncCheck(db, source, { eTag: download.eTag, rowsRead: result.rowsRead });
  return { ...result, eTag: download.eTag };

  async function readAndRecord(body: Readable, file: string): Promise<void> {
    let header: string[] | null = null;
    let chunk: SheetLine[] = [];
    // One chunk is recorded while the next is parsed: the store's work overlaps the download and the parsing.
    let pending: Promise<Settled> | null = null;
    const flush = async (): Promise<void> => {
      const done = await pending;
      pending = null;
      if (done !== null && !done.ok) throw done.error;
    };
    const record = (lines: readonly SheetLine[], columns: readonly string[]): Promise<Settled> =>
      db
        .transaction(async (tx) =>
          ingestFormsRows(db.kind === 'pglite' ? lettingIoIn(tx) : tx, profile, lines.map((l) => ({ row: formsRowOf(columns, l.values), fallbackRef: `row:${l.line}`, what: `workbook line ${l.line}`, origin: { line: l.line } })), actor, today),
        )
        .then((outcomes) => {
          tally(result, lines.length, outcomes);
          return { ok: true as const };
        }, (error: unknown) => ({ ok: false as const, error }));

    try {
      await readLines();
    } catch (error) {
      // A chunk still being recorded finishes (or fails) before the sync reports back.
      await pending;
      throw error;
    }

    async function readLines(): Promise<void> {
      // Parsed in a worker thread: the main thread records one chunk while the worker parses the next.
      for await (const lines of readXlsxChunksInWorker(body, file, workbook.chunkSize)) {
        if (header === null) {
          const first = lines[0];
          if (first === undefined) continue;
          const columns = first.values;
          header = columns;
          const missing = formsRequiredColumns(profile).filter((c) => !columns.includes(c));
          if (missing.length > 0) {
            throw new FormsWorkbookRejected(file, missing.map((c) => ({ line: first.line, column: `'${c}'`, reason: `is missing (the header has: ${columns.join(', ')})` })));
          }
          chunk = lines.slice(1);
        } else chunk = lines;
        if (chunk.length === 0) continue;
        await flush();
        pending = record(chunk, header);
      }
      await flush();
    }
  }
}
