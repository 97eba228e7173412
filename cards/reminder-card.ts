import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { MAX_LISTED_ITEMS, allocationItemBlock, moreLine } from './allocation-item-block';
import { card, clip, executeAction, header, text } from './card-parts';
import { formatCardDate, plural } from './format-date';
import type { ReminderView } from './view-models';
import { VERBS } from './verbs';

/** A reminder before the due date for audits not yet returned. */
export function buildReminderCard(view: ReminderView): AdaptiveCard {
  const due = formatCardDate(view.dueDate);
  const body: CardElement[] = [
    ...header('Audit reminder', `For ${clip(view.auditorName, 80)}`),
    text(
      `${plural(view.items.length, 'audit')} due by ${due} (${plural(view.workingDaysLeft, 'working day')} left).`,
      { weight: 'bolder' },
    ),
  ];
  const shown = view.items.slice(0, MAX_LISTED_ITEMS);
  for (const item of shown) {
    body.push(
      allocationItemBlock(item, [executeAction('Record audit', VERBS.gradeOpen, { allocationId: item.allocationId })]),
    );
  }
  body.push(...moreLine(view.items.length, shown.length, 'audits'));
  body.push(
    text('If you cannot complete an audit (capacity, long leave), talk to your line manager now (guide §2.18).', {
      isSubtle: true,
      size: 'small',
      spacing: 'large',
    }),
  );
  return card(body, { fallbackText: `Audit reminder: due ${due}` });
}
