import { mayExempt } from '../../audit/permissions';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { EscalationExemptData } from '../../cards/verbs';
import { updateAllocation } from '../../store/allocations-repo';
import type { ActionContext } from './action-context';
import { asLineManager } from './line-manager';
import { refuse, unknownAllocationCard } from './refuse';
import { transitionErrorCard } from './transition-error';

export async function escalationExempt(ctx: ActionContext, data: EscalationExemptData): Promise<AdaptiveCard> {
  const m = await asLineManager(ctx, data.allocationId, mayExempt);
  if (!m.ok) {
    return m.reason === 'unknown' ? unknownAllocationCard(m.allocationId) : refuse(ctx, 'escalation.exempt', m.allocationId, m.refusal);
  }
  try {
    await ctx.deps.db.transaction((tx) => updateAllocation(tx, m.allocation.id, { type: 'exempt', reason: data.reason }, ctx.actor.id));
  } catch (e) {
    return transitionErrorCard(e);
  }
  return buildConfirmationCard({
    title: 'Exemption granted',
    caseRef: m.allocation.caseRef,
    facts: [{ label: 'Auditor', value: m.auditor.name }],
    nextSteps: ['QA will see the exemption and its reason in the monthly report.'],
  });
}
