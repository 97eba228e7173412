import { oversightDatesOf } from '../../audit/oversight';
import { buildOversightListCard, oversightListItem } from '../../cards';
import { oversightList } from '../../store/oversights-repo';
import { nameOf, type Renderer } from './render-context';

/** 003: the service lead's list of the month's returned audits in their area, read as they stand at send time. */
export const renderOversightList: Renderer<'oversight-list'> = async (p, row, ctx) => {
  const items = await oversightList(ctx.db, p.month, p.serviceArea);
  return buildOversightListCard({
    month: p.month,
    serviceArea: p.serviceArea,
    serviceLeadName: await nameOf(ctx, row.recipientId),
    dueDate: oversightDatesOf(ctx.profile, p.month)?.dueDate ?? null,
    items: items.map(oversightListItem),
  });
};
