import type { ExemptionStatus } from '../../audit/exemption-request';
import { qaOfficers, type Person } from '../../audit/people';
import { mayRequestExemption } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import { exemptionCategoryLabel } from '../../cards/exemption-request-card';
import type { ExemptionRequestData } from '../../cards/verbs';
import { getAllocationDetail } from '../../store/allocations-repo';
import { createExemptionRequest, openExemptionRequestOf } from '../../store/exemption-requests-repo';
import { enqueueMany } from '../../store/outbox-repo';
import { getPerson, listPeople } from '../../store/people-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { refuse, unknownAllocationCard } from './refuse';

/** Who decides the line manager's stage: the auditor's line manager, or (none on record) each QA officer instead. */
export async function lineManagerStageDeciders(ctx: ActionContext, auditor: Person): Promise<{ deciders: Person[]; qaStandsIn: boolean }> {
  const manager = auditor.managerId === null ? null : await getPerson(ctx.deps.db, auditor.managerId);
  if (manager !== null) return { deciders: [manager], qaStandsIn: false };
  return { deciders: qaOfficers(await listPeople(ctx.deps.db)), qaStandsIn: true };
}

function alreadyRequestedCard(caseRef: string, status: ExemptionStatus): AdaptiveCard {
  return errorCard(
    'EXEMPTION_ALREADY_REQUESTED',
    `You have already asked to be exempted from ${caseRef}; that request is ${status === 'awaiting-psw' ? 'with the Principal Social Worker' : 'with your line manager'}.`,
    'Nothing was changed. You will hear as soon as it is decided.',
  );
}

/**
 * 004 §2.18: the allocated auditor asks, at any time before the audit is returned, to be exempted; the request goes
 * to their line manager "in the first instance". One open request per audit.
 */
export async function exemptionRequest(ctx: ActionContext, data: ExemptionRequestData): Promise<AdaptiveCard> {
  const a = await getAllocationDetail(ctx.deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const p = mayRequestExemption(ctx.actor, { auditorId: a.auditorId });
  if (!p.allowed) return refuse(ctx, 'exemption.request', a.id, p);
  if (a.status !== 'allocated') {
    return errorCard('AUDIT_NOT_OPEN', `The audit of ${a.caseRef} is ${a.status}: only an audit not yet returned can be exempted.`, 'Nothing was changed.');
  }
  const open = await openExemptionRequestOf(ctx.deps.db, a.id);
  if (open !== null) return alreadyRequestedCard(a.caseRef, open.status);
  const { deciders, qaStandsIn } = await lineManagerStageDeciders(ctx, ctx.actor);
  if (deciders.length === 0) {
    return errorCard('NO_ONE_TO_DECIDE', 'No line manager or QA officer is on record to decide an exemption.', 'Nothing was changed. Ask the QA team to update the people list.');
  }
  const request = await ctx.deps.db.transaction(async (tx) => {
    const created = await createExemptionRequest(tx, { allocationId: a.id, category: data.category, reason: data.reason, requestedBy: ctx.actor.id }, ctx.actor.id);
    if (created === null) return null;
    await enqueueMany(tx, deciders.map((d) => ({
      key: `exemption-request:${created.id}:line-manager:${d.id}`,
      channel: 'teams' as const,
      kind: 'exemption-request' as const,
      recipientId: d.id,
      payload: { allocationId: a.id, requestId: created.id, stage: 'line-manager' as const },
    })));
    return created;
  });
  // Another press opened one between the check above and this insert.
  if (request === null) return alreadyRequestedCard(a.caseRef, 'awaiting-line-manager');
  return buildConfirmationCard({
    title: 'Exemption requested',
    caseRef: a.caseRef,
    facts: [
      { label: 'Why', value: exemptionCategoryLabel(request.category) },
      { label: qaStandsIn ? 'Sent to QA' : 'Sent to', value: deciders.map((d) => d.name).join(', ') },
    ],
    nextSteps: [
      qaStandsIn
        ? 'No line manager is on record for you, so the QA team will decide instead.'
        : `Talk it through with ${deciders[0]?.name ?? 'your line manager'}, who will agree or refuse it here.`,
      'Until it is agreed the audit stays with you.',
    ],
  });
}
