import { parsePeriod } from './report-period';

/** A period as a reader says it: "March 2026", "quarter 2026-Q1", "year 2026". */
export function periodName(label: string): string {
  const p = parsePeriod(label);
  if (p.kind === 'month') {
    const [y, m] = p.label.split('-');
    return new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  }
  return p.kind === 'quarter' ? `quarter ${p.label}` : `year ${p.label}`;
}
