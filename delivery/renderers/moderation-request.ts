import { effectiveDueDate } from '../../audit/allocation-lifecycle';
import { buildModerationRequestCard } from '../../cards';
import { getResponse } from '../../store/responses-repo';
import { allocationOf, nameOf, type Renderer } from './render-context';

/** The audit's answers are read here, at send time, never carried in the payload (free text stays in one place). */
export const renderModerationRequest: Renderer<'moderation-request'> = async (p, _row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  const scale = ctx.profile.grading.mode === 'graded' ? ctx.profile.grading.scale : [];
  const r = await getResponse(ctx.db, a.id);
  return buildModerationRequestCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    kind: a.kind,
    month: a.month,
    auditorName: await nameOf(ctx, a.auditorId),
    originalGrade: r?.grade ?? a.grade ?? 'ungraded',
    scale,
    dueDate: p.dueDate ?? effectiveDueDate(a),
    answers: r === null ? null : {
      rationale: r.rationale, goodPractice: r.goodPractice, improvement: r.improvement,
      discussionHeld: r.discussionHeld, contact: r.contact, contactViews: r.contactViews,
    },
    ...(p.chase === true ? { chase: true } : {}),
  });
};
