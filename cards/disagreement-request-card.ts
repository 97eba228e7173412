import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { card, clip, executeAction, facts, header, text } from './card-parts';
import { formatCardDate, formatCardMonth } from './format-date';
import { VERBS } from './verbs';

/** What the review (or mediation) request shows: the case by reference only, never the child's name. */
export interface DisagreementRequestView {
  recipientName: string;
  stage: 'review' | 'mediation';
  caseRef: string;
  /** The audit month, YYYY-MM. */
  month: string;
  serviceArea: string;
  team: string;
  auditorName: string;
  /** The grade disagreed with, or null in an ungraded programme. */
  grade: string | null;
  raisedByName: string;
  raisedAs: 'allocated-worker' | 'team-manager';
  reason: string;
  /** When an unresolved review goes to mediation (shown at review). */
  mediationDate: string;
  /** The outcome form, for the auditor at review and the mediator at mediation; null for the worker and TM. */
  form: { disagreementId: number; scale: readonly string[] | null } | null;
}

const ROLE_LABEL = { 'allocated-worker': 'allocated worker', 'team-manager': 'team manager' } as const;

function outcomeForm(form: NonNullable<DisagreementRequestView['form']>): CardElement[] {
  const elements: CardElement[] = [
    {
      type: 'Input.ChoiceSet',
      id: 'outcome',
      label: 'Outcome',
      style: 'expanded',
      wrap: true,
      choices: [
        { title: 'Grade kept', value: 'grade-kept' },
        ...(form.scale === null ? [] : [{ title: 'Grade changed', value: 'grade-changed' }]),
      ],
      isRequired: true,
      errorMessage: 'Choose whether the grade is kept or changed.',
    },
  ];
  if (form.scale !== null) {
    elements.push({
      type: 'Input.ChoiceSet',
      id: 'newGrade',
      label: 'New grade (if changed)',
      style: 'compact',
      placeholder: 'Choose the agreed grade',
      choices: form.scale.map((g) => ({ title: clip(g, 60), value: g })),
    });
  }
  elements.push({
    type: 'Input.Text',
    id: 'note',
    label: 'What was agreed',
    placeholder: 'The findings of the session, as recorded in the audit form',
    isMultiline: true,
    maxLength: 2000,
    isRequired: true,
    errorMessage: 'Record what was agreed (at least 10 characters).',
  });
  return elements;
}

/**
 * 004 §2.12: invites the auditor, worker and team manager to a review session of the grade; 004 §2.13: asks the
 * mediator to settle it. Only the auditor (at review) or the mediator (at mediation) gets the outcome form.
 */
export function buildDisagreementRequestCard(view: DisagreementRequestView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const title = view.stage === 'review' ? `Grade review: ${ref}` : `Mediation needed: ${ref}`;
  const who = `${clip(view.raisedByName, 80)} (${ROLE_LABEL[view.raisedAs]})`;
  const intro =
    view.stage === 'review'
      ? `${clip(view.recipientName, 80)}, ${who} disagrees with the grade. The auditor, worker and team manager meet to review the findings together; if it is not resolved by ${formatCardDate(view.mediationDate)} it goes to mediation.`
      : `${clip(view.recipientName, 80)}, the review of this grade did not reach agreement. Please mediate between the auditor, ${who} and the team.`;
  const body: CardElement[] = [
    ...header(title, `${formatCardMonth(view.month)} audit`),
    text(intro),
    facts([
      ['Case', ref],
      ['Grade', view.grade === null ? 'Ungraded' : clip(view.grade, 40)],
      ['Auditor', clip(view.auditorName, 80)],
      ['Disagrees', who],
      ['Team', clip(view.team, 80)],
      ['Service area', clip(view.serviceArea, 80)],
    ]),
    text('Why', { weight: 'bolder', spacing: 'medium' }),
    text(clip(view.reason, 1000)),
  ];
  if (view.form === null) {
    body.push(text(view.stage === 'review' ? 'The auditor will arrange the session and record its outcome.' : 'The mediator will record the outcome.', { isSubtle: true }));
    return card(body, { fallbackText: title });
  }
  body.push(...outcomeForm(view.form));
  return card(body, {
    actions: [executeAction('Record the outcome', VERBS.disagreementResolve, { disagreementId: view.form.disagreementId }, { style: 'positive' })],
    fallbackText: title,
  });
}
