import { buildCompletionNoticeCard } from '../../cards';
import { nameOf, type Renderer } from './render-context';

/** The audit is done: to the allocated worker or team manager, from the payload's case reference and grade. */
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
  });
