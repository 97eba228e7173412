import { AllocationSchema, applyAllocationEvent, type Allocation } from '../audit/allocation-lifecycle';
import { isUrgent, type AuditResponse, type ResponseSource } from '../audit/audit-response';
import { CaseSchema, type Case } from '../audit/cases';
import { AuditError } from '../audit/errors';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { responseFollowUps } from '../audit/response-follow-ups';
import type { IsoDate } from '../audit/working-days';
import { getAllocation } from '../store/allocations-repo';
import { logChanges } from '../store/audit-log';
import type { Queryable } from '../store/db';
import { enqueueMany, type OutboxMessage } from '../store/outbox-repo';
import { listPeople } from '../store/people-repo';
import { getResponses, insertResponses, type StoredResponse } from '../store/responses-repo';

export interface RecordResponseInput {
  allocationId: number;
  response: AuditResponse;
  source: ResponseSource;
  sourceRef: string | null;
  submittedBy: string;
  returnedOn: IsoDate;
}

/**
 * Records a returned audit and everything it sets in motion, in the caller's transaction: the response, the
 * allocation's move to returned, Part B, and the outbox rows (urgent notices, moderation request, Part B request).
 * A second call for the same allocation returns the first response and queues nothing new.
 */
export async function recordResponse(tx: Queryable, profile: ProgrammeProfile, input: RecordResponseInput): Promise<{ created: boolean; response: StoredResponse }> {
  // Locked first, as a card's submit always has: two submits of the same audit queue up here rather than race.
  const allocation = await getAllocation(tx, input.allocationId, true);
  if (allocation === null) throw new AuditError('UNKNOWN_ALLOCATION', `No allocation ${input.allocationId}`);
  const [recorded] = await recordResponses(tx, profile, [input]);
  return recorded as { created: boolean; response: StoredResponse };
}

type Returned = { allocation: Allocation; case: Case };

/**
 * Moves allocated audits to returned in one statement and reads, with them, their cases (what the follow-ups need).
 * An allocation not in 'allocated' is left alone and refused below, exactly as the life cycle refuses a single return.
 */
async function returnAllocations(tx: Queryable, ids: readonly number[]): Promise<Map<number, Returned>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<Allocation & { serviceArea: string; team: string; allocatedWorkerId: string | null; teamManagerId: string | null; cohort: Case['cohort']; open: boolean }>(
    `UPDATE allocations a SET status = 'returned', returned_at = COALESCE(a.returned_at, now())
     FROM cases c
     WHERE a.id = ANY($1::int[]) AND a.status = 'allocated' AND c.case_ref = a.case_ref
     RETURNING a.id, a.month, a.case_ref AS "caseRef", a.auditor_id AS "auditorId", a.kind, a.due_date AS "dueDate",
       a.extended_to AS "extendedTo", 'allocated' AS status, a.escalation_level AS "escalationLevel",
       a.exemption_reason AS "exemptionReason", a.reaudit_of AS "reauditOf", c.service_area AS "serviceArea", c.team,
       c.allocated_worker_id AS "allocatedWorkerId", c.team_manager_id AS "teamManagerId", c.cohort, c.open`,
    [[...ids]],
  );
  return new Map(rows.map((r) => {
    const allocation = AllocationSchema.parse(r);
    return [allocation.id, { allocation, case: CaseSchema.parse(r) }];
  }));
}

/** Throws what a single return of this allocation would: unknown, or refused by the life cycle. */
async function refuseReturn(tx: Queryable, id: number): Promise<never> {
  const current = await getAllocation(tx, id, true);
  if (current === null) throw new AuditError('UNKNOWN_ALLOCATION', `No allocation ${id}`);
  applyAllocationEvent(current, { type: 'return' });
  throw new AuditError('INVALID_TRANSITION', `Allocation ${id} (${current.caseRef}) could not be returned`);
}

/**
 * `recordResponse` for many allocations at once, with the same outcome as one call per input in order, but a
 * statement per table rather than a dozen per row: the responses, the moves to returned (with their cases), Part B,
 * the outbox rows and the audit log. The allocations must exist (callers have just matched or locked them); the
 * store refuses a response for one that does not.
 */
export async function recordResponses(tx: Queryable, profile: ProgrammeProfile, inputs: readonly RecordResponseInput[]): Promise<{ created: boolean; response: StoredResponse }[]> {
  if (inputs.length === 0) return [];
  const created = new Map((await insertResponses(tx, inputs.map((i) => ({
    allocationId: i.allocationId, response: i.response, source: i.source, sourceRef: i.sourceRef, submittedBy: i.submittedBy,
  })))).map((r) => [r.allocationId, r]));
  // The first input for an allocation is the one that created its response; any later one finds it there.
  const seen = new Set<number>();
  const firsts = inputs.filter((i) => {
    const first = !seen.has(i.allocationId);
    seen.add(i.allocationId);
    return first && created.has(i.allocationId);
  });

  const returned = await returnAllocations(tx, firsts.map((i) => i.allocationId));
  for (const i of firsts) if (!returned.has(i.allocationId)) await refuseReturn(tx, i.allocationId);
  await logChanges(tx, firsts.map((i) => ({
    actor: i.submittedBy, action: 'allocation.return', entity: 'allocation', entityId: i.allocationId, detail: { from: 'allocated', to: 'returned' },
  })));

  // Only the urgent path looks people up (who to tell); most returns need no one beyond the case's team manager.
  const people = firsts.some((i) => isUrgent(i.response)) ? await listPeople(tx) : [];
  const partB: { allocationId: number; teamManagerId: string | null; dueDate: string }[] = [];
  const messages: OutboxMessage[] = [];
  for (const input of firsts) {
    const { allocation, case: c } = returned.get(input.allocationId) as Returned;
    const plan = responseFollowUps(profile, allocation, c, input.response, people, input.returnedOn);
    if (plan.partB !== null) partB.push({ allocationId: allocation.id, ...plan.partB });
    messages.push(...plan.messages);
  }
  if (partB.length > 0) {
    await tx.query(
      `INSERT INTO part_b (allocation_id, team_manager_id, due_date)
       SELECT * FROM unnest($1::int[], $2::text[], $3::date[]) ON CONFLICT DO NOTHING`,
      [partB.map((p) => p.allocationId), partB.map((p) => p.teamManagerId), partB.map((p) => p.dueDate)],
    );
  }
  await enqueueMany(tx, messages);

  const firstSet = new Set(firsts);
  const others = inputs.filter((i) => !firstSet.has(i));
  const existing = await getResponses(tx, others.map((i) => i.allocationId));
  for (const i of others) if (!existing.has(i.allocationId) && (await getAllocation(tx, i.allocationId)) === null) throw new AuditError('UNKNOWN_ALLOCATION', `No allocation ${i.allocationId}`);
  return inputs.map((i) => {
    if (firstSet.has(i)) return { created: true, response: created.get(i.allocationId) as StoredResponse };
    const response = existing.get(i.allocationId);
    if (response === undefined) throw new Error(`response for allocation ${i.allocationId} conflicted but cannot be read`);
    return { created: false, response };
  });
}
