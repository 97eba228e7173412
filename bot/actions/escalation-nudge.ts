import { mayNudge } from '../../audit/permissions';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { EscalationNudgeData } from '../../cards/verbs';
import { logChange } from '../../store/audit-log';
import { enqueue } from '../../store/outbox-repo';
import { todayOf } from '../bot-dates';
import type { ActionContext } from './action-context';
import { asLineManager } from './line-manager';
import { refuse, unknownAllocationCard } from './refuse';

/** Queues a nudge to the auditor (the outbox sends it); one per allocation per day however often it is pressed. */
export async function escalationNudge(ctx: ActionContext, data: EscalationNudgeData): Promise<AdaptiveCard> {
  const m = await asLineManager(ctx, data.allocationId, mayNudge);
  if (!m.ok) {
    return m.reason === 'unknown' ? unknownAllocationCard(m.allocationId) : refuse(ctx, 'escalation.nudge', m.allocationId, m.refusal);
  }
  const today = todayOf(ctx.deps);
  await ctx.deps.db.transaction(async (tx) => {
    const queued = await enqueue(tx, {
      key: `nudge:${m.allocation.id}:${today}`,
      channel: 'teams',
      kind: 'nudge',
      recipientId: m.auditor.id,
      payload: { allocationId: m.allocation.id, caseRef: m.allocation.caseRef, fromId: ctx.actor.id },
    });
    if (queued) await logChange(tx, ctx.actor.id, 'allocation.nudge', 'allocation', m.allocation.id);
  });
  return buildConfirmationCard({
    title: 'Reminder sent',
    caseRef: m.allocation.caseRef,
    facts: [{ label: 'To', value: m.auditor.name }],
    nextSteps: ['Audit Loop will tell you if the audit stays open.'],
  });
}
