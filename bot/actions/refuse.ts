import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { logChange } from '../../store/audit-log';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';

/**
 * Someone pressed a button that is not theirs to press. Nothing changes; the attempt is logged and kept in the
 * audit trail so QA can see it.
 */
export async function refuse(ctx: ActionContext, verb: string, allocationId: number, who: string): Promise<AdaptiveCard> {
  ctx.deps.logger.warn({ actor: ctx.actor.id, verb, allocationId }, 'action refused: not permitted');
  await logChange(ctx.deps.db, ctx.actor.id, 'action.refused', 'allocation', allocationId, { verb });
  return errorCard('NOT_PERMITTED', `Only ${who} can do this.`, 'Nothing was changed. If you think this is wrong, contact the QA team.');
}

export function unknownAllocationCard(allocationId: number): AdaptiveCard {
  return errorCard(
    'UNKNOWN_ALLOCATION',
    `Audit ${allocationId} could not be found.`,
    'Type "my audits" to see your current audits, or contact the QA team.',
  );
}
