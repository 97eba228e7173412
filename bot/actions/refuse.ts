import type { Permission } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { logChange } from '../../store/audit-log';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';

export type Refusal = Extract<Permission, { allowed: false }>;

/**
 * Someone pressed a button that is not theirs to press (audit/permissions.ts said no). Nothing changes; the attempt
 * is logged with the rule's code and kept in the audit trail so QA can see it.
 */
export async function refuse(ctx: ActionContext, verb: string, allocationId: number, refusal: Refusal): Promise<AdaptiveCard> {
  ctx.deps.logger.warn({ actor: ctx.actor.id, verb, allocationId, code: refusal.code }, 'action refused: not permitted');
  await logChange(ctx.deps.db, ctx.actor.id, 'action.refused', 'allocation', allocationId, { verb });
  return errorCard('NOT_PERMITTED', refusal.reason, 'Nothing was changed. If you think this is wrong, contact the QA team.');
}

export function unknownAllocationCard(allocationId: number): AdaptiveCard {
  return errorCard(
    'UNKNOWN_ALLOCATION',
    `Audit ${allocationId} could not be found.`,
    'Type "my audits" to see your current audits, or contact the QA team.',
  );
}
