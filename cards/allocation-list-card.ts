import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { MAX_LISTED_ITEMS, allocationItemBlock, isOpen, moreLine } from './allocation-item-block';
import { card, clip, executeAction, header, text } from './card-parts';
import { formatCardMonth, plural } from './format-date';
import type { AllocationListView } from './view-models';
import { VERBS } from './verbs';

/** The monthly allocation list an auditor receives (004 §2.1; 003: list sent on the 3rd, due on the 28th). */
export function buildAllocationListCard(view: AllocationListView): AdaptiveCard {
  const month = formatCardMonth(view.month);
  const open = view.items.filter((i) => isOpen(i.status)).length;
  const body: CardElement[] = [
    ...header(`Your audits for ${month}`, `For ${clip(view.auditorName, 80)}`),
  ];
  if (view.theme) body.push(text(`Theme this month: ${clip(view.theme, 120)}`, { weight: 'bolder', color: 'accent' }));
  body.push(
    text(
      view.items.length === 0
        ? 'No cases are allocated to you this month.'
        : `${plural(view.items.length, 'case')} allocated, ${open} still to do. Contact each allocated worker to arrange the audit together (guide §2.2).`,
    ),
  );
  const shown = view.items.slice(0, MAX_LISTED_ITEMS);
  for (const item of shown) {
    const actions = isOpen(item.status)
      ? [executeAction('Record audit', VERBS.gradeOpen, { allocationId: item.allocationId }, { style: 'positive' })]
      : [];
    body.push(allocationItemBlock(item, actions));
  }
  body.push(...moreLine(view.items.length, shown.length, 'cases; type "my audits" to see them all'));
  return card(body, { fallbackText: `Your audits for ${month}` });
}
