import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { ExemptionDecideData } from '../../cards/verbs';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';

// PLACEHOLDER: replaced by the handler being built for #16.
export async function exemptionDecide(_ctx: ActionContext, _data: ExemptionDecideData): Promise<AdaptiveCard> {
  return errorCard('NOT_BUILT', 'This action is not available yet.', 'Nothing was changed.');
}
