import type { AdaptiveCard, CardAction, CardElement, Container } from './adaptive-card-types';
import { badge, card, clip, executeAction, header, text, type BadgeLook } from './card-parts';
import { formatCardDate, formatCardMonth, plural } from './format-date';
import { VERBS, inputIdFor } from './verbs';

/**
 * 003: the service lead's list of the month's returned audits in their area, each to agree with or dispute (with a
 * reason QA and the auditor will read). Case references only, never a child's name.
 */

export type OversightState = 'outstanding' | 'agreed' | 'disputed';

export interface OversightListItemView {
  allocationId: number;
  caseRef: string;
  team: string;
  grade: string | null;
  auditorName: string;
  state: OversightState;
}

export interface OversightListView {
  month: string;
  serviceArea: string;
  serviceLeadName: string;
  /** The oversight due date; null when the programme sets none. */
  dueDate: string | null;
  items: OversightListItemView[];
  /** What was just recorded, when the card is the reply to a button. */
  notice?: string;
}

/** A stored audit as the list shows it; structural, so the cards need nothing from the store. */
export function oversightListItem(row: Omit<OversightListItemView, 'state'> & { oversight: 'agree' | 'dispute' | null }): OversightListItemView {
  const state: OversightState = row.oversight === null ? 'outstanding' : row.oversight === 'agree' ? 'agreed' : 'disputed';
  return { allocationId: row.allocationId, caseRef: row.caseRef, team: row.team, grade: row.grade, auditorName: row.auditorName, state };
}

/** Audits with buttons are the heavy part of the card; 25 of them plus the decided lines stay well under 28 KB. */
export const MAX_OUTSTANDING_SHOWN = 25;
/** Decided audits are one line each; beyond this they are counted, not listed. */
export const MAX_DECIDED_SHOWN = 30;

const DECIDED_LOOKS: Record<Exclude<OversightState, 'outstanding'>, BadgeLook> = {
  agreed: { label: 'Overseen', color: 'good' },
  disputed: { label: 'Disputed', color: 'warning' },
};

function detailLine(item: OversightListItemView): string {
  return `${clip(item.team, 60)} · Grade: ${item.grade === null ? 'ungraded' : clip(item.grade, 40)} · Auditor: ${clip(item.auditorName, 60)}`;
}

function itemActions(item: OversightListItemView): CardAction[] {
  const id = item.allocationId;
  return [
    executeAction('Agree', VERBS.oversightRecord, { allocationId: id, decision: 'agree' }, { style: 'positive', associatedInputs: 'none' }),
    {
      type: 'Action.ShowCard',
      title: 'Dispute',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Text',
            id: inputIdFor('reason', id),
            label: 'What do you dispute, and why?',
            placeholder: 'QA and the auditor will read this',
            isMultiline: true,
            maxLength: 1000,
            isRequired: true,
            errorMessage: 'Give the reason for the dispute (at least 10 characters).',
          },
        ],
        actions: [executeAction('Send dispute', VERBS.oversightRecord, { allocationId: id, decision: 'dispute' })],
      },
    },
  ];
}

function outstandingBlock(item: OversightListItemView): Container {
  return {
    type: 'Container',
    separator: true,
    spacing: 'medium',
    items: [
      text(clip(item.caseRef, 20), { weight: 'bolder' }),
      text(detailLine(item), { isSubtle: true, spacing: 'none', size: 'small' }),
      { type: 'ActionSet', actions: itemActions(item) },
    ],
  };
}

function decidedLine(item: OversightListItemView & { state: 'agreed' | 'disputed' }): CardElement {
  return {
    type: 'ColumnSet',
    spacing: 'small',
    columns: [
      { type: 'Column', width: 'stretch', items: [text(`${clip(item.caseRef, 20)} · ${detailLine(item)}`, { size: 'small' })] },
      { type: 'Column', width: 'auto', items: [badge(DECIDED_LOOKS[item.state])] },
    ],
  };
}

const isDecided = (i: OversightListItemView): i is OversightListItemView & { state: 'agreed' | 'disputed' } => i.state !== 'outstanding';

export function buildOversightListCard(view: OversightListView): AdaptiveCard {
  const outstanding = view.items.filter((i) => i.state === 'outstanding');
  const decided = view.items.filter(isDecided);
  const agreed = decided.filter((i) => i.state === 'agreed').length;
  const summary = [`${plural(outstanding.length, 'audit')} to oversee`, `${agreed} overseen`, `${decided.length - agreed} disputed`].join(' · ');
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'emphasis',
      bleed: true,
      items: [
        ...header(`Oversight: ${formatCardMonth(view.month)} audits`, `${clip(view.serviceArea, 80)}, for ${clip(view.serviceLeadName, 80)}`),
        text(summary, { weight: 'bolder' }),
        ...(view.dueDate === null ? [] : [text(`Record your oversight by ${formatCardDate(view.dueDate)}.`, { spacing: 'none' })]),
      ],
    },
  ];
  if (view.notice !== undefined) body.push(text(`✓ ${clip(view.notice, 200)}`, { color: 'good', weight: 'bolder' }));
  if (view.items.length === 0) body.push(text('No audits in your area have been returned for this month yet.', { isSubtle: true }));
  else if (outstanding.length === 0) body.push(text('Every returned audit in your area has your oversight. Thank you.'));
  else body.push(text('Agree with each audit, or dispute it with a reason: QA and the auditor will take a dispute up with you.', { size: 'small' }));

  const shownOutstanding = outstanding.slice(0, MAX_OUTSTANDING_SHOWN);
  for (const item of shownOutstanding) body.push(outstandingBlock(item));
  if (outstanding.length > shownOutstanding.length) {
    body.push(text(`…and ${outstanding.length - shownOutstanding.length} more to oversee: they appear here as you record these.`, { isSubtle: true, spacing: 'medium' }));
  }
  if (decided.length > 0) {
    body.push(text('Already recorded', { weight: 'bolder', spacing: 'large', separator: true }));
    const shownDecided = decided.slice(0, MAX_DECIDED_SHOWN);
    for (const item of shownDecided) body.push(decidedLine(item));
    if (decided.length > shownDecided.length) body.push(text(`…and ${decided.length - shownDecided.length} more already recorded.`, { isSubtle: true }));
  }
  return card(body, { fallbackText: `Oversight of ${formatCardMonth(view.month)} audits: ${summary}` });
}
