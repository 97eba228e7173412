import { isOverdue } from '../../audit/allocation-lifecycle';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import { buildEscalationCard } from '../../cards/escalation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { CardRefreshData } from '../../cards/verbs';
import { getPerson } from '../../store/people-repo';
import { overdueItemView } from '../../cards/allocation-views';
import { todayOf } from '../bot-dates';
import type { ActionContext } from './action-context';
import { getAllocationDetail, type AllocationDetail } from '../../store/allocations-repo';
import { gradeCardFor } from './grade-card-state';
import { unknownAllocationCard } from './refuse';

/** The card for the state now, so a form opened before the audit was returned shows the confirmation instead. */
export async function cardRefresh(ctx: ActionContext, data: CardRefreshData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  if (data.card === 'grade-form') return gradeCardFor(ctx.deps, a);
  return escalationNow(ctx, a, data.allocationIds ?? [a.id]);
}

async function escalationNow(ctx: ActionContext, first: AllocationDetail, ids: readonly number[]): Promise<AdaptiveCard> {
  const today = todayOf(ctx.deps);
  const details: AllocationDetail[] = [];
  for (const id of ids.slice(0, 50)) {
    const d = id === first.id ? first : await getAllocationDetail(ctx.deps.db, id);
    if (d !== null && d.auditorId === first.auditorId && isOverdue(d, today)) details.push(d);
  }
  const auditor = await getPerson(ctx.deps.db, first.auditorId);
  if (details.length === 0) {
    return buildConfirmationCard({
      title: 'Nothing outstanding',
      caseRef: first.caseRef,
      facts: [],
      nextSteps: [`Every audit on this card has been dealt with${auditor ? ` by or for ${auditor.name}` : ''}.`],
    });
  }
  const manager = auditor?.managerId ? await getPerson(ctx.deps.db, auditor.managerId) : null;
  return buildEscalationCard({
    managerName: manager?.name ?? 'QA',
    auditorName: auditor?.name ?? first.auditorId,
    rung: details.some((d) => d.escalationLevel >= 2) ? 2 : 1,
    items: details.map((d) => overdueItemView(d, today)),
    today,
    actorIds: manager?.aadObjectId ? [manager.aadObjectId] : [],
  });
}
