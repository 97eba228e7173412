import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { parseActionData } from '../../cards/verbs';
import { AllocationIdSchema } from '../../cards/verb-fields';
import type { ActionContext } from './action-context';
import { cardRefresh } from './card-refresh';
import { exemptionRequest } from './exemption-request';
import { exemptionDecide } from './exemption-decide';
import { exemptionFollowUp } from './exemption-follow-up';
import { oversightRecord } from './oversight-record';
import { disagreementRaise } from './disagreement-raise';
import { disagreementResolve } from './disagreement-resolve';
import { escalationExempt } from './escalation-exempt';
import { escalationExtend } from './escalation-extend';
import { escalationNudge } from './escalation-nudge';
import { gradeScaleOf } from './grade-card-state';
import { gradeOpen } from './grade-open';
import { fieldErrorsCard, gradeSubmit, invalidGradeSubmit } from './grade-submit';
import { moderationSubmit } from './moderation-submit';
import { partBComplete } from './partb-complete';
import { inadequateUpdate } from './inadequate-update';
import { isActivityVerb, routeActivity } from './activity-actions';

/** Parses the verb's data first, then hands it to the one handler for that verb. */
export async function routeAction(ctx: ActionContext, verb: string, data: unknown): Promise<AdaptiveCard> {
  // Non-case activities (a supervision observation) have their own verbs, ids and table (bot/actions/activity-actions.ts).
  if (isActivityVerb(verb)) return routeActivity(ctx, verb, data);
  const parsed = parseActionData(verb, data, { gradeScale: gradeScaleOf(ctx.deps.profile) });
  if (!parsed.ok) {
    ctx.deps.logger.info({ actor: ctx.actor.id, verb: verb.slice(0, 40), fields: parsed.errors.map((e) => e.field) }, 'action data refused');
    const id = AllocationIdSchema.safeParse(typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['allocationId'] : undefined);
    if (verb === 'grade.submit' && id.success) return invalidGradeSubmit(ctx, id.data, data, parsed.errors);
    return fieldErrorsCard(parsed.errors);
  }
  switch (parsed.verb) {
    case 'grade.open': return gradeOpen(ctx, parsed.data);
    case 'grade.submit': return gradeSubmit(ctx, parsed.data);
    case 'escalation.nudge': return escalationNudge(ctx, parsed.data);
    case 'escalation.exempt': return escalationExempt(ctx, parsed.data);
    case 'escalation.extend': return escalationExtend(ctx, parsed.data);
    case 'moderation.submit': return moderationSubmit(ctx, parsed.data);
    case 'partb.complete': return partBComplete(ctx, parsed.data);
    case 'card.refresh': return cardRefresh(ctx, parsed.data);
    case 'exemption.request': return exemptionRequest(ctx, parsed.data);
    case 'exemption.decide': return exemptionDecide(ctx, parsed.data);
    case 'exemption.follow-up': return exemptionFollowUp(ctx, parsed.data);
    case 'oversight.record': return oversightRecord(ctx, parsed.data);
    case 'disagreement.raise': return disagreementRaise(ctx, parsed.data);
    case 'disagreement.resolve': return disagreementResolve(ctx, parsed.data);
    case 'inadequate.update': return inadequateUpdate(ctx, parsed.data);
  }
}
