import { addMonths } from '../audit/working-days';
import { isMonth } from '../audit/month';

/** A report covers a month (`2026-03`), a calendar quarter (`2026-Q1` = January to March) or a year (`2026`). */
export type PeriodKind = 'month' | 'quarter' | 'year';

export interface ReportPeriod {
  kind: PeriodKind;
  label: string;
  /** The months covered, `YYYY-MM`, in order. */
  months: string[];
}

export type ReportErrorCode = 'PERIOD_INVALID';

/** A report request that cannot be met, with what to change. */
export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}

export { MonthSchema } from '../audit/month';

const pad = (n: number): string => String(n).padStart(2, '0');

export function monthOf(year: number, month: number): string {
  return `${year}-${pad(month)}`;
}

/** The month `delta` months after `month` (negative goes back): the calendar's own month arithmetic. */
export { addMonths } from '../audit/working-days';

/** The `count` months ending with `last`, oldest first (the dashboard's twelve-month trend). */
export function monthsEndingWith(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

export function parsePeriod(raw: string): ReportPeriod {
  const s = raw.trim();
  if (isMonth(s)) return { kind: 'month', label: s, months: [s] };
  let m = /^(\d{4})-Q([1-4])$/i.exec(s);
  if (m !== null) {
    const year = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { kind: 'quarter', label: `${year}-Q${m[2]}`, months: [0, 1, 2].map((i) => monthOf(year, first + i)) };
  }
  m = /^(\d{4})$/.exec(s);
  if (m !== null) {
    const year = Number(m[1]);
    return { kind: 'year', label: s, months: Array.from({ length: 12 }, (_, i) => monthOf(year, i + 1)) };
  }
  throw new ReportError('PERIOD_INVALID', `'${raw}' is not a period: give a month (2026-03), a quarter (2026-Q1) or a year (2026)`);
}

/** The period just before: last month, last quarter, last year. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  const first = p.months[0] as string;
  if (p.kind === 'month') return parsePeriod(addMonths(first, -1));
  if (p.kind === 'quarter') {
    const prevFirst = addMonths(first, -3);
    return parsePeriod(`${prevFirst.slice(0, 4)}-Q${(Number(prevFirst.slice(5, 7)) - 1) / 3 + 1}`);
  }
  return parsePeriod(String(Number(first.slice(0, 4)) - 1));
}
