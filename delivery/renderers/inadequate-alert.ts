import { londonDateOf } from '../../audit/london-time';
import { buildInadequateAlertCard } from '../../cards';
import { partBDueDate } from '../../store/part-b-repo';
import { getResponse } from '../../store/responses-repo';
import { allocationOf, nameOf, RenderError, type Renderer } from './render-context';

/**
 * The urgent notice (and the scheduler's update-due and follow-up chases). Dates come from the payload and the
 * store as they are: no Part B means no Part B date on the card, never another deadline in its place.
 */
export const renderInadequateAlert: Renderer<'inadequate-alert'> = async (p, _row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  const response = await getResponse(ctx.db, a.id);
  if (response === null) throw new RenderError('MISSING_RECORD', `the returned audit for allocation ${a.id} no longer exists`);
  return buildInadequateAlertCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    team: a.team,
    auditorName: await nameOf(ctx, a.auditorId),
    grade: a.moderatedGrade ?? a.grade ?? 'Ungraded',
    auditedOn: londonDateOf(response.submittedAt, ctx.profile.timeZone),
    updateDueDate: p.updateDue,
    followUpDate: p.followUpDue,
    reAuditMonth: p.reauditMonth,
    partBDueDate: await partBDueDate(ctx.db, a.id),
  });
};
