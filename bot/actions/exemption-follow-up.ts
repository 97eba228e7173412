import { mayReallocate } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { ExemptionFollowUpData } from '../../cards/verbs';
import { reallocateCase, type ReallocationOutcome } from '../../programme/reallocate-case';
import { getAllocation, getAllocationDetail } from '../../store/allocations-repo';
import { getExemptionRequest, getExemptionRequestForUpdate, recordExemptionFollowUp, type ExemptionRequest } from '../../store/exemption-requests-repo';
import { getPerson } from '../../store/people-repo';
import { todayOf } from '../bot-dates';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { unknownExemptionRequestCard } from './exemption-decide';
import { refuse } from './refuse';

/** Rolls the transaction back when no auditor may take the case, so nothing is written. */
class NoReallocation extends Error {
  constructor(readonly outcome: Extract<ReallocationOutcome, { ok: false }>) {
    super(outcome.reason);
  }
}

async function alreadyFollowedUpCard(ctx: ActionContext, r: ExemptionRequest, caseRef: string): Promise<AdaptiveCard> {
  if (r.followUp === 'reallocated' && r.reallocatedTo !== null) {
    const to = await getAllocation(ctx.deps.db, r.reallocatedTo);
    const name = to === null ? 'another auditor' : (await getPerson(ctx.deps.db, to.auditorId))?.name ?? to.auditorId;
    return errorCard('EXEMPTION_ALREADY_FOLLOWED_UP', `${caseRef} has already been reallocated to ${name}.`, 'Nothing was changed.');
  }
  return errorCard('EXEMPTION_ALREADY_FOLLOWED_UP', `${caseRef} has already been dropped from the month.`, 'Nothing was changed.');
}

/** QA allocates (004 §2.1), so QA reallocates an exempted case to another auditor, or drops it from the month. */
export async function exemptionFollowUp(ctx: ActionContext, data: ExemptionFollowUpData): Promise<AdaptiveCard> {
  const request = await getExemptionRequest(ctx.deps.db, data.requestId);
  if (request === null) return unknownExemptionRequestCard(data.requestId);
  const p = mayReallocate(ctx.actor);
  if (!p.allowed) return refuse(ctx, 'exemption.follow-up', request.allocationId, p);
  const a = await getAllocationDetail(ctx.deps.db, request.allocationId);
  if (a === null) return unknownExemptionRequestCard(data.requestId);
  if (request.status !== 'agreed') {
    return errorCard('EXEMPTION_NOT_AGREED', `The exemption for ${a.caseRef} is ${request.status}, not agreed: there is nothing to follow up yet.`, 'Nothing was changed.');
  }
  if (request.followUp !== null) return alreadyFollowedUpCard(ctx, request, a.caseRef);

  if (data.action === 'drop') {
    const done = await ctx.deps.db.transaction((tx) => recordExemptionFollowUp(tx, request.id, { followUp: 'dropped' }, ctx.actor.id));
    if (!done) return alreadyFollowedUpCard(ctx, (await getExemptionRequest(ctx.deps.db, request.id)) ?? request, a.caseRef);
    return buildConfirmationCard({
      title: 'Dropped from the month',
      caseRef: a.caseRef,
      facts: [{ label: 'Month', value: a.month }],
      nextSteps: ['The case is not audited this month; the exemption shows in the monthly report.'],
    });
  }

  let outcome: Extract<ReallocationOutcome, { ok: true }> | null;
  try {
    outcome = await ctx.deps.db.transaction(async (tx) => {
      // The row lock makes a second press wait, then find the follow-up recorded and write nothing.
      const locked = await getExemptionRequestForUpdate(tx, request.id);
      if (locked === null || locked.followUp !== null) return null;
      const r = await reallocateCase(tx, ctx.deps.profile, a, request.id, todayOf(ctx.deps), ctx.actor.id);
      if (!r.ok) throw new NoReallocation(r);
      await recordExemptionFollowUp(tx, request.id, { followUp: 'reallocated', reallocatedTo: r.allocationId }, ctx.actor.id);
      return r;
    });
  } catch (e) {
    if (!(e instanceof NoReallocation)) throw e;
    return errorCard(
      'NO_ELIGIBLE_AUDITOR',
      `No other auditor can take ${a.caseRef} without a conflict of interest (${e.outcome.details.join('; ') || e.outcome.reason}).`,
      'Nothing was changed. Drop the case from the month, or add an auditor to the people list and try again.',
    );
  }
  if (outcome === null) return alreadyFollowedUpCard(ctx, (await getExemptionRequest(ctx.deps.db, request.id)) ?? request, a.caseRef);
  return buildConfirmationCard({
    title: 'Case reallocated',
    caseRef: a.caseRef,
    facts: [{ label: 'New auditor', value: outcome.auditorName }, { label: 'Due', value: outcome.dueDate }],
    nextSteps: [`${outcome.auditorName} will get the case on their list for ${a.month}.`],
  });
}
