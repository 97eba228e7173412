import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { DisagreementRaiseData } from '../../cards/verbs';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';

// PLACEHOLDER: replaced by the handler being built for #16.
export async function disagreementRaise(_ctx: ActionContext, _data: DisagreementRaiseData): Promise<AdaptiveCard> {
  return errorCard('NOT_BUILT', 'This action is not available yet.', 'Nothing was changed.');
}
