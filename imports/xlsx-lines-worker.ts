/**
 * `readXlsxLines` in a worker thread, for a download: the main thread passes the bytes as they arrive and gets the
 * sheet's lines back in chunks, so parsing (and its garbage collection) runs beside whatever the main thread does
 * with the chunks (recording them in an embedded store that runs in the main thread; answering Teams). The same reader
 * as `import`, loaded by this module in the worker: one parser, two threads.
 */
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { ImportRejected } from './import-errors';
import { readXlsxLines, type SheetLine } from './read-table';

/** Chunks the worker may post before the main thread has taken them: parsing runs ahead, memory stays bounded. */
const AHEAD = 2;

/**
 * The parse streams the sheet, but holds the workbook's shared strings while it reads: every answer ever given to the
 * form, which grows with the workbook. A limit of 64 MB ended the parser on 12,000 responses of three 2,000-character
 * answers; 512 MB holds about 400 MB of answer text, around 50,000 responses (the most Forms keeps in its Excel
 * workbook) of 8,000 characters each. The limit is there so that a malformed or hostile file cannot take the bot's
 * memory; a workbook over it is refused with what to do.
 */
export const PARSER_HEAP_LIMIT_MB = 512;

const WorkerDataSchema = z.object({ role: z.literal('xlsx-lines'), name: z.string(), chunkSize: z.number().int().positive() });

/**
 * A chunk of lines is checked where it lies rather than copied: z.array of z.object rebuilt each of a chunk's 2,000
 * lines and their arrays, ~30 MB of garbage on the main thread in a 20,000-row sync (docs/performance.md, stop 26).
 */
export const isSheetLines = (v: unknown): v is SheetLine[] =>
  Array.isArray(v) &&
  v.every((l: unknown) => {
    if (typeof l !== 'object' || l === null) return false;
    const { line, values } = l as { line?: unknown; values?: unknown };
    return Number.isInteger(line) && Array.isArray(values) && values.every((x) => typeof x === 'string');
  });

const ProblemSchema = z.object({ line: z.number(), column: z.string(), reason: z.string(), value: z.string().optional(), closest: z.string().nullable().optional() });

/** What the worker posts: lines (the header alone first, then chunks), the end, or why it stopped. */
const FromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lines'), lines: z.custom<SheetLine[]>(isSheetLines, 'lines must be [{ line: integer, values: string[] }]') }),
  z.object({ type: z.literal('done') }),
  z.object({ type: z.literal('rejected'), file: z.string(), problems: z.array(ProblemSchema) }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
type FromWorker = z.infer<typeof FromWorkerSchema>;

/** What the main thread posts: bytes of the file, its end, a download that broke off, or a chunk taken. */
const ToWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bytes'), bytes: z.instanceof(Uint8Array) }),
  z.object({ type: z.literal('end') }),
  z.object({ type: z.literal('abort'), message: z.string() }),
  z.object({ type: z.literal('ack') }),
]);
type ToWorker = z.infer<typeof ToWorkerSchema>;

/** The parser thread crashed or exited without finishing (not a problem with the workbook). */
export class XlsxWorkerFailed extends Error {
  readonly code = 'XLSX_WORKER_FAILED';
  constructor(readonly file: string, detail: string) {
    super(`${file}: reading the workbook in its worker thread failed: ${detail}`);
    this.name = 'XlsxWorkerFailed';
  }
}

/**
 * Plain CommonJS, so the compiled build runs this module as it is and the TypeScript tests (jest, tsx) load it
 * through tsx's require hook.
 */
const ENTRY = `
const { workerData } = require('node:worker_threads');
if (workerData.tsxHook) require(workerData.tsxHook);
require(workerData.modulePath);`;

/**
 * The lines of the first sheet of the .xlsx `body`, parsed in a worker thread: the header line as a chunk of its
 * own, then chunks of up to `chunkSize` lines. Fails as `readXlsxLines` does (ImportRejected) for a file it cannot read,
 * including a download that broke off. Stopping early (a return or throw in the loop) ends the worker.
 */
export async function* readXlsxChunksInWorker(body: Readable, name: string, chunkSize: number, heapLimitMb = PARSER_HEAP_LIMIT_MB): AsyncGenerator<SheetLine[]> {
  const modulePath = __filename;
  const tsxHook = path.extname(modulePath) === '.ts' ? require.resolve('tsx/cjs') : null;
  const worker = new Worker(ENTRY, { eval: true, workerData: { role: 'xlsx-lines', name, chunkSize, modulePath, tsxHook }, resourceLimits: { maxOldGenerationSizeMb: heapLimitMb, maxYoungGenerationSizeMb: 4 } });
  const inbox: FromWorker[] = [];
  let broken: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const post = (m: ToWorker): void => worker.postMessage(m);
  worker.on('message', (raw: unknown) => {
    const parsed = FromWorkerSchema.safeParse(raw);
    if (parsed.success) inbox.push(parsed.data);
    else broken = new XlsxWorkerFailed(name, `unexpected message: ${parsed.error.message}`);
    signal();
  });
  worker.on('error', (e: Error & { code?: string }) => {
    broken = new XlsxWorkerFailed(
      name,
      e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `its text needs more than the parser's ${heapLimitMb} MB. Move older responses out of the workbook (or start a new form for the year) and sync again`
        : e.message,
    );
    signal();
  });
  worker.on('exit', (code) => {
    broken ??= new XlsxWorkerFailed(name, `the worker exited (code ${code}) before the end of the sheet`);
    signal();
  });

  let finished = false;
  let downloadError: string | null = null;
  // The bytes go to the worker as they arrive; a download that breaks off makes the sheet unreadable there.
  const feeding = (async () => {
    try {
      for await (const chunk of body) {
        if (finished) return;
        post({ type: 'bytes', bytes: new Uint8Array(chunk as Buffer) });
      }
      if (!finished) post({ type: 'end' });
    } catch (e) {
      downloadError = (e as Error).message;
      if (!finished) post({ type: 'abort', message: downloadError });
    }
  })();
  // A download that broke off is a truncated workbook, whichever way the worker then stops: refused as unreadable.
  const unreadable = (): ImportRejected | null =>
    downloadError === null ? null : new ImportRejected(name, [{ line: 0, column: '(file)', reason: `not a readable .xlsx workbook: the download broke off: ${downloadError}` }]);

  try {
    for (;;) {
      const next = inbox.shift();
      if (next === undefined) {
        if (broken !== null) throw unreadable() ?? broken;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (next.type === 'done') return;
      if (next.type === 'rejected') throw new ImportRejected(next.file, next.problems);
      if (next.type === 'failed') throw unreadable() ?? new XlsxWorkerFailed(name, next.message);
      yield next.lines;
      post({ type: 'ack' });
    }
  } finally {
    finished = true;
    body.destroy();
    await feeding;
    await worker.terminate();
  }
}

/** The worker's side: parse what the main thread sends, post the lines back in chunks, at most AHEAD unacknowledged. */
function runWorker(port: NonNullable<typeof parentPort>): void {
  const { name, chunkSize } = WorkerDataSchema.parse(workerData);
  const input = new PassThrough();
  let posted = 0;
  let acked = 0;
  let resume: (() => void) | null = null;
  port.on('message', (raw: unknown) => {
    const m = ToWorkerSchema.parse(raw);
    if (m.type === 'bytes') input.write(m.bytes);
    else if (m.type === 'end') input.end();
    else if (m.type === 'abort') input.destroy(new Error(`the download broke off: ${m.message}`));
    else {
      acked++;
      const r = resume;
      resume = null;
      r?.();
    }
  });
  const send = async (lines: SheetLine[]): Promise<void> => {
    port.postMessage({ type: 'lines', lines } satisfies FromWorker);
    posted++;
    while (posted - acked >= AHEAD) await new Promise<void>((r) => (resume = r));
  };
  const parse = async (): Promise<void> => {
    let chunk: SheetLine[] = [];
    let header = true;
    for await (const line of readXlsxLines(input, name)) {
      if (header) {
        header = false;
        await send([line]);
        continue;
      }
      chunk.push(line);
      if (chunk.length >= chunkSize) {
        await send(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await send(chunk);
    port.postMessage({ type: 'done' } satisfies FromWorker);
  };
  parse().then(
    () => port.close(),
    (e: unknown) => {
      const m: FromWorker = e instanceof ImportRejected ? { type: 'rejected', file: e.file, problems: [...e.problems] } : { type: 'failed', message: e instanceof Error ? e.message : String(e) };
      port.postMessage(m);
      port.close();
    },
  );
}

if (!isMainThread && parentPort !== null && WorkerDataSchema.safeParse(workerData).success) runWorker(parentPort);
