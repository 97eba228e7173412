import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { card, clip, facts, header, text } from './card-parts';
import { formatCardDate, formatCardMonth, plural } from './format-date';

/**
 * 003: the service lead records oversight by the 6th. Before it, a reminder to the service lead; after it, the
 * service lead's line manager (or QA, when none is on record) is told the area's audits still wait.
 */
export interface OversightChaseView {
  stage: 'reminder' | 'escalation';
  month: string;
  serviceArea: string;
  serviceLeadName: string;
  recipientName: string;
  dueDate: string;
  outstanding: number;
}

export function buildOversightChaseCard(view: OversightChaseView): AdaptiveCard {
  const month = formatCardMonth(view.month);
  const due = formatCardDate(view.dueDate);
  const count = plural(view.outstanding, 'returned audit');
  const reminder = view.stage === 'reminder';
  const body: CardElement[] = [
    {
      type: 'Container',
      style: reminder ? 'accent' : 'warning',
      bleed: true,
      items: header(
        reminder ? 'Oversight due soon' : 'Oversight not recorded',
        `${month} audits · ${clip(view.serviceArea, 80)} · for ${clip(view.recipientName, 80)}`,
      ),
    },
    text(
      view.outstanding === 0
        ? `Every returned ${month} audit in ${clip(view.serviceArea, 80)} now has oversight: nothing more is needed.`
        : reminder
        ? `${count} in your area still ${view.outstanding === 1 ? 'needs' : 'need'} your oversight, due by ${due}.`
        : `${clip(view.serviceLeadName, 80)} has not recorded oversight of ${count} in ${clip(view.serviceArea, 80)}; it was due by ${due}.`,
      { weight: 'bolder' },
    ),
    facts([
      ['Service area', clip(view.serviceArea, 80)],
      ['Service lead', clip(view.serviceLeadName, 80)],
      ['Month', month],
      ['Due', due],
      ['Still to oversee', String(view.outstanding)],
    ]),
    text(
      reminder
        ? 'Open the oversight list sent on the 28th to agree with each audit or dispute it.'
        : 'Please follow this up with the service lead: the audits are uploaded to the child\'s file only after oversight (003).',
      { size: 'small' },
    ),
  ];
  return card(body, { fallbackText: reminder ? `Oversight due ${due}: ${count}` : `Oversight overdue: ${count} in ${view.serviceArea}` });
}
