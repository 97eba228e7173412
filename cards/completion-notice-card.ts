import type { AdaptiveCard } from './adaptive-card-types';
import { card, clip, facts, header, text } from './card-parts';
import { formatCardMonth } from './format-date';

/** What the completion notice shows: the case by reference only, never the child's name. */
export interface CompletionNoticeView {
  recipientName: string;
  /** Why this person is told: the case is theirs, or their team's. */
  target: 'allocated-worker' | 'team-manager';
  caseRef: string;
  /** The audit month, YYYY-MM. */
  month: string;
  serviceArea: string;
  team: string;
  auditorName: string;
  /** The auditor's grade, or null in an ungraded programme. */
  grade: string | null;
  /** Whether the programme asks for Part B, so the card says what comes next. */
  partB: boolean;
}

/**
 * Tells the allocated worker or team manager an audit is done (003 Audit Process Flow Chart), so the findings can be
 * noted with the worker and manager (004 §2.15). Information only: nothing to press.
 */
export function buildCompletionNoticeCard(view: CompletionNoticeView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const whose = view.target === 'allocated-worker' ? 'a case allocated to you' : 'a case in your team';
  const next = view.partB
    ? 'Note the findings together and complete Part B at the next supervision.'
    : 'Note the findings together at the next supervision.';
  return card(
    [
      ...header(`Audit complete: ${ref}`, `${formatCardMonth(view.month)} audit`),
      text(`${clip(view.recipientName, 80)}, the audit of ${whose} has been returned.`),
      facts([
        ['Case', ref],
        ['Grade', view.grade === null ? 'Ungraded' : clip(view.grade, 40)],
        ['Auditor', clip(view.auditorName, 80)],
        ['Team', clip(view.team, 80)],
        ['Service area', clip(view.serviceArea, 80)],
      ]),
      text(next, { isSubtle: true }),
    ],
    { fallbackText: `Audit complete: ${ref}` },
  );
}
