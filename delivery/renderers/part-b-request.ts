import { buildPartBRequestCard } from '../../cards';
import { allocationOf, nameOf, type Renderer } from './render-context';

/** Part B to the team manager, or the chase to the Assistant Director once it is overdue (004 §7.5). */
export const renderPartBRequest: Renderer<'part-b-request'> = async (p, _row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  return buildPartBRequestCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    team: a.team,
    auditorName: await nameOf(ctx, a.auditorId),
    grade: a.moderatedGrade ?? a.grade,
    dueDate: p.dueDate,
    urgent: a.grade === 'Inadequate',
    suggestedActions: p.chase === true ? ['Part B is overdue: please make sure the team manager completes it.'] : [],
  });
};
