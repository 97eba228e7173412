import type { AskedKindQuestion } from '../audit/kind-forms';
import type { CardElement, InputElement } from './adaptive-card-types';
import { clip, fieldError, text } from './card-parts';

/** The longest answer in the auditor's own words; the submit schema refuses longer (cards/activity-submit-schema.ts). */
export const MAX_KIND_ANSWER = 4000;

/** An input followed by its error, when the last submit left one for it. */
export function withFieldError(input: InputElement, errors: Readonly<Record<string, string | undefined>>): CardElement[] {
  const message = errors[input.id];
  return message ? [input, fieldError(clip(message, 300), input.id)] : [input];
}

/**
 * A kind's questions as inputs (`q1`, `q2`, …): a question with answers is a choice, one without is answered in the
 * practitioner's own words. Every question must be answered, on the card and again in the schema.
 */
export function kindQuestionInputs(
  questions: readonly AskedKindQuestion[],
  values: Readonly<Record<string, string | undefined>>,
  errors: Readonly<Record<string, string | undefined>>,
): CardElement[] {
  const out: CardElement[] = [];
  for (const q of questions) {
    const given = values[q.id];
    if (q.answers) {
      const input: InputElement = {
        type: 'Input.ChoiceSet', id: q.id, label: clip(q.text, 300), style: 'expanded', wrap: true, isRequired: true,
        errorMessage: 'Choose an answer.', choices: q.answers.map((a) => ({ title: clip(a, 60), value: a })),
      };
      if (given !== undefined && q.answers.includes(given)) input.value = given;
      out.push(...withFieldError(input, errors));
    } else {
      const input: InputElement = { type: 'Input.Text', id: q.id, label: clip(q.text, 300), isMultiline: true, maxLength: MAX_KIND_ANSWER, isRequired: true, errorMessage: 'Answer in your own words.' };
      if (given) input.value = clip(given, MAX_KIND_ANSWER);
      out.push(...withFieldError(input, errors));
    }
  }
  return out;
}

/** The banner a card shows above its inputs when the last submit was refused. */
export function attentionBanner(errors: Readonly<Record<string, string | undefined>>): CardElement[] {
  return Object.values(errors).some((m) => m)
    ? [{ type: 'Container', style: 'attention', items: [text('Some answers need attention. See the messages below.', { weight: 'bolder' })] }]
    : [];
}
