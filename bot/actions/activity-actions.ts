import { askedKindQuestions, kindFormFor, type AskedKindQuestion } from '../../audit/kind-forms';
import { mayGrade } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { ActivityIdSchema, parseCaseReflection, parseSupervisionObservation } from '../../cards/activity-submit-schema';
import { buildCaseReflectionCard, buildReflectionRecordedCard } from '../../cards/case-reflection-card';
import { ACTIVITY_VERBS, buildObservationRecordedCard, buildSupervisionObservationCard } from '../../cards/supervision-observation-card';
import { logChange } from '../../store/audit-log';
import { getActivity, returnActivity, type Activity } from '../../store/activities-repo';
import { londonDateOf } from '../../audit/london-time';
import { todayOf } from '../bot-dates';
import type { BotDeps } from '../bot-deps';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';

/**
 * `activity.open` / `activity.submit`: a non-case activity (a supervision observation, a case reflection sheet) opened
 * from "my audits" and submitted by the allocated auditor only, mirroring grade.open / grade.submit. Each kind has its
 * own card and its own validation; neither has a case reference or a grade, so nothing here can start the Inadequate
 * path.
 */
export function isActivityVerb(verb: string): boolean {
  return verb === ACTIVITY_VERBS.open || verb === ACTIVITY_VERBS.submit;
}

function unknownActivityCard(): AdaptiveCard {
  return errorCard('UNKNOWN_ACTIVITY', 'Audit Loop cannot find that activity.', 'Open it again from "my audits".');
}

function activityCard(
  deps: BotDeps, v: Activity, questions: readonly AskedKindQuestion[], values: Record<string, string | undefined> = {}, errors: Record<string, string> = {},
): AdaptiveCard {
  if (v.kind === 'case-reflection') {
    if (v.status === 'returned') return buildReflectionRecordedCard({ returnedOn: v.returnedAt ? londonDateOf(v.returnedAt) : todayOf(deps) });
    return buildCaseReflectionCard({ activityId: v.id, dueDate: v.dueDate, questions, values, errors });
  }
  if (v.status === 'returned') {
    return buildObservationRecordedCard({ supervisee: v.subjectName, supervisionDate: v.answers?.supervisionDate ?? v.dueDate });
  }
  return buildSupervisionObservationCard({ activityId: v.id, supervisee: v.subjectName, dueDate: v.dueDate, today: todayOf(deps), questions, values, errors });
}

async function refuseActivity(ctx: ActionContext, verb: string, id: number, reason: string): Promise<AdaptiveCard> {
  ctx.deps.logger.warn({ actor: ctx.actor.id, verb, activityId: id }, 'action refused: not permitted');
  await logChange(ctx.deps.db, ctx.actor.id, 'action.refused', 'activity', id, { verb });
  return errorCard('NOT_PERMITTED', reason, 'Nothing was changed. If you think this is wrong, contact the QA team.');
}

function textValues(raw: unknown): Record<string, string | undefined> {
  if (typeof raw !== 'object' || raw === null) return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export async function routeActivity(ctx: ActionContext, verb: string, data: unknown): Promise<AdaptiveCard> {
  const id = ActivityIdSchema.safeParse(typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['activityId'] : undefined);
  if (!id.success) return errorCard('ACTION_DATA_INVALID', `activityId: ${id.error.issues[0]?.message ?? 'missing'}`, 'Open it again from "my audits".');
  const { deps, actor } = ctx;
  const v = await getActivity(deps.db, id.data);
  if (v === null) return unknownActivityCard();
  const p = mayGrade(actor, v);
  if (!p.allowed) return refuseActivity(ctx, verb, v.id, p.reason);
  const questions = askedKindQuestions(kindFormFor(deps.profile.kindForms, v.kind));
  if (verb === ACTIVITY_VERBS.open || v.status !== 'allocated') return activityCard(deps, v, questions);
  const parsed = v.kind === 'case-reflection' ? parseCaseReflection(data, questions) : parseSupervisionObservation(data, questions, todayOf(deps));
  if (!parsed.ok) {
    deps.logger.info({ actor: actor.id, verb, fields: parsed.errors.map((e) => e.field) }, 'action data refused');
    return activityCard(deps, v, questions, textValues(data), Object.fromEntries(parsed.errors.map((e) => [e.field, e.message])));
  }
  const { supervisionDate, answers } = parsed.data;
  await deps.db.transaction((tx) => returnActivity(tx, v.id, { ...(supervisionDate === undefined ? {} : { supervisionDate }), answers }, actor.id));
  deps.logger.info({ actor: actor.id, activityId: v.id, kind: v.kind }, 'activity recorded from card');
  const after = await getActivity(deps.db, v.id);
  return activityCard(deps, after ?? v, questions);
}
