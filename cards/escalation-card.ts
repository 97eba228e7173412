import type { AdaptiveCard, CardAction, CardElement } from './adaptive-card-types';
import { MAX_LISTED_ITEMS, allocationItemBlock, moreLine } from './allocation-item-block';
import { CardError } from './card-error';
import { card, clip, executeAction, header, refreshFor, text } from './card-parts';
import { plural } from './format-date';
import type { EscalationView, OverdueItemView } from './view-models';
import { VERBS, inputIdFor } from './verbs';

/**
 * To an auditor's line manager (rung 1) or the next tier (rung 2) when audits stay open (004 §2.17). The manager
 * can nudge, agree an exemption with its reason (004 §2.18) or set a new due date. Input ids carry the
 * allocation id so several items can share the card; the verb parser accepts them.
 */
function itemActions(item: OverdueItemView, today: string): CardAction[] {
  const id = item.allocationId;
  const reasonId = inputIdFor('reason', id);
  const dateId = inputIdFor('newDueDate', id);
  return [
    executeAction('Nudge', VERBS.escalationNudge, { allocationId: id }, { associatedInputs: 'none' }),
    {
      type: 'Action.ShowCard',
      title: 'Exempt',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Text',
            id: reasonId,
            label: 'Reason for the exemption',
            placeholder: 'e.g. long leave, capacity',
            isMultiline: true,
            maxLength: 500,
            isRequired: true,
            errorMessage: 'Give the reason for the exemption.',
          },
        ],
        actions: [executeAction('Grant exemption', VERBS.escalationExempt, { allocationId: id })],
      },
    },
    {
      type: 'Action.ShowCard',
      title: 'Extend',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Date',
            id: dateId,
            label: 'New due date',
            min: today,
            isRequired: true,
            errorMessage: 'Choose the new due date.',
          },
        ],
        actions: [executeAction('Set new due date', VERBS.escalationExtend, { allocationId: id })],
      },
    },
  ];
}

export function buildEscalationCard(view: EscalationView): AdaptiveCard {
  const first = view.items[0];
  if (!first) throw new CardError('INVALID_VIEW_MODEL', 'An escalation card needs at least one overdue item.');
  const tier = view.rung === 1 ? 'line manager' : 'next-tier manager';
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'warning',
      bleed: true,
      items: [
        ...header('Audits not completed', `For ${clip(view.managerName, 80)}, as ${tier}`),
        text(
          `${clip(view.auditorName, 80)} has ${plural(view.items.length, 'audit')} past the due date.` +
            (view.rung === 2 ? ' The line manager has already been told.' : ''),
          { weight: 'bolder' },
        ),
      ],
    },
  ];
  const shown = view.items.slice(0, MAX_LISTED_ITEMS);
  for (const item of shown) body.push(allocationItemBlock(item, itemActions(item, view.today)));
  body.push(...moreLine(view.items.length, shown.length, 'overdue audits'));
  return card(body, {
    refresh: refreshFor(
      { card: 'escalation', allocationId: first.allocationId, allocationIds: view.items.map((i) => i.allocationId) },
      view.actorIds,
    ),
    fallbackText: 'Audits not completed',
  });
}
