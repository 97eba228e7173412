import {
  applyExemptionDecision,
  exemptionReasonText,
  ExemptionMoveRefused,
  stageOf,
  type ExemptionStage,
} from '../../audit/exemption-request';
import { londonDateOf } from '../../audit/london-time';
import type { OutboxMessage } from '../../audit/outbox-messages';
import { qaOfficers, type Person } from '../../audit/people';
import { mayAgreeExemptionAsPsw, mayDecideExemptionAsLineManager, type Permission } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import type { ExemptionDecideData } from '../../cards/verbs';
import { getAllocationDetail, updateAllocation } from '../../store/allocations-repo';
import type { Queryable } from '../../store/db';
import { getExemptionRequestForUpdate, getExemptionRequest, recordExemptionDecision, type ExemptionRequest } from '../../store/exemption-requests-repo';
import { enqueueMany } from '../../store/outbox-repo';
import { getPerson, listPeople } from '../../store/people-repo';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { lineManagerStageDeciders } from './exemption-request';
import { refuse } from './refuse';
import { transitionErrorCard } from './transition-error';

export function unknownExemptionRequestCard(id: number): AdaptiveCard {
  return errorCard('UNKNOWN_EXEMPTION_REQUEST', `Exemption request ${id} could not be found.`, 'Nothing was changed. Open the latest message about it, or contact the QA team.');
}

/**
 * What follows a request reaching `request.status`, in the caller's transaction: with the PSW, QA's cards and a word
 * to the auditor; agreed, the allocation exempted (so chasing stops), the auditor told and QA asked to follow up;
 * refused, the auditor told with the note. Throws AuditError INVALID_TRANSITION when the audit was returned meanwhile.
 */
export async function afterExemptionDecision(
  tx: Queryable,
  request: ExemptionRequest,
  auditorId: string,
  qa: readonly Person[],
  actor: string,
): Promise<void> {
  const { id, allocationId } = request;
  const outcome = (o: 'agreed' | 'refused' | 'awaiting-psw'): OutboxMessage => ({
    key: `exemption-outcome:${id}:${o}`, channel: 'teams', kind: 'exemption-outcome', recipientId: auditorId,
    payload: { allocationId, requestId: id, outcome: o },
  });
  switch (request.status) {
    case 'awaiting-psw':
      await enqueueMany(tx, [
        ...qa.map((q): OutboxMessage => ({
          key: `exemption-request:${id}:psw:${q.id}`, channel: 'teams', kind: 'exemption-request', recipientId: q.id,
          payload: { allocationId, requestId: id, stage: 'psw' },
        })),
        outcome('awaiting-psw'),
      ]);
      return;
    case 'agreed':
      await updateAllocation(tx, allocationId, { type: 'exempt', reason: exemptionReasonText(request.category, request.reason) }, actor);
      await enqueueMany(tx, [
        outcome('agreed'),
        ...qa.map((q): OutboxMessage => ({
          key: `exemption-follow-up:${id}:${q.id}`, channel: 'teams', kind: 'exemption-follow-up', recipientId: q.id,
          payload: { allocationId, requestId: id },
        })),
      ]);
      return;
    case 'refused':
      await enqueueMany(tx, [outcome('refused')]);
      return;
    case 'awaiting-line-manager':
      return;
  }
}

/** The rule for a stage: the auditor's line manager, QA standing in when none is on record; the PSW's stage is QA's. */
async function ruleFor(ctx: ActionContext, stage: ExemptionStage, auditor: Person): Promise<Permission> {
  if (stage === 'psw') return mayAgreeExemptionAsPsw(ctx.actor);
  const { qaStandsIn } = await lineManagerStageDeciders(ctx, auditor);
  return qaStandsIn ? mayAgreeExemptionAsPsw(ctx.actor) : mayDecideExemptionAsLineManager(ctx.actor, { auditorManagerId: auditor.managerId });
}

/** A request decided already: who decided and when, nothing changed. */
async function alreadyDecidedCard(ctx: ActionContext, r: ExemptionRequest, caseRef: string): Promise<AdaptiveCard> {
  const byPsw = r.pswDecidedAt !== null;
  const deciderId = byPsw ? r.pswId : r.lineManagerId;
  const when = byPsw ? r.pswDecidedAt : r.lineManagerDecidedAt;
  const name = deciderId === null ? 'someone else' : (await getPerson(ctx.deps.db, deciderId))?.name ?? deciderId;
  const status = r.status === 'awaiting-psw' ? 'agreed by the line manager and is with the Principal Social Worker' : r.status;
  return errorCard(
    'EXEMPTION_ALREADY_DECIDED',
    `The exemption request for ${caseRef} was already ${status}: decided by ${name}${when === null ? '' : ` on ${londonDateOf(when, ctx.deps.profile.timeZone)}`}.`,
    'Nothing was changed.',
  );
}

/** 004 §2.18: the line manager's decision, then (where the profile asks) the PSW's. */
export async function exemptionDecide(ctx: ActionContext, data: ExemptionDecideData): Promise<AdaptiveCard> {
  const request = await getExemptionRequest(ctx.deps.db, data.requestId);
  if (request === null) return unknownExemptionRequestCard(data.requestId);
  const a = await getAllocationDetail(ctx.deps.db, request.allocationId);
  const auditor = a === null ? null : await getPerson(ctx.deps.db, a.auditorId);
  if (a === null || auditor === null) return unknownExemptionRequestCard(data.requestId);
  const stage = stageOf(request.status);
  if (stage === null) {
    const lm = await ruleFor(ctx, 'line-manager', auditor);
    const psw = mayAgreeExemptionAsPsw(ctx.actor);
    if (!lm.allowed && !psw.allowed) return refuse(ctx, 'exemption.decide', a.id, lm);
    return alreadyDecidedCard(ctx, request, a.caseRef);
  }
  const p = await ruleFor(ctx, stage, auditor);
  if (!p.allowed) return refuse(ctx, 'exemption.decide', a.id, p);
  const qa = qaOfficers(await listPeople(ctx.deps.db));
  const pswAgreement = ctx.deps.profile.exemptions.pswAgreement;
  if (stage === 'line-manager' && data.decision === 'agree' && pswAgreement && qa.length === 0) {
    return errorCard('NO_ONE_TO_DECIDE', 'No QA officer is on record to give the Principal Social Worker’s agreement.', 'Nothing was changed. Ask the QA team to update the people list.');
  }
  let decided: ExemptionRequest;
  try {
    decided = await ctx.deps.db.transaction(async (tx) => {
      const locked = await getExemptionRequestForUpdate(tx, request.id);
      if (locked === null) throw new ExemptionMoveRefused('EXEMPTION_ALREADY_DECIDED', 'The request is gone.');
      const next = applyExemptionDecision(locked.status, { stage, decision: data.decision, note: data.note }, pswAgreement);
      const updated = await recordExemptionDecision(tx, locked.id, {
        stage, deciderId: ctx.actor.id, next, refusalNote: next === 'refused' ? (data.note ?? null) : null,
      }, ctx.actor.id);
      await afterExemptionDecision(tx, updated, a.auditorId, qa, ctx.actor.id);
      return updated;
    });
  } catch (e) {
    // Decided by someone else between the read and the lock: say who, as for a request decided earlier.
    if (e instanceof ExemptionMoveRefused && e.move !== 'REFUSAL_WITHOUT_NOTE') {
      const now = await getExemptionRequest(ctx.deps.db, request.id);
      if (now !== null) return alreadyDecidedCard(ctx, now, a.caseRef);
    }
    return transitionErrorCard(e);
  }
  return decisionConfirmation(decided, a.caseRef, auditor.name);
}

function decisionConfirmation(r: ExemptionRequest, caseRef: string, auditorName: string): AdaptiveCard {
  const facts = [{ label: 'Auditor', value: auditorName }];
  switch (r.status) {
    case 'awaiting-psw':
      return buildConfirmationCard({ title: 'Exemption agreed; now with the PSW', caseRef, facts, nextSteps: ['The QA team will ask the Principal Social Worker to agree it (guide §2.18).', `${auditorName} has been told.`] });
    case 'agreed':
      return buildConfirmationCard({ title: 'Exemption agreed', caseRef, facts, nextSteps: [`${auditorName} no longer needs to do this audit, and will not be chased for it.`, 'QA will reallocate the case or drop it from the month.'] });
    case 'refused':
      return buildConfirmationCard({ title: 'Exemption refused', caseRef, facts, nextSteps: [`${auditorName} will see your note; the audit stays with them.`] });
    case 'awaiting-line-manager':
      return buildConfirmationCard({ title: 'Exemption requested', caseRef, facts, nextSteps: [] });
  }
}
