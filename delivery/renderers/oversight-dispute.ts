import { buildOversightDisputeCard } from '../../cards';
import { allocationOf, nameOf, type Renderer } from './render-context';

/** To each QA officer: the case, its area and the service lead's reason; names read at send time. */
export const renderOversightDispute: Renderer<'oversight-dispute'> = async (p, _row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  return buildOversightDisputeCard({
    caseRef: p.caseRef,
    month: p.month,
    serviceArea: p.serviceArea,
    team: p.team,
    grade: p.grade,
    auditorName: await nameOf(ctx, a.auditorId),
    serviceLeadName: await nameOf(ctx, p.serviceLeadId),
    reason: p.reason,
  });
};
