import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { DisagreementResolveData } from '../../cards/verbs';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';

// PLACEHOLDER: replaced by the handler being built for #16.
export async function disagreementResolve(_ctx: ActionContext, _data: DisagreementResolveData): Promise<AdaptiveCard> {
  return errorCard('NOT_BUILT', 'This action is not available yet.', 'Nothing was changed.');
}
