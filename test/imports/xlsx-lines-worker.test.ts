import { Readable } from 'node:stream';
import type { SheetLine } from '../../imports/read-table';
import { isSheetLines, readXlsxChunksInWorker } from '../../imports/xlsx-lines-worker';
import { xlsxOf } from '../fakes/graph-fake-data';

// The parser thread's chunks are checked where they lie (not copied), and anything else is refused.
test("a chunk from the parser thread is accepted only as lines of a line number and the cells' text", () => {
  expect(isSheetLines([{ line: 2, values: ['17', 'a1@council.example', 'CD100001'] }, { line: 3, values: [] }])).toBe(true);
  expect(isSheetLines([])).toBe(true);

  expect(isSheetLines({ line: 2, values: ['17'] })).toBe(false);
  expect(isSheetLines([{ line: '2', values: ['17'] }])).toBe(false);
  expect(isSheetLines([{ line: 2.5, values: ['17'] }])).toBe(false);
  expect(isSheetLines([{ line: 2, values: ['17', 18] }])).toBe(false);
  expect(isSheetLines([{ line: 2 }])).toBe(false);
  expect(isSheetLines([null])).toBe(false);
});

// A Forms workbook keeps every answer ever given in its shared strings, which a reader must hold while it reads the
// sheet: a council's workbook of long free-text answers holds far more text than the bench's repeated ones.
const rows = 12_000;
const answer = (i: number, field: string): string => `${field} ${i}: ${'The plan is reviewed with the family and the child\'s voice is recorded. '.repeat(27).trimEnd()}`;
// Built once for the two tests that read it (a few seconds of writing .xlsx).
let built: Promise<Buffer> | null = null;
const bigWorkbook = (): Promise<Buffer> =>
  (built ??= xlsxOf({
    columns: ['ID', 'Email', 'Rationale', 'Good practice', 'Improvement'],
    rows: Array.from({ length: rows }, (_, i) => [i + 1, `a${i % 50}@council.example`, answer(i, 'rationale'), answer(i, 'good'), answer(i, 'improve')]),
  }));

test("a workbook whose answers hold 70 MB of text is read whole in the parser thread", async () => {
  const file = await bigWorkbook();
  let lines = 0;
  let last: SheetLine | undefined;
  for await (const chunk of readXlsxChunksInWorker(Readable.from(file), 'big.xlsx', 2000)) {
    lines += chunk.length;
    last = chunk.at(-1) ?? last;
  }
  expect(lines).toBe(rows + 1);
  expect(last?.values[2]).toBe(answer(rows - 1, 'rationale'));
}, 120_000);

test('a workbook over the parser\'s memory is refused with what to do', async () => {
  const file = await bigWorkbook();
  const read = async (): Promise<number> => {
    let lines = 0;
    for await (const chunk of readXlsxChunksInWorker(Readable.from(file), 'big.xlsx', 2000, 24)) lines += chunk.length;
    return lines;
  };
  await expect(read()).rejects.toThrow(/big\.xlsx: .*more than the parser's 24 MB\. Move older responses out of the workbook/);
}, 120_000);
