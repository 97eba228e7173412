import { isPartBUrgent, suggestedActionsFrom } from '../../audit/part-b';
import { buildPartBRequestCard } from '../../cards';
import { getResponse } from '../../store/responses-repo';
import { allocationOf, nameOf, RenderError, type Renderer } from './render-context';

/**
 * Part B to the team manager (the previous one when the case has closed, 004 §7.2), or the chase to the Assistant
 * Director once it is overdue (004 §7.5). The audit's "what needs to improve" is prefilled as the suggested actions
 * (004 §7.3); urgency is read from the returned audit as Part B's due date was (004 §7.1).
 */
export const renderPartBRequest: Renderer<'part-b-request'> = async (p, _row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  const response = await getResponse(ctx.db, a.id);
  if (response === null) throw new RenderError('MISSING_RECORD', `the returned audit for allocation ${a.id} no longer exists`);
  return buildPartBRequestCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    team: a.team,
    auditorName: await nameOf(ctx, a.auditorId),
    grade: a.moderatedGrade ?? a.grade,
    dueDate: p.dueDate,
    urgent: isPartBUrgent(response),
    suggestedActions: p.chase === true ? ['Part B is overdue: please make sure the team manager completes it, or complete it yourself.'] : [],
    suggestedActionsText: suggestedActionsFrom(response.improvement),
    caseClosed: p.caseClosed === true,
  });
};
