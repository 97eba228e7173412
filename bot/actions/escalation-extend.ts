import { extensionDateProblem } from '../../audit/allocation-lifecycle';
import { mayExtend } from '../../audit/permissions';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { EscalationExtendData } from '../../cards/verbs';
import { updateAllocation } from '../../store/allocations-repo';
import { todayOf } from '../bot-dates';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { asLineManager } from './line-manager';
import { refuse, unknownAllocationCard } from './refuse';
import { transitionErrorCard } from './transition-error';

export async function escalationExtend(ctx: ActionContext, data: EscalationExtendData): Promise<AdaptiveCard> {
  const m = await asLineManager(ctx, data.allocationId, mayExtend);
  if (!m.ok) {
    return m.reason === 'unknown' ? unknownAllocationCard(m.allocationId) : refuse(ctx, 'escalation.extend', m.allocationId, m.refusal);
  }
  const past = extensionDateProblem(data.newDueDate, todayOf(ctx.deps));
  if (past !== null) return errorCard('EXTENSION_IN_THE_PAST', past, 'Nothing was changed.');
  try {
    await ctx.deps.db.transaction((tx) => updateAllocation(tx, m.allocation.id, { type: 'extend', to: data.newDueDate }, ctx.actor.id));
  } catch (e) {
    return transitionErrorCard(e);
  }
  return buildConfirmationCard({
    title: 'Due date extended',
    caseRef: m.allocation.caseRef,
    facts: [{ label: 'New due date', value: data.newDueDate }, { label: 'Auditor', value: m.auditor.name }],
    nextSteps: [`${m.auditor.name} will be reminded before the new date.`],
  });
}
