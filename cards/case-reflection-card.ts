import type { AskedKindQuestion } from '../audit/kind-forms';
import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { card, executeWithSubmitFallback, header, text } from './card-parts';
import { formatCardDate } from './format-date';
import { attentionBanner, kindQuestionInputs } from './kind-question-inputs';
import { ACTIVITY_VERBS } from './supervision-observation-card';

/**
 * A case reflection sheet (003 §9.3): the practitioner's own reflection on their practice, the programme's questions
 * and nothing else. It is not an audit of a case record: no case reference (the child stays off the card), no grade,
 * so it cannot start the Inadequate path.
 */
export interface CaseReflectionView {
  activityId: number;
  dueDate: string;
  questions: readonly AskedKindQuestion[];
  values: Readonly<Record<string, string | undefined>>;
  errors: Readonly<Record<string, string | undefined>>;
}

export function buildCaseReflectionCard(view: CaseReflectionView): AdaptiveCard {
  const body: CardElement[] = [
    ...header('Case reflection sheet', `Due ${formatCardDate(view.dueDate)}`),
    ...attentionBanner(view.errors),
    text('Reflect on your work with one child you support. Leave out names and case references: this sheet is about your practice.', { isSubtle: true }),
    ...kindQuestionInputs(view.questions, view.values, view.errors),
  ];
  return card(body, {
    actions: [executeWithSubmitFallback('Submit reflection', ACTIVITY_VERBS.submit, { activityId: view.activityId }, 'positive')],
    fallbackText: 'Case reflection sheet',
  });
}

/** A returned reflection sheet. */
export function buildReflectionRecordedCard(view: { returnedOn: string }): AdaptiveCard {
  return card([
    ...header('Case reflection recorded', `Returned ${formatCardDate(view.returnedOn)}`),
    text('Thank you. Bring it to your next supervision; it counts towards this month\'s reflection sheets.', { isSubtle: true }),
  ], { fallbackText: 'Case reflection recorded' });
}
