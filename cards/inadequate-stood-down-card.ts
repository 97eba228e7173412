import type { AdaptiveCard } from './adaptive-card-types';
import { card, clip, facts, header, text } from './card-parts';
import { formatCardMonth } from './format-date';

/** To everyone told of an Inadequate grade that QA's moderation then changed; the case by reference only. */
export interface InadequateStoodDownView {
  caseRef: string;
  month: string;
  serviceArea: string;
  /** The grade QA moderated it to; null in an ungraded programme. */
  moderatedGrade: string | null;
}

/**
 * 003: the Inadequate path follows QA's agreement of the grade; moderated away from Inadequate, the path stops (no
 * further update requests or chases). A safeguarding concern raised with the audit still stands.
 */
export function buildInadequateStoodDownCard(view: InadequateStoodDownView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const grade = view.moderatedGrade === null ? 'another grade' : clip(view.moderatedGrade, 40);
  return card(
    [
      ...header(`${ref}: no longer graded Inadequate`, `Audit of ${formatCardMonth(view.month)}`),
      text(`QA moderated the audit to ${grade}. The Inadequate updates and follow-up are no longer needed and will not be chased.`),
      text('Any immediate safeguarding concern raised with the audit still stands: keep acting on it.', { weight: 'bolder' }),
      facts([
        ['Case', ref],
        ['Service area', clip(view.serviceArea, 80)],
        ['Moderated grade', grade],
      ]),
    ],
    { fallbackText: `${ref}: no longer graded Inadequate` },
  );
}
