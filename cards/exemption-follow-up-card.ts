import type { AuditKind } from '../audit/audit-kinds';
import type { ExemptionCategory } from '../audit/exemption-request';
import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { kindLabel } from './allocation-item-block';
import { card, clip, executeAction, facts, header, text } from './card-parts';
import { exemptionCategoryLabel } from './exemption-request-card';
import { formatCardMonth } from './format-date';
import { VERBS } from './verbs';

export interface ExemptionFollowUpCardView {
  requestId: number;
  caseRef: string;
  month: string;
  kind: AuditKind;
  auditorName: string;
  category: ExemptionCategory;
}

/** To QA once an exemption is agreed: QA allocates (004 §2.1), so QA reallocates the case or drops it. */
export function buildExemptionFollowUpCard(view: ExemptionFollowUpCardView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const body: CardElement[] = [
    ...header('Exempted audit to follow up', `Case ${ref}`),
    facts([
      ['Case', ref],
      ['Month', formatCardMonth(view.month)],
      ['Audit', kindLabel(view.kind)],
      ['Exempted auditor', clip(view.auditorName, 80)],
      ['Why', exemptionCategoryLabel(view.category)],
    ]),
    text('Reallocate gives the case to another auditor with no conflict of interest; drop leaves it out of this month.'),
  ];
  return card(body, {
    actions: [
      executeAction('Reallocate', VERBS.exemptionFollowUp, { requestId: view.requestId, action: 'reallocate' }, { style: 'positive', associatedInputs: 'none' }),
      executeAction('Drop from the month', VERBS.exemptionFollowUp, { requestId: view.requestId, action: 'drop' }, { associatedInputs: 'none' }),
    ],
    fallbackText: `Exempted audit to follow up: ${ref}`,
  });
}
