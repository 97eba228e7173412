import { getAllocation, listAllocationDetails, type AllocationDetail } from '../../store/allocations-repo';
import type { Queryable } from '../../store/db';

/** One allocation with its case's area and team and any grade. */
export async function allocationDetail(db: Queryable, id: number): Promise<AllocationDetail | null> {
  const a = await getAllocation(db, id);
  if (a === null) return null;
  const rows = await listAllocationDetails(db, { month: a.month, auditorId: a.auditorId });
  return rows.find((r) => r.id === id) ?? null;
}
