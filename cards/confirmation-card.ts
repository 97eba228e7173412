import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { bullets, card, clip, facts, header, text } from './card-parts';
import type { ConfirmationView } from './view-models';

/** Returned at once from an action: what was recorded and what happens next. */
export function buildConfirmationCard(view: ConfirmationView): AdaptiveCard {
  const ref = clip(view.caseRef, 20);
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'good',
      bleed: true,
      items: header(`✓ ${clip(view.title, 120)}`, `Case ${ref}`),
    },
  ];
  if (view.facts.length > 0) {
    body.push(facts(view.facts.slice(0, 12).map((f) => [clip(f.label, 60), clip(f.value, 200)] as const)));
  }
  if (view.nextSteps.length > 0) {
    body.push(text('What happens next', { weight: 'bolder', spacing: 'medium' }), ...bullets(view.nextSteps.slice(0, 10)));
  }
  return card(body, { fallbackText: `${view.title}: ${ref}` });
}
