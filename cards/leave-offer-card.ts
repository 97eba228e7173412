import type { AdaptiveCard } from './adaptive-card-types';
import { allocationItemBlock } from './allocation-item-block';
import { card, clip, header, text } from './card-parts';
import { formatCardDate } from './format-date';
import { managerActions } from './manager-actions';
import type { LeaveOfferView } from './view-models';

/**
 * The one card a line manager gets when an auditor's automatic replies cover the due date: reminders and escalation
 * are paused, and the manager chooses an extension past the leave, or an exemption (QA then reallocates the case to
 * another auditor or drops it). Case reference only.
 */
export function buildLeaveOfferCard(view: LeaveOfferView): AdaptiveCard {
  const back = view.leaveEnds === null ? 'with no return date set' : `until ${formatCardDate(view.leaveEnds.slice(0, 10))}`;
  return card(
    [
      {
        type: 'Container',
        style: 'emphasis',
        bleed: true,
        items: [
          ...header('Auditor on leave', `For ${clip(view.managerName, 80)}`),
          text(`${clip(view.auditorName, 80)} is on leave ${back}, through the due date of this audit.`, { wrap: true }),
          text('Reminders and escalation are paused. Extend the due date past the leave, or exempt it so QA can reallocate the case.', { wrap: true, isSubtle: true }),
        ],
      },
      allocationItemBlock(view.item, managerActions(view.item.allocationId, view.today, { nudge: false, exemptTitle: 'Exempt (QA reallocates)' })),
    ],
    // No refresh: it is sent to the manager's own chat, and refreshing would redraw it as an escalation card.
    { fallbackText: 'Auditor on leave: choose an extension or an exemption' },
  );
}
