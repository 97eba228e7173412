import { assertMayRaise, currentGradeOf, DisagreementError, raisedAsFor, requestMessages, reviewParties, mediationDate } from '../../audit/disagreement';
import { mayDisagree } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import { formatCardDate } from '../../cards/format-date';
import type { DisagreementRaiseData } from '../../cards/verbs';
import { getAllocation, getAllocationDetail } from '../../store/allocations-repo';
import { getCase } from '../../store/cases-repo';
import { agreedGradeFor, openDisagreementFor, raiseDisagreement } from '../../store/disagreements-repo';
import { enqueueMany } from '../../store/outbox-repo';
import { todayOf } from '../bot-dates';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { refuse, unknownAllocationCard } from './refuse';

const VERB = 'disagreement.raise';

/**
 * 004 §2.12: the allocated worker or team manager disagrees with a returned audit's grade. The disagreement and the
 * review invitations to the auditor, worker and team manager are written in one transaction.
 */
export async function disagreementRaise(ctx: ActionContext, data: DisagreementRaiseData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const theCase = await getCase(ctx.deps.db, a.caseRef);
  const people = { allocatedWorkerId: theCase?.allocatedWorkerId ?? null, teamManagerId: theCase?.teamManagerId ?? null };
  const p = mayDisagree(ctx.actor, people);
  if (!p.allowed) return refuse(ctx, VERB, a.id, p);
  const today = todayOf(ctx.deps);
  try {
    const d = await ctx.deps.db.transaction(async (tx) => {
      // Locking the allocation serialises two presses of the button: the second sees the first's open disagreement.
      const locked = await getAllocation(tx, a.id, true);
      if (locked === null) throw new DisagreementError('NOT_RETURNED', `Audit ${a.id} could not be found.`);
      assertMayRaise(locked, (await openDisagreementFor(tx, a.id))?.id ?? null);
      const grade = currentGradeOf({ agreedGrade: await agreedGradeFor(tx, a.id), moderatedGrade: a.moderatedGrade, grade: a.grade });
      const raised = await raiseDisagreement(tx, { allocationId: a.id, raisedBy: ctx.actor.id, raisedAs: raisedAsFor(ctx.actor.id, people), reason: data.reason, raisedOn: today });
      const audit = { allocationId: a.id, caseRef: a.caseRef, month: a.month, serviceArea: a.serviceArea, team: a.team, grade, auditorId: a.auditorId };
      await enqueueMany(tx, requestMessages(audit, raised, 'review', reviewParties(a.auditorId, people)));
      return raised;
    });
    return buildConfirmationCard({
      title: 'Disagreement recorded',
      caseRef: a.caseRef,
      facts: [{ label: 'Stage', value: 'Review session' }],
      nextSteps: [
        'The auditor, the allocated worker and the team manager have been asked to review the grade together.',
        `If it is not resolved by ${formatCardDate(mediationDate(ctx.deps.profile, d.raisedOn))}, it goes to mediation.`,
      ],
    });
  } catch (e) {
    if (e instanceof DisagreementError) return errorCard(`DISAGREEMENT_${e.problem}`, e.message, 'Nothing was changed.');
    throw e;
  }
}
