import { effectiveDueDate } from '../../audit/allocation-lifecycle';
import { buildModerationRequestCard } from '../../cards';
import { allocationOf, nameOf, type Renderer } from './render-context';

export const renderModerationRequest: Renderer<'moderation-request'> = async (p, _row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  const scale = ctx.profile.grading.mode === 'graded' ? ctx.profile.grading.scale : [];
  return buildModerationRequestCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    kind: a.kind,
    month: a.month,
    auditorName: await nameOf(ctx, a.auditorId),
    originalGrade: a.grade ?? 'ungraded',
    scale,
    dueDate: effectiveDueDate(a),
  });
};
