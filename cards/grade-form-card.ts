import type { AdaptiveCard, CardElement, InputChoice, InputElement } from './adaptive-card-types';
import { kindLabel } from './allocation-item-block';
import { card, clip, executeWithSubmitFallback, fieldError, header, refreshFor, text } from './card-parts';
import { formatCardDate } from './format-date';
import { MIN_RATIONALE_LENGTH } from './grade-submit-schema';
import type { GradeFormField, GradeFormView } from './view-models';
import { VERBS } from './verbs';

/**
 * The audit record form (004 §2.2–2.11). Client-side `isRequired` catches blanks; the bot's parser is the
 * authority and its messages come back as red text under each input when the form is re-rendered.
 */
const MAX_ANSWER = 4000;

const YES_NO: InputChoice[] = [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
];

const CONTACT: InputChoice[] = [
  { title: 'Yes, I spoke to them', value: 'yes' },
  { title: 'No', value: 'no' },
  { title: 'Not appropriate (agreed with the worker)', value: 'not_appropriate' },
];

const SAFEGUARDING: InputChoice[] = [
  { title: 'Yes, immediate action needed', value: 'true' },
  { title: 'No', value: 'false' },
];

function choice(
  id: GradeFormField,
  label: string,
  choices: InputChoice[],
  errorMessage: string,
  value: string | undefined,
): InputElement {
  const input: InputElement = {
    type: 'Input.ChoiceSet',
    id,
    label,
    choices,
    style: 'expanded',
    wrap: true,
    isRequired: true,
    errorMessage,
  };
  if (value !== undefined && choices.some((c) => c.value === value)) input.value = value;
  return input;
}

function textArea(
  id: GradeFormField,
  label: string,
  value: string | undefined,
  required: { errorMessage: string } | null,
  placeholder?: string,
): InputElement {
  const input: InputElement = { type: 'Input.Text', id, label, isMultiline: true, maxLength: MAX_ANSWER };
  if (placeholder) input.placeholder = placeholder;
  if (required) Object.assign(input, { isRequired: true, errorMessage: required.errorMessage });
  if (value) input.value = clip(value, MAX_ANSWER);
  return input;
}

export function buildGradeFormCard(view: GradeFormView): AdaptiveCard {
  const { allocation: a, values, errors } = view;
  const ref = clip(a.caseRef, 20);
  const withError = (input: InputElement, field: GradeFormField): CardElement[] => {
    const message = errors[field];
    return message ? [input, fieldError(clip(message, 300), field)] : [input];
  };
  const body: CardElement[] = [
    ...header(`Record audit: ${ref}`, `${kindLabel(a.kind)} · ${clip(a.serviceArea, 80)} · due ${formatCardDate(a.dueDate)}`),
  ];
  if (view.theme) body.push(text(`Theme: ${clip(view.theme, 120)}`, { color: 'accent', spacing: 'none' }));
  if (Object.values(errors).some((m) => m)) {
    body.push({
      type: 'Container',
      style: 'attention',
      items: [text('Some answers need attention. See the messages below.', { weight: 'bolder' })],
    });
  }
  if (view.scale) {
    const scale = view.scale.map((g) => ({ title: clip(g, 60), value: g }));
    body.push(...withError(choice('grade', 'Grade', scale, 'Choose a grade.', values.grade), 'grade'));
  } else {
    body.push(text('This programme is ungraded: record your findings only.', { isSubtle: true }));
  }
  body.push(
    ...withError(
      textArea('rationale', view.scale ? 'Why this grade?' : 'Summary of findings', values.rationale, {
        errorMessage: `Say why (at least ${MIN_RATIONALE_LENGTH} characters).`,
      }),
      'rationale',
    ),
    ...withError(
      choice('discussionHeld', 'Did you discuss the findings with the allocated worker?', YES_NO,
        'Say whether the findings were discussed.', values.discussionHeld),
      'discussionHeld',
    ),
    ...withError(
      choice('contact', 'Did you speak to the child, young person or a parent?', CONTACT,
        'Say whether anyone was contacted.', values.contact),
      'contact',
    ),
    ...withError(
      textArea('contactViews', 'Their views in their own words, or why they were not spoken to', values.contactViews,
        null, 'Required if you did not speak to them'),
      'contactViews',
    ),
    ...withError(
      textArea('goodPractice', 'Good practice found', values.goodPractice, { errorMessage: 'Describe the good practice.' }),
      'goodPractice',
    ),
    ...withError(
      textArea('improvement', 'What needs to improve', values.improvement, { errorMessage: 'Say what needs to improve.' }),
      'improvement',
    ),
    ...withError(
      choice('safeguardingConcern', 'Is there an immediate safeguarding concern?', SAFEGUARDING,
        'Say whether there is a safeguarding concern.', values.safeguardingConcern),
      'safeguardingConcern',
    ),
  );
  const themeQuestions = view.themeQuestions ?? [];
  if (themeQuestions.length > 0) {
    body.push(text(`Theme questions: ${clip(view.theme ?? 'this audit', 120)}`, { weight: 'bolder', spacing: 'large' }));
    for (const q of themeQuestions) {
      const answers = q.answers.map((ans) => ({ title: clip(ans, 60), value: ans }));
      body.push(...withError(choice(q.id, clip(q.text, 300), answers, 'Answer the theme question.', values[q.id]), q.id));
    }
  }
  return card(body, {
    actions: [
      executeWithSubmitFallback('Submit audit', VERBS.gradeSubmit, {
        allocationId: a.allocationId,
        formVersion: view.formVersion,
      }, 'positive'),
    ],
    refresh: refreshFor({ card: 'grade-form', allocationId: a.allocationId }, view.actorIds),
    fallbackText: `Record audit: ${ref}`,
  });
}
