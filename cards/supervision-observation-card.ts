import type { AskedKindQuestion } from '../audit/kind-forms';
import type { AdaptiveCard, CardElement, InputElement } from './adaptive-card-types';
import { card, clip, executeWithSubmitFallback, header, text } from './card-parts';
import { attentionBanner, kindQuestionInputs, withFieldError } from './kind-question-inputs';
import { formatCardDate } from './format-date';

/** The verbs of a non-case activity's card: open it from "my audits", submit its answers. */
export const ACTIVITY_VERBS = { open: 'activity.open', submit: 'activity.submit' } as const;

/**
 * A supervision observation (003 §9.1, §11): who was observed (the supervisee, set by the allocation), the date of
 * the supervision, and the programme's questions. It is about a person, not a case: no case reference.
 */
export interface SupervisionObservationView {
  activityId: number;
  supervisee: string;
  dueDate: string;
  /** The latest date the supervision can have been on (today), so a future date is refused on the card too. */
  today: string;
  questions: readonly AskedKindQuestion[];
  values: Readonly<Record<string, string | undefined>>;
  errors: Readonly<Record<string, string | undefined>>;
}

export function buildSupervisionObservationCard(view: SupervisionObservationView): AdaptiveCard {
  const who = clip(view.supervisee, 80);
  const body: CardElement[] = [...header(`Supervision observation: ${who}`, `Due ${formatCardDate(view.dueDate)}`), ...attentionBanner(view.errors)];
  body.push(text(`Supervisee observed: ${who}`, { weight: 'bolder' }));
  const date: InputElement = { type: 'Input.Date', id: 'supervisionDate', label: 'Date of the supervision', isRequired: true, errorMessage: 'Choose the date of the supervision.', max: view.today };
  if (view.values['supervisionDate']) date.value = view.values['supervisionDate'];
  body.push(...withFieldError(date, view.errors), ...kindQuestionInputs(view.questions, view.values, view.errors));
  return card(body, {
    actions: [executeWithSubmitFallback('Submit observation', ACTIVITY_VERBS.submit, { activityId: view.activityId }, 'positive')],
    fallbackText: `Supervision observation: ${who}`,
  });
}

/** A recorded observation: who and when, no case reference. */
export function buildObservationRecordedCard(view: { supervisee: string; supervisionDate: string }): AdaptiveCard {
  const who = clip(view.supervisee, 80);
  return card([
    ...header('Supervision observation recorded', `Supervisee: ${who}`),
    text(`Supervision on ${formatCardDate(view.supervisionDate)}.`),
    text('Thank you. The observation counts towards this month\'s supervision observations.', { isSubtle: true }),
  ], { fallbackText: `Supervision observation recorded: ${who}` });
}
