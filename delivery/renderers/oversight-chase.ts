import { buildOversightChaseCard } from '../../cards';
import { outstandingOversights } from '../../store/oversights-repo';
import { nameOf, type Renderer } from './render-context';

/**
 * The service lead's reminder, or their manager's (or QA's) escalation. The count is read at send time: audits
 * overseen since the step ran are not chased again on the card.
 */
export const renderOversightChase: Renderer<'oversight-chase'> = async (p, row, ctx) => {
  const outstanding = (await outstandingOversights(ctx.db, p.month, p.serviceArea)).length;
  return buildOversightChaseCard({
    stage: p.stage,
    month: p.month,
    serviceArea: p.serviceArea,
    serviceLeadName: await nameOf(ctx, p.serviceLeadId),
    recipientName: await nameOf(ctx, row.recipientId),
    dueDate: p.dueDate,
    outstanding,
  });
};
