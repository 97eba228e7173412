import type { AdaptiveCard } from './adaptive-card-types';
import { kindLabel } from './allocation-item-block';
import { card, clip, facts, header, text } from './card-parts';
import { formatCardDate, formatCardMonth } from './format-date';
import type { InadequateAlertView } from './view-models';

/**
 * The urgent notice to the allocated worker, team manager and Assistant Director when an audit is graded
 * Inadequate (004 §2.11, §5.4). Structured facts and deadlines only: the findings stay in the audit record.
 */
export function buildInadequateAlertCard(view: InadequateAlertView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  return card(
    [
      {
        type: 'Container',
        style: 'attention',
        bleed: true,
        items: [
          ...header(`Urgent: ${ref} graded ${clip(view.grade, 40)}`, `Audited ${formatCardDate(view.auditedOn)}`),
          text('Act now to make sure the child is safe (guide §2.11).', { weight: 'bolder' }),
        ],
      },
      facts([
        ['Case', ref],
        ['Service area', clip(view.serviceArea, 80)],
        ['Team', clip(view.team, 80)],
        ['Auditor', clip(view.auditorName, 80)],
        ['Grade', clip(view.grade, 40)],
      ]),
      text('What must happen', { weight: 'bolder', spacing: 'large' }),
      facts([
        ['Update the case record by', formatCardDate(view.updateDueDate)],
        ...(view.partBDueDate === null ? [] : [['Part B completed by', formatCardDate(view.partBDueDate)] as const]),
        ['Follow-up check on', formatCardDate(view.followUpDate)],
        [kindLabel('re-audit'), formatCardMonth(view.reAuditMonth)],
      ]),
    ],
    { fallbackText: `Urgent: ${ref} graded ${view.grade}` },
  );
}
