import type { AdaptiveCard, CardAction, CardElement, ShowCardAction } from './adaptive-card-types';
import { MAX_LISTED_ITEMS, allocationItemBlock, isOpen, moreLine } from './allocation-item-block';
import { card, clip, executeAction, header, text } from './card-parts';
import { formatCardMonth, plural } from './format-date';
import type { AllocationListView } from './view-models';
import { EXEMPTION_CATEGORY_CHOICES } from './exemption-request-card';
import { VERBS, inputIdFor } from './verbs';

/**
 * 004 §2.18: an auditor who cannot do an audit asks for an exemption at any time, not only once it is late. Input
 * ids carry the allocation id because the card lists several audits; the verb parser lifts them.
 */
function exemptionRequestAction(allocationId: number): ShowCardAction {
  return {
    type: 'Action.ShowCard',
    title: "I can't do this one",
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.ChoiceSet',
          id: inputIdFor('category', allocationId),
          label: 'Why?',
          style: 'expanded',
          choices: EXEMPTION_CATEGORY_CHOICES,
          isRequired: true,
          errorMessage: 'Choose why: leave, capacity or a conflict of interest.',
        },
        {
          type: 'Input.Text',
          id: inputIdFor('reason', allocationId),
          label: 'Say briefly why (your line manager will read this; no names of children)',
          isMultiline: true,
          maxLength: 500,
          isRequired: true,
          errorMessage: 'Say briefly why you cannot do this audit.',
        },
      ],
      actions: [executeAction('Ask for an exemption', VERBS.exemptionRequest, { allocationId })],
    },
  };
}

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
    const actions: CardAction[] = isOpen(item.status)
      ? [executeAction('Record audit', VERBS.gradeOpen, { allocationId: item.allocationId }, { style: 'positive' }), exemptionRequestAction(item.allocationId)]
      : [];
    body.push(allocationItemBlock(item, actions));
  }
  body.push(...moreLine(view.items.length, shown.length, 'cases; type "my audits" to see them all'));
  return card(body, { fallbackText: `Your audits for ${month}` });
}
