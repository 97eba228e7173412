import { mediationDate } from '../../audit/disagreement';
import { buildDisagreementRequestCard } from '../../cards';
import { getDisagreement } from '../../store/disagreements-repo';
import { nameOf, RenderError, type Renderer } from './render-context';

/**
 * The review invitation (004 §2.12) to the auditor, worker and team manager, or the mediation request (§2.13) to the
 * mediator. The reason is read from the store at send time (the payload holds no free text); only the auditor at
 * review, and the mediator at mediation, see the outcome form.
 */
export const renderDisagreementRequest: Renderer<'disagreement-request'> = async (p, row, ctx) => {
  const d = await getDisagreement(ctx.db, p.disagreementId);
  if (d === null) throw new RenderError('MISSING_RECORD', `disagreement ${p.disagreementId} no longer exists`);
  const decides = p.stage === 'mediation' || (row.recipientId !== null && row.recipientId === p.auditorId);
  const scale = ctx.profile.grading.mode === 'graded' ? ctx.profile.grading.scale : null;
  return buildDisagreementRequestCard({
    recipientName: await nameOf(ctx, row.recipientId),
    stage: p.stage,
    caseRef: p.caseRef,
    month: p.month,
    serviceArea: p.serviceArea,
    team: p.team,
    auditorName: await nameOf(ctx, p.auditorId),
    grade: p.grade,
    raisedByName: await nameOf(ctx, p.raisedBy),
    raisedAs: d.raisedAs,
    reason: d.reason,
    mediationDate: mediationDate(ctx.profile, d.raisedOn),
    form: decides && d.status !== 'resolved' ? { disagreementId: d.id, scale } : null,
  });
};
