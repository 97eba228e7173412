import { buildExemptionOutcomeCard } from '../../cards';
import { exemptionRequestOf } from './exemption-request';
import { allocationOf, nameOf, type Renderer } from './render-context';

/** To the auditor: the outcome the row was queued for (not a later one), who decided it, and a refusal's note. */
export const renderExemptionOutcome: Renderer<'exemption-outcome'> = async (p, _row, ctx) => {
  const [r, a] = await Promise.all([exemptionRequestOf(ctx, p.requestId), allocationOf(ctx, p.allocationId)]);
  const deciderId = p.outcome === 'awaiting-psw' ? r.lineManagerId : (r.pswId ?? r.lineManagerId);
  return buildExemptionOutcomeCard({
    caseRef: a.caseRef,
    category: r.category,
    outcome: p.outcome,
    decidedBy: await nameOf(ctx, deciderId),
    note: p.outcome === 'refused' ? r.refusalNote : null,
  });
};
