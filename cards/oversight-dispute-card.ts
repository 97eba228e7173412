import type { AdaptiveCard } from './adaptive-card-types';
import { card, clip, facts, header, text } from './card-parts';
import { formatCardMonth } from './format-date';

/**
 * 003: "any disputes concerning the audit will be addressed directly with the auditor between the 28th and 6th",
 * with QA's support. Each QA officer sees the case, its area, the service lead and their reason.
 */
export interface OversightDisputeView {
  caseRef: string;
  month: string;
  serviceArea: string;
  team: string;
  grade: string | null;
  auditorName: string;
  serviceLeadName: string;
  reason: string;
}

export function buildOversightDisputeCard(view: OversightDisputeView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  return card(
    [
      {
        type: 'Container',
        style: 'warning',
        bleed: true,
        items: header('Audit disputed at oversight', `Case ${ref} · ${formatCardMonth(view.month)}`),
      },
      facts([
        ['Case', ref],
        ['Service area', clip(view.serviceArea, 80)],
        ['Team', clip(view.team, 80)],
        ['Grade', view.grade === null ? 'Ungraded' : clip(view.grade, 40)],
        ['Auditor', clip(view.auditorName, 80)],
        ['Service lead', clip(view.serviceLeadName, 80)],
      ]),
      text('Reason given', { weight: 'bolder', spacing: 'medium' }),
      text(clip(view.reason, 1000)),
      text('Please support the service lead and the auditor to resolve this before the oversight due date.', { size: 'small', isSubtle: true }),
    ],
    { fallbackText: `Audit ${ref} disputed at oversight` },
  );
}
