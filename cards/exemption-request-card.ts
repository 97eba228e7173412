import type { ExemptionCategory, ExemptionStage } from '../audit/exemption-request';
import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { card, clip, executeAction, facts, header, text } from './card-parts';
import { formatCardDate } from './format-date';
import { VERBS } from './verbs';

/** What the decision card shows: the case by reference only, the auditor, and why they asked. */
export interface ExemptionRequestCardView {
  requestId: number;
  caseRef: string;
  auditorName: string;
  category: ExemptionCategory;
  reason: string;
  dueDate: string;
  stage: ExemptionStage;
  /** At the PSW stage: the line manager who agreed first; null when none is on record. */
  lineManagerName: string | null;
  /** No line manager on record: QA decides the line manager's stage instead. */
  qaStandsIn: boolean;
}

const CATEGORY_LABELS: Record<ExemptionCategory, string> = {
  leave: 'Leave',
  capacity: 'Capacity',
  'conflict-of-interest': 'Conflict of interest',
};

export function exemptionCategoryLabel(c: ExemptionCategory): string {
  return CATEGORY_LABELS[c];
}

export const EXEMPTION_CATEGORY_CHOICES = (Object.keys(CATEGORY_LABELS) as ExemptionCategory[]).map((value) => ({
  title: CATEGORY_LABELS[value],
  value,
}));

/**
 * 004 §2.18: to the auditor's line manager first, then (where the profile asks) to the PSW's QA unit. Agree is one
 * press; refusing opens a note the auditor will read.
 */
export function buildExemptionRequestCard(view: ExemptionRequestCardView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const who = view.stage === 'psw' ? 'for the Principal Social Worker’s agreement' : view.qaStandsIn ? 'for QA (no line manager is on record)' : 'for the line manager';
  const body: CardElement[] = [
    ...header('Exemption requested', `Case ${ref}, ${who}`),
    text(`${clip(view.auditorName, 80)} has asked to be exempted from this audit (guide §2.18).`),
    facts([
      ['Case', ref],
      ['Auditor', clip(view.auditorName, 80)],
      ['Why', exemptionCategoryLabel(view.category)],
      ['Reason given', clip(view.reason, 300)],
      ['Due', formatCardDate(view.dueDate)],
      ...(view.stage === 'psw' ? [['Line manager', view.lineManagerName === null ? 'Agreed' : `Agreed by ${clip(view.lineManagerName, 80)}`] as const] : []),
    ]),
  ];
  return card(body, {
    actions: [
      executeAction('Agree', VERBS.exemptionDecide, { requestId: view.requestId, decision: 'agree' }, { style: 'positive', associatedInputs: 'none' }),
      {
        type: 'Action.ShowCard',
        title: 'Refuse',
        card: {
          type: 'AdaptiveCard',
          body: [
            {
              type: 'Input.Text',
              id: 'note',
              label: 'Why is the exemption refused? The auditor will read this.',
              isMultiline: true,
              maxLength: 500,
              isRequired: true,
              errorMessage: 'Say why the exemption is refused.',
            },
          ],
          actions: [executeAction('Refuse exemption', VERBS.exemptionDecide, { requestId: view.requestId, decision: 'refuse' }, { style: 'destructive' })],
        },
      },
    ],
    fallbackText: `Exemption requested: ${ref}`,
  });
}
