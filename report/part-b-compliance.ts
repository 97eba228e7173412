import type { IsoDate } from '../audit/working-days';
import type { PartBReportRow } from '../store/part-b-repo';

/**
 * Part B compliance (004 §7.1 timescales; §7.5 non-compliance escalated to the AD): of the Part Bs raised for the
 * period's audits, how many are completed, completed by their due date, and overdue (not done and past due on the
 * day the report was made). `rate` is completed on time ÷ raised, or null when none was raised.
 */
export interface PartBComplianceFigures {
  raised: number;
  completed: number;
  completedOnTime: number;
  overdue: number;
  rate: number | null;
}

export interface PartBCompliance extends PartBComplianceFigures {
  byServiceArea: ({ serviceArea: string } & PartBComplianceFigures)[];
}

function figures(rows: readonly PartBReportRow[], asOf: IsoDate | null): PartBComplianceFigures {
  const completed = rows.filter((r) => r.completedOn !== null);
  const completedOnTime = completed.filter((r) => (r.completedOn as string) <= r.dueDate).length;
  return {
    raised: rows.length,
    completed: completed.length,
    completedOnTime,
    overdue: asOf === null ? 0 : rows.filter((r) => r.completedOn === null && r.dueDate < asOf).length,
    rate: rows.length === 0 ? null : completedOnTime / rows.length,
  };
}

/** `areas`: the report's area order; areas with no Part B raised are left out. `asOf` null: overdue is not known. */
export function partBCompliance(rows: readonly PartBReportRow[], asOf: IsoDate | null, areas: readonly string[]): PartBCompliance {
  const present = new Set(rows.map((r) => r.serviceArea));
  const order = [...areas.filter((a) => present.has(a)), ...[...present].filter((a) => !areas.includes(a)).sort((a, b) => a.localeCompare(b, 'en-GB'))];
  return {
    ...figures(rows, asOf),
    byServiceArea: order.map((serviceArea) => ({ serviceArea, ...figures(rows.filter((r) => r.serviceArea === serviceArea), asOf) })),
  };
}

/** The table rows the markdown and docx renderers share. */
export function partBComplianceRows(p: PartBComplianceFigures, pct: (r: number | null) => string): [string, string | number][] {
  return [
    ['Part B raised', p.raised],
    ['Completed', p.completed],
    ['Completed on time', p.completedOnTime],
    ['Overdue', p.overdue],
    ['Completed on time (of raised)', pct(p.rate)],
  ];
}
