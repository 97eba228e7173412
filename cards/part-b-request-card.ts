import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { bullets, card, clip, executeAction, facts, header, text } from './card-parts';
import { formatCardDate } from './format-date';
import type { PartBRequestView } from './view-models';
import { VERBS } from './verbs';

/**
 * Asks the allocated worker and team manager to complete Part B at the next supervision, or within 5 working
 * days when the case is graded Inadequate and immediate safeguarding actions are identified (004 §2.15, §7.1–7.4).
 * A closed case's Part B goes to its previous team manager (004 §7.2); the audit's suggested actions come prefilled
 * and editable (004 §7.3).
 */
export function buildPartBRequestCard(view: PartBRequestView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const due = formatCardDate(view.dueDate);
  const intro: CardElement[] = [
    ...header(`Part B needed: ${ref}`, `Complete by ${due}`),
    text(
      view.urgent
        ? 'Urgent: graded Inadequate with immediate safeguarding actions, so Part B is needed within 5 working days (guide §7.1).'
        : 'Discuss the audit findings at the next supervision and record Part B (guide §7.1).',
      { weight: view.urgent ? 'bolder' : 'default' },
    ),
  ];
  if (view.caseClosed === true) {
    intro.push(text('This case has closed. As its previous team manager, please review the audit and complete Part B (guide §7.2).', { weight: 'bolder' }));
  }
  const body: CardElement[] = [
    view.urgent ? { type: 'Container', style: 'attention', bleed: true, items: intro } : { type: 'Container', items: intro },
    facts([
      ['Case', ref],
      ['Service area', clip(view.serviceArea, 80)],
      ['Team', clip(view.team, 80)],
      ['Auditor', clip(view.auditorName, 80)],
      ['Grade', view.grade === null ? 'Ungraded' : clip(view.grade, 40)],
    ]),
  ];
  if (view.suggestedActions.length > 0) {
    body.push(text('Suggested actions from the audit', { weight: 'bolder', spacing: 'medium' }));
    body.push(...bullets(view.suggestedActions.slice(0, 10)));
  }
  body.push({
    type: 'Input.Text',
    id: 'suggestedActions',
    label: 'Suggested actions from the audit (edit them as you agree them; guide §7.3)',
    isMultiline: true,
    maxLength: 4000,
    spacing: 'large',
    ...(view.suggestedActionsText === undefined || view.suggestedActionsText === '' ? {} : { value: clip(view.suggestedActionsText, 4000) }),
  });
  body.push({
    type: 'Input.Text',
    id: 'reflection',
    label: "Reflection on the worker's and manager's contribution, and areas for development (guide §7.4)",
    isMultiline: true,
    maxLength: 4000,
    isRequired: true,
    errorMessage: 'Record the Part B reflection.',
    spacing: 'large',
  });
  return card(body, {
    actions: [executeAction('Complete Part B', VERBS.partBComplete, { allocationId: view.allocationId }, { style: 'positive' })],
    fallbackText: `Part B needed: ${ref}`,
  });
}
