import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { card, clip, executeAction, facts, header, text } from './card-parts';
import { formatCardDate } from './format-date';
import { VERBS } from './verbs';

/** The update the team manager owes QA on an Inadequate case; the case by reference only. */
export interface InadequateUpdateRequestView {
  allocationId: number;
  caseRef: string;
  serviceArea: string;
  team: string;
  /** 'update': within 3 working days of the escalation; 'follow-up': after a week (003). */
  stage: 'update' | 'follow-up';
  /** The path's round (a path re-started after moderation is a new round); sent back so a stale card is refused. */
  round: number;
  dueDate: string;
  /** It is late and this is the reminder. */
  chase: boolean;
  /** It is later still and this went to the area's Assistant Director. */
  escalated: boolean;
  /** The team manager's name, for the AD's copy ("asked of ..."); null when none is on record. */
  teamManagerName: string | null;
}

const STAGE_TITLE = { update: '3-day update', 'follow-up': '1-week follow-up' } as const;
const STAGE_ASK = {
  update: 'Confirm to QA the actions taken to address the concerns the audit identified (003: within 3 days of the escalation).',
  'follow-up': 'Confirm to QA that all actions have been addressed, or that an adequate plan is in place for any outstanding (003: after a week).',
} as const;

/**
 * 003's Inadequate path: the team manager records the 3-day update and the 1-week follow-up here (what was done, and
 * whether safeguarding action was taken), and QA sees them. Late, it is chased, then sent to the Assistant Director,
 * who may record it too.
 */
export function buildInadequateUpdateRequestCard(view: InadequateUpdateRequestView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const title = STAGE_TITLE[view.stage];
  const lead = view.escalated
    ? `Overdue since ${formatCardDate(view.dueDate)}: please make sure it is recorded${view.teamManagerName === null ? '' : ` (asked of ${clip(view.teamManagerName, 80)})`}, or record it yourself.`
    : view.chase
      ? `This was due on ${formatCardDate(view.dueDate)} and has not been recorded.`
      : STAGE_ASK[view.stage];
  const intro: CardElement[] = [...header(`Inadequate ${title}: ${ref}`, `Due ${formatCardDate(view.dueDate)}`), text(lead, { weight: view.chase || view.escalated ? 'bolder' : 'default' })];
  const body: CardElement[] = [
    view.chase || view.escalated ? { type: 'Container', style: 'attention', bleed: true, items: intro } : { type: 'Container', items: intro },
    facts([
      ['Case', ref],
      ['Service area', clip(view.serviceArea, 80)],
      ['Team', clip(view.team, 80)],
    ]),
    {
      type: 'Input.Text',
      id: 'whatWasDone',
      label: 'What has been done (case reference only, no names)',
      isMultiline: true,
      maxLength: 4000,
      isRequired: true,
      errorMessage: 'Say what has been done (at least 20 characters).',
      spacing: 'large',
    },
    {
      type: 'Input.ChoiceSet',
      id: 'safeguardingActionTaken',
      label: 'Was safeguarding action taken?',
      style: 'expanded',
      choices: [
        { title: 'Yes', value: 'yes' },
        { title: 'No', value: 'no' },
      ],
      isRequired: true,
      errorMessage: 'Say whether safeguarding action was taken.',
    },
  ];
  return card(body, {
    actions: [executeAction(`Record the ${title}`, VERBS.inadequateUpdate, { allocationId: view.allocationId, stage: view.stage, round: view.round }, { style: 'positive' })],
    fallbackText: `Inadequate ${title}: ${ref}`,
  });
}
