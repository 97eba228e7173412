import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { kindLabel } from './allocation-item-block';
import { card, clip, executeAction, facts, header, text } from './card-parts';
import { formatCardDate, formatCardMonth } from './format-date';
import type { ModerationAnswersView, ModerationRequestView } from './view-models';
import { VERBS } from './verbs';

const CONTACT_LABEL: Record<ModerationAnswersView['contact'], string> = { yes: 'Yes', no: 'No', not_appropriate: 'Not appropriate' };

// Long answers are clipped so the card stays well under Teams' 28 KB limit; the full record is on the child's file.
const LONG = 1500;
const MEDIUM = 800;

function answerSection(title: string, value: string, max: number): CardElement[] {
  const body = value.trim() === '' ? 'Not recorded.' : clip(value.trim(), max);
  return [text(title, { weight: 'bolder', spacing: 'medium' }), text(body, { spacing: 'small' })];
}

function answersOf(a: ModerationAnswersView | null): CardElement[] {
  if (a === null) return [text("The audit's answers could not be read: open the audit record before you give your grade.", { color: 'attention' })];
  return [
    facts([
      ['Discussed with worker or manager', a.discussionHeld ? 'Yes' : 'No'],
      ['Child, young person or parent contacted', CONTACT_LABEL[a.contact]],
    ]),
    ...answerSection('Rationale for grade', a.rationale, LONG),
    ...answerSection('Good practice', a.goodPractice, MEDIUM),
    ...answerSection('Areas for improvement', a.improvement, MEDIUM),
    ...(a.contactViews === null || a.contactViews.trim() === '' ? [] : answerSection('Their views, or why they were not contacted', a.contactViews, MEDIUM)),
  ];
}

/**
 * Asks QA to moderate an audit's grade (003: "A dip sample of audits will be moderated"; 004 §2.16), with the
 * auditor's answers on the card so the moderator can judge from it. Case reference only: no child is named.
 */
export function buildModerationRequestCard(view: ModerationRequestView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const title = view.chase === true ? `Moderation overdue: ${ref}` : `Moderate: ${ref}`;
  return card(
    [
      ...header(title, `${formatCardMonth(view.month)} · moderate by ${formatCardDate(view.dueDate)}`),
      ...(view.chase === true ? [text('This audit was sampled for moderation and has not been moderated yet.', { color: 'warning' })] : []),
      facts([
        ['Case', ref],
        ['Kind', kindLabel(view.kind)],
        ['Service area', clip(view.serviceArea, 80)],
        ['Auditor', clip(view.auditorName, 80)],
        ["Auditor's grade", clip(view.originalGrade, 40)],
      ]),
      ...answersOf(view.answers),
      text('Give your grade and say why.', { isSubtle: true, spacing: 'medium' }),
      {
        type: 'Input.ChoiceSet',
        id: 'moderatedGrade',
        label: 'Moderated grade',
        style: 'expanded',
        wrap: true,
        choices: view.scale.map((g) => ({ title: clip(g, 60), value: g })),
        isRequired: true,
        errorMessage: 'Choose the moderated grade.',
      },
      {
        type: 'Input.Text',
        id: 'note',
        label: 'Moderation note',
        placeholder: 'Why you agree or differ',
        isMultiline: true,
        maxLength: 2000,
        isRequired: true,
        errorMessage: 'Say why, in a sentence or two.',
      },
    ],
    {
      actions: [
        executeAction('Submit moderation', VERBS.moderationSubmit, { allocationId: view.allocationId }, { style: 'positive' }),
      ],
      fallbackText: title,
    },
  );
}
