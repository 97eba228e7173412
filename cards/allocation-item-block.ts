import type { AuditKind } from '../audit/audit-kinds';
import type { CardAction, CardElement, Container } from './adaptive-card-types';
import { badge, clip, text, type BadgeLook } from './card-parts';
import { formatCardDate, plural } from './format-date';
import type { AllocationItemView, AllocationStatus, OverdueItemView } from './view-models';

/** How an allocation reads on any card: case reference, kind and area, status badge, due date. */

const KIND_LABELS: Record<AuditKind, string> = {
  audit: 'Audit',
  're-audit': 'Re-audit',
  thematic: 'Thematic audit',
  'supervision-observation': 'Supervision observation',
  'case-reflection': 'Case reflection',
};

/** The kinds counted in a sentence ("Re-audits: 3 of 4 returned"). */
const KIND_PLURALS: Record<AuditKind, string> = {
  audit: 'Audits',
  're-audit': 'Re-audits',
  thematic: 'Thematic audits',
  'supervision-observation': 'Supervision observations',
  'case-reflection': 'Case reflection sheets',
};

const STATUS_LOOKS: Record<AllocationStatus, BadgeLook> = {
  allocated: { label: 'To do', color: 'accent' },
  returned: { label: 'Returned', color: 'good' },
  overseen: { label: 'Overseen', color: 'good' },
  exempted: { label: 'Exempted', color: 'default' },
  overdue: { label: 'Overdue', color: 'attention' },
};

export function kindLabelPlural(kind: AuditKind): string {
  return KIND_PLURALS[kind];
}

export function kindLabel(kind: AuditKind): string {
  return KIND_LABELS[kind];
}

export function statusLook(status: AllocationStatus): BadgeLook {
  return STATUS_LOOKS[status];
}

/** Statuses where the auditor still has something to do. */
export function isOpen(status: AllocationStatus): boolean {
  return status === 'allocated' || status === 'overdue';
}

function lateness(item: AllocationItemView | OverdueItemView): string | null {
  if (!('daysLate' in item)) return null;
  return `${plural(item.daysLate, 'day')} late (${plural(item.workingDaysLate, 'working day')})`;
}

export function allocationItemBlock(
  item: AllocationItemView | OverdueItemView,
  actions: CardAction[] = [],
  extra: CardElement[] = [],
): Container {
  const dueLine = [`Due ${formatCardDate(item.dueDate)}`, lateness(item)].filter((s) => s !== null).join(' · ');
  const items: CardElement[] = [
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [text(clip(item.caseRef, 20), { weight: 'bolder' })],
        },
        { type: 'Column', width: 'auto', items: [badge(statusLook(item.status))] },
      ],
    },
    text(`${kindLabel(item.kind)} · ${clip(item.serviceArea, 80)}`, { isSubtle: true, spacing: 'none' }),
    text(dueLine, { spacing: 'none', size: 'small', color: item.status === 'overdue' ? 'attention' : 'default' }),
  ];
  if (item.grade) items.push(text(`Grade: ${clip(item.grade, 40)}`, { spacing: 'none', size: 'small' }));
  items.push(...extra);
  if (actions.length > 0) items.push({ type: 'ActionSet', actions });
  return { type: 'Container', items, separator: true, spacing: 'medium' };
}

/** Cards list at most this many allocations so a large list cannot exceed the card size limit. */
export const MAX_LISTED_ITEMS = 25;

export function moreLine(total: number, shown: number, what: string): CardElement[] {
  return total > shown ? [text(`…and ${total - shown} more ${what}.`, { isSubtle: true, spacing: 'medium' })] : [];
}
