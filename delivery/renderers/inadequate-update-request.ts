import { buildInadequateUpdateRequestCard } from '../../cards/inadequate-update-request-card';
import { getCase } from '../../store/cases-repo';
import { allocationOf, nameOf, type Renderer } from './render-context';

/** The team manager's 3-day update or 1-week follow-up request on an Inadequate case, its chase, or the AD's copy (003). */
export const renderInadequateUpdateRequest: Renderer<'inadequate-update-request'> = async (p, _row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  const c = await getCase(ctx.db, a.caseRef);
  const tm = c?.teamManagerId ?? null;
  return buildInadequateUpdateRequestCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    team: a.team,
    stage: p.stage,
    round: p.round,
    dueDate: p.dueDate,
    chase: p.chase === true,
    escalated: p.escalated === true,
    teamManagerName: tm === null ? null : await nameOf(ctx, tm),
  });
};
