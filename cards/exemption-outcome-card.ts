import type { ExemptionCategory } from '../audit/exemption-request';
import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { card, clip, facts, header, text } from './card-parts';
import { exemptionCategoryLabel } from './exemption-request-card';

export interface ExemptionOutcomeCardView {
  caseRef: string;
  category: ExemptionCategory;
  outcome: 'agreed' | 'refused' | 'awaiting-psw';
  /** Who decided this stage, by name. */
  decidedBy: string;
  /** The refusal's note; null otherwise. */
  note: string | null;
}

type ExemptionCardOutcome = ExemptionOutcomeCardView['outcome'];

const TITLES: Record<ExemptionCardOutcome, string> = {
  agreed: 'Exemption agreed',
  refused: 'Exemption refused',
  'awaiting-psw': 'Exemption agreed by your line manager',
};

const NEXT: Record<ExemptionCardOutcome, string> = {
  agreed: 'You no longer need to do this audit. QA will reallocate the case or drop it from the month.',
  refused: 'The audit stays with you. Talk to your line manager if you need more time.',
  'awaiting-psw': 'It now goes to the Principal Social Worker for agreement (guide §2.18). Until then the audit stays with you.',
};

/** To the auditor who asked: where the request stands, and (refused) why. */
export function buildExemptionOutcomeCard(view: ExemptionOutcomeCardView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const body: CardElement[] = [
    {
      type: 'Container',
      style: view.outcome === 'refused' ? 'attention' : 'good',
      bleed: true,
      items: header(TITLES[view.outcome], `Case ${ref}`),
    },
    facts([
      ['Why you asked', exemptionCategoryLabel(view.category)],
      ['Decided by', clip(view.decidedBy, 80)],
      ...(view.note === null ? [] : [['Note', clip(view.note, 500)] as const]),
    ]),
    text(NEXT[view.outcome]),
  ];
  return card(body, { fallbackText: `${TITLES[view.outcome]}: ${ref}` });
}
