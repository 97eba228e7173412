import type { AdaptiveCard } from './adaptive-card-types';
import { kindLabel } from './allocation-item-block';
import { card, clip, executeAction, facts, header, text } from './card-parts';
import { formatCardDate, formatCardMonth } from './format-date';
import type { ModerationRequestView } from './view-models';
import { VERBS } from './verbs';

/** Asks a moderator to review an audit's grade (003: moderation panels; 004 §2.12–2.13 on disagreement). */
export function buildModerationRequestCard(view: ModerationRequestView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  return card(
    [
      ...header(`Moderate: ${ref}`, `${formatCardMonth(view.month)} · review by ${formatCardDate(view.dueDate)}`),
      facts([
        ['Case', ref],
        ['Kind', kindLabel(view.kind)],
        ['Service area', clip(view.serviceArea, 80)],
        ['Auditor', clip(view.auditorName, 80)],
        ["Auditor's grade", clip(view.originalGrade, 40)],
      ]),
      text('Read the audit record, then give your grade.', { isSubtle: true }),
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
      fallbackText: `Moderate: ${ref}`,
    },
  );
}
