import type { ReportRow } from '../store/report-repo';

/**
 * Each kind's compliance, apart: returned of allocated (exemptions left out), for the case kinds from the report's
 * rows and for the non-case activities (supervision observations, reflection sheets) from their own table.
 */
export interface KindCompliance {
  kind: string;
  allocated: number;
  returned: number;
  rate: number | null;
}

export interface ActivityComplianceRow {
  month: string;
  kind: string;
  allocated: number;
  returned: number;
}

export function kindCompliance(rows: readonly ReportRow[], activities: readonly ActivityComplianceRow[]): KindCompliance[] {
  const by = new Map<string, { allocated: number; returned: number }>();
  const add = (kind: string, allocated: number, returned: number): void => {
    const k = by.get(kind) ?? { allocated: 0, returned: 0 };
    k.allocated += allocated;
    k.returned += returned;
    by.set(kind, k);
  };
  for (const r of rows) {
    if (r.status === 'exempted') continue;
    add(r.kind, 1, r.status === 'returned' || r.status === 'overseen' ? 1 : 0);
  }
  for (const a of activities) add(a.kind, a.allocated, a.returned);
  return [...by].map(([kind, k]) => ({ kind, ...k, rate: k.allocated === 0 ? null : k.returned / k.allocated }));
}

/** Each kind as a table row: kind, allocated, returned, returned of allocated. */
export function kindComplianceRows(rows: readonly KindCompliance[], pct: (r: number | null) => string): [string, number, number, string][] {
  return rows.map((k) => [k.kind, k.allocated, k.returned, pct(k.rate)]);
}

export function kindComplianceMarkdown(rows: readonly KindCompliance[], pct: (r: number | null) => string): string[] {
  if (rows.length === 0) return [];
  return ['## Compliance by kind', '', '| Kind | Allocated | Returned | Returned of allocated |', '| --- | ---: | ---: | ---: |',
    ...kindComplianceRows(rows, pct).map((cells) => `| ${cells.join(' | ')} |`), ''];
}
