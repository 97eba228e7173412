import { GradeSchema } from '../../audit/grades';
import { moderationRules } from '../../audit/moderation-sample';
import { mayModerate } from '../../audit/permissions';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { ModerationSubmitData } from '../../cards/verbs';
import { recordModeration, type ModerationEffect } from '../../programme/moderate-inadequate';
import { todayOf } from '../bot-dates';
import { getResponse } from '../../store/responses-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { getAllocationDetail } from '../../store/allocations-repo';
import { refuse, unknownAllocationCard } from './refuse';

const NEXT_STEP: Record<ModerationEffect, string[]> = {
  start: ['Agreed Inadequate: the urgent notices go out now, and the team manager will be asked for the 3-day update and the 1-week follow-up (003).'],
  stop: ['No longer Inadequate: the Inadequate path stops, and everyone told of it is told so.'],
  none: [],
};

/**
 * QA's moderated grade (004 §2.16); only QA moderates, and only a returned audit. Agreeing Inadequate starts the
 * Inadequate path; moderating away from it stops the path (003).
 */
export async function moderationSubmit(ctx: ActionContext, data: ModerationSubmitData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const p = mayModerate(ctx.actor, moderationRules(ctx.deps.profile).moderators);
  if (!p.allowed) return refuse(ctx, 'moderation.submit', a.id, p);
  const response = await getResponse(ctx.deps.db, a.id);
  if (response === null) {
    return errorCard('NOT_RETURNED', `Audit of ${a.caseRef} has not been returned yet.`, 'Moderate it once the auditor has returned it.');
  }
  const moderatedGrade = GradeSchema.parse(data.moderatedGrade);
  const effect = await ctx.deps.db.transaction((tx) =>
    recordModeration(tx, ctx.deps.profile, { allocationId: a.id, moderatorId: ctx.actor.id, originalGrade: response.grade, moderatedGrade, note: data.note }, ctx.actor.id, todayOf(ctx.deps)),
  );
  return buildConfirmationCard({
    title: 'Moderation recorded',
    caseRef: a.caseRef,
    facts: [{ label: 'Original grade', value: response.grade ?? 'Ungraded' }, { label: 'Moderated grade', value: moderatedGrade }],
    nextSteps: ['The monthly headlines will use the moderated grade.', ...NEXT_STEP[effect]],
  });
}
