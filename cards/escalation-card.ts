import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { MAX_LISTED_ITEMS, allocationItemBlock, moreLine } from './allocation-item-block';
import { CardError } from './card-error';
import { card, clip, header, refreshFor, text } from './card-parts';
import { plural } from './format-date';
import type { EscalationView } from './view-models';
import { managerActions } from './manager-actions';

/**
 * To an auditor's line manager (rung 1) or the next tier (rung 2) when audits stay open (004 §2.17). The manager
 * can nudge, agree an exemption with its reason (004 §2.18) or set a new due date (cards/manager-actions.ts).
 */
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
        ...(view.insteadOfName === undefined || view.insteadOfName === null
          ? []
          : [text(`${clip(view.insteadOfName, 80)} is on leave, so this comes to you.`, { wrap: true })]),
      ],
    },
  ];
  const shown = view.items.slice(0, MAX_LISTED_ITEMS);
  for (const item of shown) body.push(allocationItemBlock(item, managerActions(item.allocationId, view.today)));
  body.push(...moreLine(view.items.length, shown.length, 'overdue audits'));
  return card(body, {
    refresh: refreshFor(
      { card: 'escalation', allocationId: first.allocationId, allocationIds: view.items.map((i) => i.allocationId) },
      view.actorIds,
    ),
    fallbackText: 'Audits not completed',
  });
}
