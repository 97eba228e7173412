import { displayStatus, effectiveDueDate, type DisplayStatus } from '../audit/allocation-lifecycle';
import { listAllocationDetails } from '../store/allocations-repo';
import type { Db } from '../store/db';
import type { IsoDate } from '../audit/working-days';

export interface MonthStatus {
  month: string;
  total: number;
  byStatus: Record<DisplayStatus, number>;
  byServiceArea: { serviceArea: string; total: number; returned: number; overdue: number; exempted: number }[];
  overdue: { allocationId: number; caseRef: string; auditorId: string; dueDate: string }[];
}

export async function monthStatus(db: Db, month: string, today: IsoDate): Promise<MonthStatus> {
  const rows = await listAllocationDetails(db, { month });
  const byStatus: Record<DisplayStatus, number> = { allocated: 0, returned: 0, overseen: 0, exempted: 0, overdue: 0 };
  const areas = new Map<string, MonthStatus['byServiceArea'][number]>();
  const overdue: MonthStatus['overdue'] = [];
  for (const a of rows) {
    const s = displayStatus(a, today);
    byStatus[s]++;
    const area = areas.get(a.serviceArea) ?? { serviceArea: a.serviceArea, total: 0, returned: 0, overdue: 0, exempted: 0 };
    area.total++;
    if (s === 'returned' || s === 'overseen') area.returned++;
    if (s === 'overdue') {
      area.overdue++;
      overdue.push({ allocationId: a.id, caseRef: a.caseRef, auditorId: a.auditorId, dueDate: effectiveDueDate(a) });
    }
    if (s === 'exempted') area.exempted++;
    areas.set(a.serviceArea, area);
  }
  return { month, total: rows.length, byStatus, byServiceArea: [...areas.values()].sort((x, y) => x.serviceArea.localeCompare(y.serviceArea)), overdue };
}

export function formatMonthStatus(s: MonthStatus): string {
  const lines = [
    `${s.month}: ${s.total} allocation(s) — ${s.byStatus.returned + s.byStatus.overseen} returned, ${s.byStatus.allocated} due, ${s.byStatus.overdue} overdue, ${s.byStatus.exempted} exempted`,
    '',
    'service area'.padEnd(28) + 'total  returned  overdue  exempted',
    ...s.byServiceArea.map((a) => a.serviceArea.padEnd(28) + String(a.total).padStart(5) + String(a.returned).padStart(10) + String(a.overdue).padStart(9) + String(a.exempted).padStart(10)),
  ];
  if (s.overdue.length > 0) lines.push('', 'overdue:', ...s.overdue.map((o) => `  #${o.allocationId} ${o.caseRef} auditor ${o.auditorId}, due ${o.dueDate}`));
  return lines.join('\n');
}
