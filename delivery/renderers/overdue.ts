import { buildOverdueCard } from '../../cards';
import { overdueItemView } from '../../cards/allocation-views';
import { allocationOf, nameOf, todayOf, type Renderer } from './render-context';

export const renderOverdue: Renderer<'overdue'> = async (p, row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  const today = todayOf(ctx);
  return buildOverdueCard({
    auditorName: await nameOf(ctx, row.recipientId),
    escalatesTo: p.escalatesTo === null ? null : await nameOf(ctx, p.escalatesTo),
    escalatesOn: p.escalatesTo === null ? null : today,
    items: [overdueItemView(a, today)],
  });
};
