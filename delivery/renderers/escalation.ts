import { buildEscalationCard } from '../../cards';
import { overdueItemView } from '../../cards/allocation-views';
import { getPerson } from '../../store/people-repo';
import { allocationOf, nameOf, todayOf, type Renderer } from './render-context';

/** The line manager's (or next tier's) card with the buttons only they may press (refresh.userIds). */
export const renderEscalation: Renderer<'escalation'> = async (p, row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  const today = todayOf(ctx);
  const manager = row.recipientId === null ? null : await getPerson(ctx.db, row.recipientId);
  return buildEscalationCard({
    managerName: manager?.name ?? 'Quality Assurance',
    auditorName: await nameOf(ctx, p.auditorId),
    rung: p.rung,
    insteadOfName: p.insteadOf === undefined ? null : await nameOf(ctx, p.insteadOf),
    items: [overdueItemView(a, today)],
    today,
    actorIds: manager?.aadObjectId ? [manager.aadObjectId] : [],
  });
};
