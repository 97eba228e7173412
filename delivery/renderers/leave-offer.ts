import { buildLeaveOfferCard } from '../../cards/leave-offer-card';
import { allocationItemView } from '../../cards/allocation-views';
import { getPerson } from '../../store/people-repo';
import { allocationOf, nameOf, todayOf, type Renderer } from './render-context';

/** The line manager's choice for an auditor on leave (the buttons check the presser: line manager or next tier). */
export const renderLeaveOffer: Renderer<'leave-offer'> = async (p, row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  const today = todayOf(ctx);
  const manager = row.recipientId === null ? null : await getPerson(ctx.db, row.recipientId);
  return buildLeaveOfferCard({
    managerName: manager?.name ?? 'Quality Assurance',
    auditorName: await nameOf(ctx, p.auditorId),
    leaveEnds: p.leaveEnds,
    item: allocationItemView(a, today),
    today,
  });
};
