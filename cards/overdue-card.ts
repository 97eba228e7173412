import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { MAX_LISTED_ITEMS, allocationItemBlock, moreLine } from './allocation-item-block';
import { card, clip, executeAction, header, text } from './card-parts';
import { formatCardDate, plural } from './format-date';
import type { OverdueNoticeView } from './view-models';
import { VERBS } from './verbs';

/** Told to the auditor once an audit is past its due date, before escalation to their line manager (004 §2.17). */
export function buildOverdueCard(view: OverdueNoticeView): AdaptiveCard {
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'warning',
      bleed: true,
      items: [
        ...header('Audit overdue', `For ${clip(view.auditorName, 80)}`),
        text(`${plural(view.items.length, 'audit')} past the due date.`, { weight: 'bolder' }),
      ],
    },
  ];
  if (view.escalatesTo && view.escalatesOn) {
    body.push(
      text(
        `If still open on ${formatCardDate(view.escalatesOn)}, ${clip(view.escalatesTo, 80)} will be told (guide §2.17).`,
      ),
    );
  }
  const shown = view.items.slice(0, MAX_LISTED_ITEMS);
  for (const item of shown) {
    body.push(
      allocationItemBlock(item, [
        executeAction('Record audit now', VERBS.gradeOpen, { allocationId: item.allocationId }, { style: 'positive' }),
      ]),
    );
  }
  body.push(...moreLine(view.items.length, shown.length, 'overdue audits'));
  return card(body, { fallbackText: 'Audit overdue' });
}
