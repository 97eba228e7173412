import { effectiveDueDate } from '../../audit/allocation-lifecycle';
import { compareIsoDates, workingDaysBetween } from '../../audit/working-days';
import { buildReminderCard, type AdaptiveCard } from '../../cards';
import { allocationItemView } from '../../cards/allocation-views';
import type { OutboxRow } from '../../store/outbox-repo';
import { allocationOf, nameOf, todayOf, type RenderContext, type Renderer } from './render-context';

/** The reminder card for one audit, counted to its due date as it stands at send time (an extension moves it). */
export async function reminderFor(allocationId: number, row: Pick<OutboxRow, 'recipientId'>, ctx: RenderContext): Promise<AdaptiveCard> {
  const a = await allocationOf(ctx, allocationId);
  const today = todayOf(ctx);
  const due = effectiveDueDate(a);
  const left = compareIsoDates(today, due) >= 0 ? 0 : workingDaysBetween(today, due);
  return buildReminderCard({ auditorName: await nameOf(ctx, row.recipientId), dueDate: due, workingDaysLeft: left, items: [allocationItemView(a, today)] });
}

export const renderReminder: Renderer<'reminder'> = (p, row, ctx) => reminderFor(p.allocationId, row, ctx);
