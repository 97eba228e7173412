import type { RowProblem } from './import-errors';
import type { Table } from './read-table';

/** A column's reader: the cell's text in, a value or the reason it is wrong out. */
export type CellReader<T> = (text: string) => { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const bad = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

export const required: CellReader<string> = (t) => (t === '' ? bad('is empty') : ok(t));
export const optional: CellReader<string | null> = (t) => ok(t === '' ? null : t);

export function oneOf<T extends string>(values: readonly T[], describe = values.join(', ')): CellReader<T> {
  return (t) => (values.includes(t as T) ? ok(t as T) : bad(`'${t}' is not one of: ${describe}`));
}

export function matching(pattern: RegExp, what: string): CellReader<string> {
  return (t) => (pattern.test(t) ? ok(t) : bad(t === '' ? `is empty; expected ${what}` : `'${t}' is not ${what}`));
}

type Readers = Record<string, CellReader<unknown>>;
type Values<R extends Readers> = { [K in keyof R]: R[K] extends CellReader<infer T> ? T : never };

/**
 * Reads every row with the column readers and collects every problem (row, column, reason) rather than stopping
 * at the first, so one pass over the spreadsheet fixes them all.
 */
export function readRows<R extends Readers>(table: Table, readers: R): { rows: { line: number; value: Values<R> }[]; problems: RowProblem[] } {
  const rows: { line: number; value: Values<R> }[] = [];
  const problems: RowProblem[] = [];
  for (const row of table.rows) {
    const value: Record<string, unknown> = {};
    let rowOk = true;
    for (const [column, read] of Object.entries(readers)) {
      const result = read(row.cells[column] ?? '');
      if (result.ok) value[column] = result.value;
      else {
        rowOk = false;
        problems.push({ line: row.line, column, reason: result.reason });
      }
    }
    if (rowOk) rows.push({ line: row.line, value: value as Values<R> });
  }
  return { rows, problems };
}

/** The same key twice in one file is a problem on the second line. */
export function duplicates<T>(rows: readonly { line: number; value: T }[], key: (v: T) => string, column: string): RowProblem[] {
  const seen = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const r of rows) {
    const k = key(r.value);
    const first = seen.get(k);
    if (first !== undefined) problems.push({ line: r.line, column, reason: `'${k}' appears again (first on line ${first})` });
    else seen.set(k, r.line);
  }
  return problems;
}
