import type { AdaptiveCard, CardAction } from './adaptive-card-types';
import { card, clip, executeAction, facts, header, text } from './card-parts';
import { formatCardMonth } from './format-date';
import { VERBS } from './verbs';

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
  /**
   * 004 §2.12: the audit whose grade the recipient may disagree with; left out (or null) in an ungraded programme,
   * where there is no grade to disagree with, and the card has nothing to press.
   */
  disagreeAllocationId?: number | null;
}

/** "I disagree with the grade": a reason, sent as 'disagreement.raise' for the audit. */
function disagreeAction(allocationId: number): CardAction {
  return {
    type: 'Action.ShowCard',
    title: 'I disagree with the grade',
    card: {
      type: 'AdaptiveCard',
      body: [
        text('Say what you disagree with. The auditor, the allocated worker and the team manager will review the grade together.', { isSubtle: true }),
        {
          type: 'Input.Text',
          id: 'reason',
          label: 'Why you disagree',
          placeholder: 'Which findings, and why the grade should differ',
          isMultiline: true,
          maxLength: 2000,
          isRequired: true,
          errorMessage: 'Say what you disagree with (at least 10 characters).',
        },
      ],
      actions: [executeAction('Send', VERBS.disagreementRaise, { allocationId })],
    },
  };
}

/**
 * Tells the allocated worker or team manager an audit is done (003 Audit Process Flow Chart), so the findings can be
 * noted with the worker and manager (004 §2.15). In a graded programme the recipient may disagree with the grade.
 */
export function buildCompletionNoticeCard(view: CompletionNoticeView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const whose = view.target === 'allocated-worker' ? 'a case allocated to you' : 'a case in your team';
  const disagreeId = view.grade === null ? null : (view.disagreeAllocationId ?? null);
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
    {
      ...(disagreeId === null ? {} : { actions: [disagreeAction(disagreeId)] }),
      fallbackText: `Audit complete: ${ref}`,
    },
  );
}
