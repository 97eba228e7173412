import type { CardAction } from './adaptive-card-types';
import { executeAction } from './card-parts';
import { VERBS, inputIdFor } from './verbs';

/**
 * What a line manager (or the next tier) can do about an open audit: nudge the auditor, agree an exemption with its
 * reason (004 §2.18; QA then reallocates the case or drops it) or set a new due date. Input ids carry the allocation
 * id so several items can share a card; the verb parser accepts them.
 */
export function managerActions(allocationId: number, today: string, options: { nudge?: boolean; exemptTitle?: string } = {}): CardAction[] {
  const reasonId = inputIdFor('reason', allocationId);
  const dateId = inputIdFor('newDueDate', allocationId);
  const actions: CardAction[] = [];
  if (options.nudge ?? true) actions.push(executeAction('Nudge', VERBS.escalationNudge, { allocationId }, { associatedInputs: 'none' }));
  actions.push(
    {
      type: 'Action.ShowCard',
      title: options.exemptTitle ?? 'Exempt',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Text',
            id: reasonId,
            label: 'Reason for the exemption',
            placeholder: 'e.g. long leave, capacity',
            isMultiline: true,
            maxLength: 500,
            isRequired: true,
            errorMessage: 'Give the reason for the exemption.',
          },
        ],
        actions: [executeAction('Grant exemption', VERBS.escalationExempt, { allocationId })],
      },
    },
    {
      type: 'Action.ShowCard',
      title: 'Extend',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Date',
            id: dateId,
            label: 'New due date',
            min: today,
            isRequired: true,
            errorMessage: 'Choose the new due date.',
          },
        ],
        actions: [executeAction('Set new due date', VERBS.escalationExtend, { allocationId })],
      },
    },
  );
  return actions;
}
