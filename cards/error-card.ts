import type { AdaptiveCard, CardElement } from './adaptive-card-types';
import { card, clip, header, text } from './card-parts';
import type { ErrorView } from './view-models';

/** Says what went wrong and what to do, never a stack trace or internal detail. */
export function buildErrorCard(view: ErrorView): AdaptiveCard {
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'attention',
      bleed: true,
      items: [...header('Something went wrong'), text(clip(view.whatWentWrong, 400))],
    },
    text('What to do', { weight: 'bolder', spacing: 'medium' }),
    text(clip(view.whatToDo, 400), { spacing: 'small' }),
  ];
  if (view.code) body.push(text(`Reference: ${clip(view.code, 40)}`, { isSubtle: true, size: 'small' }));
  return card(body, { fallbackText: clip(view.whatWentWrong, 200) });
}
