import { readFileSync } from 'node:fs';
import path from 'node:path';
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

async function readXlsx(file: string): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (e) {
    throw new ImportRejected(file, [{ line: 0, column: '(file)', reason: `not a readable .xlsx workbook: ${(e as Error).message}` }]);
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new ImportRejected(file, [{ line: 0, column: '(file)', reason: 'the workbook has no sheet' }]);
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = cellText(cell.value).trim();
  });
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const cells: Record<string, string> = {};
    header.forEach((h, j) => {
      cells[h] = cellText(row.getCell(j + 1).value).trim();
    });
    if (Object.values(cells).some((v) => v !== '')) rows.push({ line, cells });
  });
  return { file, header, rows };
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
