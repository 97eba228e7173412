import { GradeSchema } from '../../audit/grades';
import { mayModerate } from '../../audit/permissions';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { ModerationSubmitData } from '../../cards/verbs';
import { upsertModeration } from '../../store/moderations-repo';
import { getResponse } from '../../store/responses-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { getAllocationDetail } from '../../store/allocations-repo';
import { refuse, unknownAllocationCard } from './refuse';

/** QA's moderated grade (004 §2.16); only QA moderates, and only a returned audit. */
export async function moderationSubmit(ctx: ActionContext, data: ModerationSubmitData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const p = mayModerate(ctx.actor);
  if (!p.allowed) return refuse(ctx, 'moderation.submit', a.id, p);
  const response = await getResponse(ctx.deps.db, a.id);
  if (response === null) {
    return errorCard('NOT_RETURNED', `Audit of ${a.caseRef} has not been returned yet.`, 'Moderate it once the auditor has returned it.');
  }
  const moderatedGrade = GradeSchema.parse(data.moderatedGrade);
  await ctx.deps.db.transaction((tx) =>
    upsertModeration(tx, { allocationId: a.id, moderatorId: ctx.actor.id, originalGrade: response.grade, moderatedGrade, note: data.note }, ctx.actor.id),
  );
  return buildConfirmationCard({
    title: 'Moderation recorded',
    caseRef: a.caseRef,
    facts: [{ label: 'Original grade', value: response.grade ?? 'Ungraded' }, { label: 'Moderated grade', value: moderatedGrade }],
    nextSteps: ['The monthly headlines will use the moderated grade.'],
  });
}
