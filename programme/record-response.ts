import { applyAllocationEvent } from '../audit/allocation-lifecycle';
import { isUrgent, type AuditResponse, type ResponseSource } from '../audit/audit-response';
import { AuditError } from '../audit/errors';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { responseFollowUps } from '../audit/response-follow-ups';
import type { IsoDate } from '../audit/working-days';
import { getAllocation, returnAllocations, type ReturnedAllocation } from '../store/allocations-repo';
import { raisePartBs } from '../store/part-b-repo';
import { createInadequatePaths } from '../store/inadequate-paths-repo';
import { logChanges } from '../store/audit-log';
import type { Queryable } from '../store/db';
import { enqueueMany, type OutboxMessage } from '../store/outbox-repo';
import { listPeople } from '../store/people-repo';
import { getResponses, insertResponses, responseRecorded, type StoredResponse } from '../store/responses-repo';

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
 * allocation's move to returned, Part B, the Inadequate path, and the outbox rows (urgent notices, moderation request,
 * Part B request).
 * A second call for the same allocation returns the first response and queues nothing new.
 */
export async function recordResponse(tx: Queryable, profile: ProgrammeProfile, input: RecordResponseInput): Promise<{ created: boolean; response: StoredResponse }> {
  // Locked first, as a card's submit always has: two submits of the same audit queue up here rather than race.
  const allocation = await getAllocation(tx, input.allocationId, true);
  if (allocation === null) throw new AuditError('UNKNOWN_ALLOCATION', `No allocation ${input.allocationId}`);
  const [recorded] = await recordResponses(tx, profile, [input]);
  return recorded as { created: boolean; response: StoredResponse };
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
  // Each response stored, then each return, as separate calls logged them: one statement for both.
  await logChanges(tx, [
    ...[...created.values()].map(responseRecorded),
    ...firsts.map((i) => ({
      actor: i.submittedBy, action: 'allocation.return', entity: 'allocation', entityId: i.allocationId, detail: { from: 'allocated', to: 'returned' },
    })),
  ]);

  // Only the urgent path looks people up (who to tell); most returns need no one beyond the case's team manager.
  const people = firsts.some((i) => isUrgent(i.response)) ? await listPeople(tx) : [];
  const partB: { allocationId: number; teamManagerId: string | null; dueDate: string }[] = [];
  const paths: { allocationId: number; status: 'awaiting-moderation' | 'open'; startedOn: string | null }[] = [];
  const messages: OutboxMessage[] = [];
  for (const input of firsts) {
    const { allocation, case: c } = returned.get(input.allocationId) as ReturnedAllocation;
    const plan = responseFollowUps(profile, allocation, c, input.response, people, input.returnedOn);
    if (plan.partB !== null) partB.push({ allocationId: allocation.id, ...plan.partB });
    if (plan.inadequatePath !== null) paths.push({ allocationId: allocation.id, ...plan.inadequatePath });
    messages.push(...plan.messages);
  }
  if (partB.length > 0) {
    await raisePartBs(tx, partB);
  }
  await createInadequatePaths(tx, paths);
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
