import { AuditError } from '../../audit/errors';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { errorCard } from '../replies';

/** A refused life-cycle move (already returned, date not later) becomes an error card; anything else is rethrown. */
export function transitionErrorCard(e: unknown): AdaptiveCard {
  if (e instanceof AuditError && e.code === 'INVALID_TRANSITION') {
    return errorCard(e.code, e.message, 'Nothing was changed. Refresh the card to see where this audit stands now.');
  }
  throw e;
}
