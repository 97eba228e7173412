import { checkOutcome, currentGradeOf, DisagreementError, effectiveMediator, outcomeMessages, reviewParties, type DisagreementStage } from '../../audit/disagreement';
import { mayMediate, mayRecordReview, type Permission } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { DisagreementResolveData } from '../../cards/verbs';
import { getAllocationDetail, type AllocationDetail } from '../../store/allocations-repo';
import { getCase } from '../../store/cases-repo';
import { agreedGradeFor, getDisagreement, resolveDisagreement, type Disagreement } from '../../store/disagreements-repo';
import { enqueueMany } from '../../store/outbox-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { fieldErrorsCard } from './grade-submit';
import { refuse } from './refuse';

const VERB = 'disagreement.resolve';

/** At review the allocated auditor records the session's outcome; at mediation, the mediator (004 §2.12–2.13). */
function permissionAt(ctx: ActionContext, stage: DisagreementStage, d: Disagreement, a: AllocationDetail): Permission {
  if (stage === 'review') return mayRecordReview(ctx.actor, a);
  return mayMediate(ctx.actor, { mediator: effectiveMediator(ctx.deps.profile, d.mediatorId), mediatorId: d.mediatorId });
}

const alreadyResolved = (caseRef: string): AdaptiveCard =>
  errorCard('DISAGREEMENT_ALREADY_RESOLVED', `The disagreement about ${caseRef} has already been resolved.`, 'Nothing was changed.');

/**
 * Records the outcome (grade kept, or changed to another on the scale) and tells the auditor, worker and team
 * manager. A changed grade is kept on the disagreement (new_grade); the auditor's response is never rewritten.
 */
export async function disagreementResolve(ctx: ActionContext, data: DisagreementResolveData): Promise<AdaptiveCard> {
  const d = await getDisagreement(ctx.deps.db, data.disagreementId);
  if (d === null) return fieldErrorsCard([{ field: 'disagreementId', message: `Disagreement ${data.disagreementId} could not be found.` }]);
  const a = await getAllocationDetail(ctx.deps.db, d.allocationId);
  if (a === null) return fieldErrorsCard([{ field: 'disagreementId', message: `The audit of disagreement ${d.id} could not be found.` }]);
  const stage: DisagreementStage = d.status === 'resolved' ? (d.resolvedStage ?? 'review') : d.status;
  const p = permissionAt(ctx, stage, d, a);
  if (!p.allowed) return refuse(ctx, VERB, a.id, p);
  if (d.status === 'resolved') return alreadyResolved(a.caseRef);

  const grade = currentGradeOf({ agreedGrade: await agreedGradeFor(ctx.deps.db, a.id), moderatedGrade: a.moderatedGrade, grade: a.grade });
  let checked;
  try {
    checked = checkOutcome(ctx.deps.profile, d, grade, data);
  } catch (e) {
    if (e instanceof DisagreementError && e.field !== null) return fieldErrorsCard([{ field: e.field, message: e.message }]);
    throw e;
  }
  const theCase = await getCase(ctx.deps.db, a.caseRef);
  const people = { allocatedWorkerId: theCase?.allocatedWorkerId ?? null, teamManagerId: theCase?.teamManagerId ?? null };
  const recorded = await ctx.deps.db.transaction(async (tx) => {
    const locked = await getDisagreement(tx, d.id, true);
    // The scheduler may have moved it to mediation since it was read: the auditor's permission was for review.
    if (locked === null || locked.status !== checked.stage) return false;
    if (!(await resolveDisagreement(tx, d.id, checked, data.note, ctx.actor.id))) return false;
    const audit = { allocationId: a.id, caseRef: a.caseRef, month: a.month, serviceArea: a.serviceArea, team: a.team, grade, auditorId: a.auditorId };
    await enqueueMany(tx, outcomeMessages(audit, d.id, checked, reviewParties(a.auditorId, people)));
    return true;
  });
  if (!recorded) {
    return errorCard('DISAGREEMENT_STAGE_CHANGED', `The disagreement about ${a.caseRef} has moved on since this card was sent.`, 'Nothing was changed. Open the latest message about it.');
  }
  const changed = checked.newGrade !== null;
  return buildConfirmationCard({
    title: changed ? 'Grade change recorded' : 'Grade kept',
    caseRef: a.caseRef,
    facts: [
      { label: 'Outcome', value: changed ? 'Grade changed' : 'Grade kept' },
      ...(changed && checked.newGrade !== null ? [{ label: 'Agreed grade', value: checked.newGrade }] : []),
      { label: 'Stage', value: checked.stage === 'review' ? 'Review session' : 'Mediation' },
    ],
    nextSteps: ['The auditor, the allocated worker and the team manager have been told the outcome.'],
  });
}
