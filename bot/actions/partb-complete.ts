import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { PartBCompleteData } from '../../cards/verbs';
import { logChange } from '../../store/audit-log';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { getAllocationDetail } from '../../store/allocations-repo';
import { refuse, unknownAllocationCard } from './refuse';

interface PartBRow {
  teamManagerId: string | null;
  completedAt: Date | null;
}

/** Part B by the case's team manager (004 §7); completing it twice keeps the first reflection. */
export async function partBComplete(ctx: ActionContext, data: PartBCompleteData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const rows = await ctx.deps.db.query<PartBRow>(
    'SELECT team_manager_id AS "teamManagerId", completed_at AS "completedAt" FROM part_b WHERE allocation_id = $1',
    [a.id],
  );
  const row = rows[0];
  if (row === undefined) return errorCard('NO_PART_B', `No Part B is due for ${a.caseRef}.`, 'Contact the QA team if you expected one.');
  if (row.teamManagerId !== ctx.actor.id) return refuse(ctx, 'partb.complete', a.id, 'the team manager');
  if (row.completedAt === null) {
    await ctx.deps.db.transaction(async (tx) => {
      await tx.query(
        'UPDATE part_b SET completed_at = now(), completed_by = $2, reflection = $3 WHERE allocation_id = $1 AND completed_at IS NULL',
        [a.id, ctx.actor.id, data.reflection],
      );
      await logChange(tx, ctx.actor.id, 'partb.complete', 'allocation', a.id);
    });
  }
  return buildConfirmationCard({ title: 'Part B recorded', caseRef: a.caseRef, facts: [], nextSteps: ['Thank you. QA will see it in the monthly report.'] });
}
