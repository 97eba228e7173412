import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ImportRejected, type RowProblem } from './import-errors';

/** A spreadsheet as the importers see it: the header and each row with the line it came from. */
export interface Table {
  file: string;
  header: string[];
  rows: { line: number; cells: Record<string, string> }[];
}

export async function readTable(file: string): Promise<Table> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file);
  if (ext === '.csv' || ext === '.txt') return readCsv(file);
  throw new ImportRejected(file, [{ line: 0, column: '(file)', reason: `unsupported file type '${ext}': give a .csv or .xlsx file` }]);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ImportRejected(file, [{ line: 0, column: '(file)', reason: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? 'error'}` }]);
  }
}

export function parseCsvText(file: string, text: string): Table {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new ImportRejected(file, [{ line: err.lines ?? 0, column: '(file)', reason: `not valid CSV: ${err.message}` }]);
  }
  const [first, ...body] = records;
  const header = first?.record ?? [];
  // `info.lines` is the line a record ends on: the line to point at for a one-line row.
  const rows = body.map(({ record, info }) => ({
    line: info.lines,
    cells: Object.fromEntries(header.map((h, j) => [h, record[j] ?? ''])),
  }));
  return { file, header, rows };
}

function readCsv(file: string): Table {
  return parseCsvText(file, readText(file));
}

/** One row of a worksheet as read: its line (Excel's row number) and each cell's text, in column order. */
export interface SheetLine {
  line: number;
  values: string[];
}

/**
 * Reads the first worksheet of an .xlsx row by row with exceljs's streaming reader, from a file or a stream (a
 * download), without holding the workbook in memory. Rows with no text at all are skipped. `name` is what errors
 * call the workbook. The one reader for `import` and the Forms download, so both see the same cells.
 */
export async function* readXlsxLines(input: string | Readable, name: string): AsyncGenerator<SheetLine> {
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  // Dates need the styles (a date is a number with a date format); hyperlinks come through as their text.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      for await (const row of sheet) {
        const values = rowValues(row);
        if (values.some((v) => v !== '')) yield { line: row.number, values };
      }
      // The first sheet is the one Forms writes (and the one `import` always read); the rest are not looked at.
      break;
    }
  } catch (e) {
    throw new ImportRejected(name, [{ line: 0, column: '(file)', reason: `not a readable .xlsx workbook: ${(e as Error).message}` }]);
  } finally {
    stream.destroy();
  }
  if (sheets === 0) throw new ImportRejected(name, [{ line: 0, column: '(file)', reason: 'the workbook has no sheet' }]);
}

function rowValues(row: ExcelJS.Row): string[] {
  // Row.values is 1-based and sparse: index 0 is empty, a blank cell is a hole.
  const raw = row.values as ExcelJS.CellValue[];
  const out: string[] = [];
  for (let col = 1; col < raw.length; col++) out.push(cellText(raw[col] ?? null).trim());
  return out;
}

/** Lines (header first) into a Table: row 1 is the header; a later row's cells are keyed by it. */
export async function tableOfLines(file: string, lines: AsyncIterable<SheetLine>): Promise<Table> {
  let header: string[] = [];
  const rows: Table['rows'] = [];
  for await (const { line, values } of lines) {
    if (line === 1) {
      header = values;
      continue;
    }
    rows.push({ line, cells: cellsOf(header, values) });
  }
  return { file, header, rows };
}

export function cellsOf(header: readonly string[], values: readonly string[]): Record<string, string> {
  const cells: Record<string, string> = {};
  header.forEach((h, j) => {
    cells[h] = values[j] ?? '';
  });
  return cells;
}

async function readXlsx(file: string): Promise<Table> {
  return tableOfLines(file, readXlsxLines(file, file));
}

/** Forms exports hold dates, rich text and hyperlinks as cell objects; we want what the cell shows. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** Checks a table has the columns an importer needs; a missing one is a problem on line 1. */
export function requireColumns(table: Table, required: readonly string[]): RowProblem[] {
  return required
    .filter((c) => !table.header.includes(c))
    .map((c) => ({ line: 1, column: c, reason: `missing column '${c}' (the header has: ${table.header.join(', ')})` }));
}
