import { AuditError } from '../../audit/errors';
import type { OutboxMessage } from '../../audit/outbox-messages';
import { oversightDatesOf } from '../../audit/oversight';
import { qaOfficers } from '../../audit/people';
import { mayOversee } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { buildOversightListCard, oversightListItem } from '../../cards/oversight-list-card';
import type { OversightRecordData } from '../../cards/verbs';
import { getAllocationDetail, type AllocationDetail } from '../../store/allocations-repo';
import { enqueue } from '../../store/outbox-repo';
import { oversightList, recordOversight } from '../../store/oversights-repo';
import { listPeople } from '../../store/people-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { refuse, unknownAllocationCard } from './refuse';

const VERB = 'oversight.record';

/**
 * 003: the service lead of the audit's area agrees with a returned audit (it becomes overseen) or disputes it with a
 * reason, which goes to each QA officer in the same transaction. The reply is the area's list as it now stands, so
 * the service lead sees what is left.
 */
export async function oversightRecord(ctx: ActionContext, data: OversightRecordData): Promise<AdaptiveCard> {
  const { db } = ctx.deps;
  const a = await getAllocationDetail(db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const permission = mayOversee(ctx.actor, a);
  if (!permission.allowed) return refuse(ctx, VERB, a.id, permission);
  if (a.status !== 'returned' && a.status !== 'overseen') {
    return errorCard(
      'NOT_RETURNED',
      `Audit ${a.caseRef} is ${a.status}: only a returned audit can be overseen.`,
      'Nothing was changed. It will appear on your oversight list once the auditor returns it.',
    );
  }
  try {
    await db.transaction(async (tx) => {
      const outcome = await recordOversight(tx, { allocationId: a.id, serviceLeadId: ctx.actor.id, decision: data.decision, reason: data.reason ?? null }, ctx.actor.id);
      if (outcome.decision === 'dispute' && outcome.reason !== null) {
        for (const m of disputeMessages(a, ctx.actor.id, outcome.reason, qaOfficers(await listPeople(tx)).map((q) => q.id))) await enqueue(tx, m);
      }
    });
  } catch (e) {
    if (e instanceof AuditError && e.code === 'INVALID_TRANSITION') {
      return errorCard('OVERSIGHT_NOT_RECORDED', e.message, 'Nothing was changed. Your oversight list shows where each audit stands.');
    }
    throw e;
  }
  const items = await oversightList(db, a.month, a.serviceArea);
  return buildOversightListCard({
    month: a.month,
    serviceArea: a.serviceArea,
    serviceLeadName: ctx.actor.name,
    dueDate: oversightDatesOf(ctx.deps.profile, a.month)?.dueDate ?? null,
    items: items.map(oversightListItem),
    notice: data.decision === 'agree' ? `You agreed with audit ${a.caseRef}: it is overseen.` : `Your dispute of audit ${a.caseRef} has gone to the QA team.`,
  });
}

/** One message per QA officer, keyed by allocation and officer so a retry never tells anyone twice. */
function disputeMessages(a: AllocationDetail, serviceLeadId: string, reason: string, qaIds: readonly string[]): OutboxMessage[] {
  return qaIds.map((qaId) => ({
    key: `oversight-dispute:${a.id}:${qaId}`, channel: 'teams', kind: 'oversight-dispute', recipientId: qaId,
    payload: { allocationId: a.id, caseRef: a.caseRef, month: a.month, serviceArea: a.serviceArea, team: a.team, grade: a.moderatedGrade ?? a.grade, serviceLeadId, reason },
  }));
}
