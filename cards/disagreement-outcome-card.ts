import type { AdaptiveCard } from './adaptive-card-types';
import { card, clip, facts, header, text } from './card-parts';
import { formatCardMonth } from './format-date';

/** The outcome of a review or mediation: the case by reference only, never the child's name. */
export interface DisagreementOutcomeView {
  recipientName: string;
  stage: 'review' | 'mediation';
  caseRef: string;
  /** The audit month, YYYY-MM. */
  month: string;
  outcome: 'grade-kept' | 'grade-changed';
  /** The grade disagreed with (null when ungraded) and, when changed, the grade agreed instead. */
  grade: string | null;
  newGrade: string | null;
  resolvedByName: string;
  note: string;
}

/** 004 §2.12–2.13: to the auditor, worker and team manager once the review or mediation has settled the grade. */
export function buildDisagreementOutcomeCard(view: DisagreementOutcomeView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const changed = view.outcome === 'grade-changed' && view.newGrade !== null;
  const title = changed ? `Grade changed: ${ref}` : `Grade kept: ${ref}`;
  const where = view.stage === 'review' ? 'at the review session' : 'at mediation';
  const was = view.grade === null ? 'Ungraded' : clip(view.grade, 40);
  return card(
    [
      ...header(title, `${formatCardMonth(view.month)} audit`),
      text(`${clip(view.recipientName, 80)}, the disagreement with this audit's grade was resolved ${where}.`),
      facts([
        ['Case', ref],
        ['Outcome', changed ? 'Grade changed' : 'Grade kept'],
        [changed ? 'Previous grade' : 'Grade', was],
        ...(changed && view.newGrade !== null ? [['Agreed grade', clip(view.newGrade, 40)] as const] : []),
        ['Recorded by', clip(view.resolvedByName, 80)],
      ]),
      text('What was agreed', { weight: 'bolder', spacing: 'medium' }),
      text(clip(view.note, 1000)),
    ],
    { fallbackText: title },
  );
}
