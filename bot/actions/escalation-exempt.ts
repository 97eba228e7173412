import { applyExemptionDecision, exemptionReasonText, ExemptionMoveRefused } from '../../audit/exemption-request';
import { qaOfficers } from '../../audit/people';
import { mayExempt } from '../../audit/permissions';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { EscalationExemptData } from '../../cards/verbs';
import { createExemptionRequest, getExemptionRequestForUpdate, openExemptionRequestOf, recordExemptionDecision, type ExemptionRequest } from '../../store/exemption-requests-repo';
import { listPeople } from '../../store/people-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { afterExemptionDecision } from './exemption-decide';
import { asLineManager } from './line-manager';
import { refuse, unknownAllocationCard } from './refuse';
import { transitionErrorCard } from './transition-error';

/**
 * The line manager's "Exempt" on the escalation card goes through the same request machine as the auditor's own
 * request (004 §2.18): it is the line manager's agreement, then the PSW's where the profile asks for it. A new
 * request is recorded as made by the line manager, under 'capacity' with the reason as given; an open request the
 * auditor made is decided instead (keeping the auditor's category and reason), never duplicated.
 */
export async function escalationExempt(ctx: ActionContext, data: EscalationExemptData): Promise<AdaptiveCard> {
  const m = await asLineManager(ctx, data.allocationId, mayExempt);
  if (!m.ok) {
    return m.reason === 'unknown' ? unknownAllocationCard(m.allocationId) : refuse(ctx, 'escalation.exempt', m.allocationId, m.refusal);
  }
  if (m.allocation.status !== 'allocated') {
    return errorCard('INVALID_TRANSITION', `Allocation ${m.allocation.id} (${m.allocation.caseRef}) is ${m.allocation.status}: only an audit not yet returned can be exempted.`, 'Nothing was changed. Refresh the card to see where this audit stands now.');
  }
  const pswAgreement = ctx.deps.profile.exemptions.pswAgreement;
  const qa = qaOfficers(await listPeople(ctx.deps.db));
  if (pswAgreement && qa.length === 0) {
    return errorCard('NO_ONE_TO_DECIDE', 'No QA officer is on record to give the Principal Social Worker’s agreement.', 'Nothing was changed. Ask the QA team to update the people list.');
  }
  const open = await openExemptionRequestOf(ctx.deps.db, m.allocation.id);
  if (open !== null && open.status === 'awaiting-psw') {
    return errorCard('EXEMPTION_ALREADY_DECIDED', `The exemption for ${m.allocation.caseRef} is already agreed by the line manager and is with the Principal Social Worker.`, 'Nothing was changed.');
  }
  let request: ExemptionRequest;
  try {
    request = await ctx.deps.db.transaction(async (tx) => {
      const agree = { stage: 'line-manager', decision: 'agree' } as const;
      const locked = open === null ? null : await getExemptionRequestForUpdate(tx, open.id);
      // Decided by someone else since it was read: applyExemptionDecision refuses, and nothing is written.
      const r = locked !== null
        ? await recordExemptionDecision(tx, locked.id, { stage: 'line-manager', deciderId: ctx.actor.id, next: applyExemptionDecision(locked.status, agree, pswAgreement), refusalNote: null }, ctx.actor.id)
        : await createExemptionRequest(tx, {
          allocationId: m.allocation.id, category: 'capacity', reason: data.reason, requestedBy: ctx.actor.id,
          agreedByLineManager: { lineManagerId: ctx.actor.id, status: pswAgreement ? 'awaiting-psw' : 'agreed' },
        }, ctx.actor.id);
      if (r === null) throw new ExemptionMoveRefused('EXEMPTION_ALREADY_DECIDED', `An exemption request for ${m.allocation.caseRef} was opened meanwhile; refresh and decide it.`);
      await afterExemptionDecision(tx, r, m.auditor.id, qa, ctx.actor.id);
      return r;
    });
  } catch (e) {
    return transitionErrorCard(e);
  }
  if (request.status === 'awaiting-psw') {
    return buildConfirmationCard({
      title: 'Exemption agreed; now with the PSW',
      caseRef: m.allocation.caseRef,
      facts: [{ label: 'Auditor', value: m.auditor.name }],
      nextSteps: ['The Principal Social Worker (QA) is asked to agree it (guide §2.18); until then the audit stays open.'],
    });
  }
  return buildConfirmationCard({
    title: 'Exemption granted',
    caseRef: m.allocation.caseRef,
    facts: [{ label: 'Auditor', value: m.auditor.name }, { label: 'Reason', value: exemptionReasonText(request.category, request.reason) }],
    nextSteps: ['QA will see the exemption and its reason in the monthly report, and will reallocate the case or drop it.'],
  });
}
