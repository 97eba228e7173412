import type { Person } from '../../audit/people';
import type { Actor, AllocationFacts, Permission } from '../../audit/permissions';
import { getPerson } from '../../store/people-repo';
import type { ActionContext } from './action-context';
import { getAllocationDetail, type AllocationDetail } from '../../store/allocations-repo';
import type { Refusal } from './refuse';

export type ManagedAllocation =
  | { ok: true; allocation: AllocationDetail; auditor: Person }
  | { ok: false; reason: 'unknown'; allocationId: number }
  | { ok: false; reason: 'refused'; allocationId: number; refusal: Refusal };

type ManagerRule = (actor: Actor, a: Pick<AllocationFacts, 'auditorManagerId' | 'nextTierManagerId'>) => Permission;

/** The allocation, if the rule (mayExtend, mayExempt, mayNudge) lets the actor act for its auditor: line manager or next tier. */
export async function asLineManager(ctx: ActionContext, allocationId: number, rule: ManagerRule): Promise<ManagedAllocation> {
  const a = await getAllocationDetail(ctx.deps.db, allocationId);
  if (a === null) return { ok: false, reason: 'unknown', allocationId };
  const auditor = await getPerson(ctx.deps.db, a.auditorId);
  const lineManagerId = auditor?.managerId ?? null;
  const nextTierManagerId = lineManagerId === null ? null : ((await getPerson(ctx.deps.db, lineManagerId))?.managerId ?? null);
  const p = rule(ctx.actor, { auditorManagerId: lineManagerId, nextTierManagerId });
  if (!p.allowed) return { ok: false, reason: 'refused', allocationId, refusal: p };
  // Unreachable: an unknown auditor has no manager, so the rule refused above.
  if (auditor === null) return { ok: false, reason: 'unknown', allocationId };
  return { ok: true, allocation: a, auditor };
}
