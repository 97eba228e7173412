import { buildDisagreementOutcomeCard } from '../../cards';
import { getDisagreement } from '../../store/disagreements-repo';
import { nameOf, RenderError, type Renderer } from './render-context';

/** The review's or mediation's outcome to the auditor, worker and team manager; the note is read at send time. */
export const renderDisagreementOutcome: Renderer<'disagreement-outcome'> = async (p, row, ctx) => {
  const d = await getDisagreement(ctx.db, p.disagreementId);
  if (d === null) throw new RenderError('MISSING_RECORD', `disagreement ${p.disagreementId} no longer exists`);
  return buildDisagreementOutcomeCard({
    recipientName: await nameOf(ctx, row.recipientId),
    stage: p.stage,
    caseRef: p.caseRef,
    month: p.month,
    outcome: p.outcome,
    grade: p.grade,
    newGrade: p.newGrade,
    resolvedByName: await nameOf(ctx, d.resolvedBy),
    note: d.outcomeNote ?? '',
  });
};
