import type { Person } from '../../audit/people';
import { getPerson } from '../../store/people-repo';
import type { ActionContext } from './action-context';
import { getAllocationDetail, type AllocationDetail } from '../../store/allocations-repo';

export type ManagedAllocation =
  | { ok: true; allocation: AllocationDetail; auditor: Person }
  | { ok: false; reason: 'unknown' | 'not-manager'; allocationId: number };

/** The allocation, if the actor is its auditor's line manager (004 §2.17: the line manager decides). */
export async function asLineManager(ctx: ActionContext, allocationId: number): Promise<ManagedAllocation> {
  const a = await getAllocationDetail(ctx.deps.db, allocationId);
  if (a === null) return { ok: false, reason: 'unknown', allocationId };
  const auditor = await getPerson(ctx.deps.db, a.auditorId);
  if (auditor === null || auditor.managerId !== ctx.actor.id) return { ok: false, reason: 'not-manager', allocationId };
  return { ok: true, allocation: a, auditor };
}
