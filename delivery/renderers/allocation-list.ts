import { themeFor } from '../../audit/programme-profile';
import { buildAllocationListCard } from '../../cards';
import { allocationItemView } from '../../cards/allocation-views';
import { listAllocationDetails, monthAuditorKey } from '../../store/allocations-repo';
import { nameOf, todayOf, type Renderer } from './render-context';

/** An auditor's own month list, or (with serviceArea) a service lead's oversight list of the area's audits. */
export const renderAllocationList: Renderer<'allocation-list'> = async (p, row, ctx) => {
  const today = todayOf(ctx);
  const own = p.serviceArea === undefined && row.recipientId !== null ? ctx.prefetched?.allocationLists.get(monthAuditorKey(p.month, row.recipientId)) : undefined;
  const all = own ?? (p.serviceArea !== undefined
    ? (await listAllocationDetails(ctx.db, { month: p.month })).filter((a) => a.serviceArea === p.serviceArea)
    : await listAllocationDetails(ctx.db, { month: p.month, ...(row.recipientId === null ? {} : { auditorId: row.recipientId }) }));
  return buildAllocationListCard({
    month: p.month,
    theme: themeFor(ctx.profile, p.month),
    auditorName: await nameOf(ctx, row.recipientId),
    items: all.map((a) => allocationItemView(a, today)),
  });
};
