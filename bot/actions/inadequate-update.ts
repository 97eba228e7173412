import { assistantDirectorFor } from '../../audit/people';
import { mayRecordInadequateUpdate } from '../../audit/permissions';
import { listPeople } from '../../store/people-repo';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { InadequateUpdateData } from '../../cards/verbs';
import { getAllocationDetail } from '../../store/allocations-repo';
import { getCase } from '../../store/cases-repo';
import { getInadequatePath, recordInadequateUpdate } from '../../store/inadequate-paths-repo';
import { enqueue } from '../../store/outbox-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { refuse, unknownAllocationCard } from './refuse';

const STAGE_NAME = { update: '3-day update', 'follow-up': '1-week follow-up' } as const;

/**
 * 003: the team manager's 3-day update or 1-week follow-up on an Inadequate case (or the area's Assistant Director's,
 * once it was late and sent to them). Recorded once per stage; QA is told it is in, with no free text in the notice.
 */
export async function inadequateUpdate(ctx: ActionContext, data: InadequateUpdateData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const c = await getCase(ctx.deps.db, a.caseRef);
  const ad = assistantDirectorFor(a.serviceArea, await listPeople(ctx.deps.db));
  const p = mayRecordInadequateUpdate(ctx.actor, { teamManagerId: c?.teamManagerId ?? null, assistantDirectorId: ad?.id ?? null });
  if (!p.allowed) return refuse(ctx, 'inadequate.update', a.id, p);
  const stage = STAGE_NAME[data.stage];
  const outcome = await ctx.deps.db.transaction(async (tx) => {
    // Locked, so a moderation changing the path and this update queue up rather than race.
    const path = await getInadequatePath(tx, a.id, true);
    if (path === null || path.status === 'awaiting-moderation') return 'not-open' as const;
    if (path.status === 'stopped') return 'stopped' as const;
    if (path.round !== data.round) return 'stale' as const;
    const recorded = await recordInadequateUpdate(tx, {
      allocationId: a.id, round: path.round, stage: data.stage, whatWasDone: data.whatWasDone,
      safeguardingActionTaken: data.safeguardingActionTaken === 'yes', recordedBy: ctx.actor.id,
    });
    if (!recorded) return 'already' as const;
    await enqueue(tx, {
      key: `inadequate-update-recorded:${a.id}:${path.round}:${data.stage}`, channel: 'qa-notice', kind: 'qa-notice', recipientId: null,
      payload: { allocationId: a.id, caseRef: a.caseRef, month: a.month, reason: `the Inadequate ${stage} for ${a.caseRef} is recorded (safeguarding action taken: ${data.safeguardingActionTaken})` },
    });
    return 'recorded' as const;
  });
  if (outcome === 'not-open') {
    return errorCard('INADEQUATE_NOT_OPEN', `${a.caseRef} is not on the Inadequate path yet: QA has not agreed the grade.`, 'Nothing was recorded. You will be asked for the update once QA agrees the grade.');
  }
  if (outcome === 'stopped') {
    return errorCard('INADEQUATE_STOPPED', `QA moderated ${a.caseRef} away from Inadequate, so no ${stage} is needed.`, 'Nothing was recorded. Keep acting on any safeguarding concern as before.');
  }
  if (outcome === 'stale') {
    return errorCard('INADEQUATE_STALE', `This request for ${a.caseRef} is out of date: the grade has been moderated since.`, 'Nothing was recorded. Use the latest request card.');
  }
  return buildConfirmationCard({
    title: outcome === 'recorded' ? `Inadequate ${stage} recorded` : `The ${stage} was already recorded`,
    caseRef: a.caseRef,
    facts: outcome === 'recorded' ? [{ label: 'Safeguarding action taken', value: data.safeguardingActionTaken === 'yes' ? 'Yes' : 'No' }] : [],
    nextSteps: outcome === 'recorded' ? ['QA has been told. The case will be re-audited after a month.'] : ['The first one recorded is kept.'],
  });
}
