import { isGraded } from '../../audit/programme-profile';
import { buildCompletionNoticeCard } from '../../cards';
import { nameOf, type Renderer } from './render-context';

/**
 * The audit is done: to the allocated worker or team manager, from the payload's case reference and grade. In a
 * graded programme the card offers "I disagree with the grade" (004 §2.12).
 */
export const renderCompletionNotice: Renderer<'completion-notice'> = async (p, row, ctx) =>
  buildCompletionNoticeCard({
    recipientName: await nameOf(ctx, row.recipientId),
    target: p.target,
    caseRef: p.caseRef,
    month: p.month,
    serviceArea: p.serviceArea,
    team: p.team,
    auditorName: await nameOf(ctx, p.auditorId),
    grade: p.grade,
    partB: ctx.profile.partB !== null,
    disagreeAllocationId: isGraded(ctx.profile) ? p.allocationId : null,
  });
