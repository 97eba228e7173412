import { mayGrade } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { GradeOpenData } from '../../cards/verbs';
import type { ActionContext } from './action-context';
import { getAllocationDetail } from '../../store/allocations-repo';
import { gradeCardFor } from './grade-card-state';
import { refuse, unknownAllocationCard } from './refuse';

/** Opens the grade form (or the confirmation, once returned) for the allocated auditor only. */
export async function gradeOpen(ctx: ActionContext, data: GradeOpenData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const p = mayGrade(ctx.actor, a);
  if (!p.allowed) return refuse(ctx, 'grade.open', a.id, p);
  return gradeCardFor(ctx.deps, a);
}
