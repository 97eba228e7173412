import { effectiveDueDate, type Allocation } from '../audit/allocation-lifecycle';
import { reallocationDueDate } from '../audit/exemption-request';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { chooseReallocationAuditor } from '../audit/reallocation';
import type { IsoDate } from '../audit/working-days';
import { insertAllocation, listAllocationDetails } from '../store/allocations-repo';
import { getCase } from '../store/cases-repo';
import type { Queryable } from '../store/db';
import { enqueue } from '../store/outbox-repo';
import { listPeople } from '../store/people-repo';

export type ReallocationOutcome =
  | { ok: true; allocationId: number; auditorId: string; auditorName: string; dueDate: IsoDate }
  | { ok: false; reason: 'no-eligible-auditor' | 'case-unknown'; details: string[] };

/**
 * QA's follow-up of an agreed exemption: the same case, month and kind to another auditor, drawn with the monthly
 * draw's conflict-of-interest rules (audit/reallocation.ts), due by the later of the original date and the profile's
 * reallocation allowance. The new auditor's list is queued in the caller's transaction. Nothing is written when no
 * auditor may take the case.
 */
export async function reallocateCase(
  tx: Queryable,
  profile: ProgrammeProfile,
  exempted: Allocation,
  requestId: number,
  today: IsoDate,
  actor: string,
): Promise<ReallocationOutcome> {
  const c = await getCase(tx, exempted.caseRef);
  if (c === null) return { ok: false, reason: 'case-unknown', details: [`case ${exempted.caseRef} is not in the case list`] };
  const [people, month] = await Promise.all([listPeople(tx), listAllocationDetails(tx, { month: exempted.month })]);
  const load = new Map<string, number>();
  for (const a of month) if (a.status !== 'exempted') load.set(a.auditorId, (load.get(a.auditorId) ?? 0) + 1);
  const choice = chooseReallocationAuditor(c, people, exempted.auditorId, load);
  if (!choice.ok) return { ok: false, reason: 'no-eligible-auditor', details: choice.conflicts };
  const dueDate = reallocationDueDate(effectiveDueDate(exempted), today, profile.exemptions.reallocationWorkingDays);
  const allocationId = await insertAllocation(
    tx,
    exempted.month,
    { caseRef: exempted.caseRef, auditorId: choice.auditor.id, kind: exempted.kind, dueDate, reauditOf: exempted.reauditOf },
    actor,
  );
  await enqueue(tx, {
    key: `allocation-list:${exempted.month}:${choice.auditor.id}:realloc:${requestId}`,
    channel: 'teams',
    kind: 'allocation-list',
    recipientId: choice.auditor.id,
    payload: { month: exempted.month },
  });
  return { ok: true, allocationId, auditorId: choice.auditor.id, auditorName: choice.auditor.name, dueDate };
}
