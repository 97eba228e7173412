import { buildExemptionFollowUpCard } from '../../cards';
import { exemptionRequestOf } from './exemption-request';
import { allocationOf, nameOf, type Renderer } from './render-context';

/** To each QA officer once an exemption is agreed: reallocate the case or drop it. */
export const renderExemptionFollowUp: Renderer<'exemption-follow-up'> = async (p, _row, ctx) => {
  const [r, a] = await Promise.all([exemptionRequestOf(ctx, p.requestId), allocationOf(ctx, p.allocationId)]);
  return buildExemptionFollowUpCard({
    requestId: r.id,
    caseRef: a.caseRef,
    month: a.month,
    kind: a.kind,
    auditorName: await nameOf(ctx, a.auditorId),
    category: r.category,
  });
};
