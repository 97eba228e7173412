import { effectiveDueDate } from '../../audit/allocation-lifecycle';
import { buildExemptionRequestCard } from '../../cards';
import { getExemptionRequest, type ExemptionRequest } from '../../store/exemption-requests-repo';
import { getPerson } from '../../store/people-repo';
import { allocationOf, nameOf, RenderError, type RenderContext, type Renderer } from './render-context';

/** The request a row names, read at send time; gone → MISSING_RECORD, so the row fails visibly. */
export async function exemptionRequestOf(ctx: RenderContext, id: number): Promise<ExemptionRequest> {
  const found = await getExemptionRequest(ctx.db, id);
  if (found === null) throw new RenderError('MISSING_RECORD', `exemption request ${id} no longer exists`);
  return found;
}

/** The decision card to the line manager (or QA standing in), or to QA for the PSW's agreement. */
export const renderExemptionRequest: Renderer<'exemption-request'> = async (p, row, ctx) => {
  const [r, a] = await Promise.all([exemptionRequestOf(ctx, p.requestId), allocationOf(ctx, p.allocationId)]);
  const auditor = await getPerson(ctx.db, a.auditorId);
  return buildExemptionRequestCard({
    requestId: r.id,
    caseRef: a.caseRef,
    auditorName: auditor?.name ?? a.auditorId,
    category: r.category,
    reason: r.reason,
    dueDate: effectiveDueDate(a),
    stage: p.stage,
    lineManagerName: r.lineManagerId === null ? null : await nameOf(ctx, r.lineManagerId),
    qaStandsIn: p.stage === 'line-manager' && (auditor?.managerId ?? null) !== row.recipientId,
  });
};
