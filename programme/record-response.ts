import { isUrgent, type AuditResponse, type ResponseSource } from '../audit/audit-response';
import { AuditError } from '../audit/errors';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { responseFollowUps } from '../audit/response-follow-ups';
import type { IsoDate } from '../audit/working-days';
import { getAllocation, updateAllocation } from '../store/allocations-repo';
import { getCase } from '../store/cases-repo';
import type { Queryable } from '../store/db';
import { enqueue } from '../store/outbox-repo';
import { listPeople } from '../store/people-repo';
import { insertResponse, type StoredResponse } from '../store/responses-repo';

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
  const allocation = await getAllocation(tx, input.allocationId, true);
  if (allocation === null) throw new AuditError('UNKNOWN_ALLOCATION', `No allocation ${input.allocationId}`);
  const { created, response } = await insertResponse(tx, allocation.id, input.response, {
    source: input.source, sourceRef: input.sourceRef, submittedBy: input.submittedBy,
  });
  if (!created) return { created, response };
  await updateAllocation(tx, allocation.id, { type: 'return' }, input.submittedBy);
  const c = await getCase(tx, allocation.caseRef);
  if (c === null) throw new AuditError('UNKNOWN_ALLOCATION', `Allocation ${allocation.id} refers to missing case ${allocation.caseRef}`);
  // Only the urgent path looks people up (who to tell); most returns need no one beyond the case's team manager.
  const people = isUrgent(input.response) ? await listPeople(tx) : [];
  const plan = responseFollowUps(profile, allocation, c, input.response, people, input.returnedOn);
  if (plan.partB !== null) {
    await tx.query(`INSERT INTO part_b (allocation_id, team_manager_id, due_date) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      allocation.id, plan.partB.teamManagerId, plan.partB.dueDate,
    ]);
  }
  for (const m of plan.messages) await enqueue(tx, m);
  return { created, response };
}
