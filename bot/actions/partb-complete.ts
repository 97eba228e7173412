import { assistantDirectorFor } from '../../audit/people';
import { mayCompletePartB } from '../../audit/permissions';
import { listPeople } from '../../store/people-repo';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { PartBCompleteData } from '../../cards/verbs';
import { completePartB, getPartB } from '../../store/part-b-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { getAllocationDetail } from '../../store/allocations-repo';
import { refuse, unknownAllocationCard } from './refuse';

/**
 * Part B by the case's team manager (004 §7), or by the area's Assistant Director once it is overdue and chased to
 * them (004 §7.5); completing it twice keeps the first reflection and suggested actions.
 */
export async function partBComplete(ctx: ActionContext, data: PartBCompleteData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const partB = await getPartB(ctx.deps.db, a.id);
  if (partB === null) return errorCard('NO_PART_B', `No Part B is due for ${a.caseRef}.`, 'Contact the QA team if you expected one.');
  const ad = assistantDirectorFor(a.serviceArea, await listPeople(ctx.deps.db));
  const p = mayCompletePartB(ctx.actor, { teamManagerId: partB.teamManagerId, assistantDirectorId: ad?.id ?? null });
  if (!p.allowed) return refuse(ctx, 'partb.complete', a.id, p);
  if (partB.completedAt === null) {
    await ctx.deps.db.transaction((tx) => completePartB(tx, a.id, ctx.actor.id, data.reflection, data.suggestedActions ?? null));
  }
  return buildConfirmationCard({ title: 'Part B recorded', caseRef: a.caseRef, facts: [], nextSteps: ['Thank you. QA will see it in the monthly report.'] });
}
