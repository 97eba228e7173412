import { GradeSchema } from '../../audit/grades';
import { mayGrade } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { FieldError, GradeSubmitData } from '../../cards/verbs';
import type { GradeFormField, GradeFormValues } from '../../cards/view-models';
import { recordResponse } from '../../programme/record-response';
import { todayOf } from '../bot-dates';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { getAllocationDetail } from '../../store/allocations-repo';
import { gradeCardFor, responseConfirmationCard } from './grade-card-state';
import { refuse, unknownAllocationCard } from './refuse';

const FORM_FIELDS: readonly GradeFormField[] = [
  'grade', 'rationale', 'discussionHeld', 'contact', 'contactViews', 'goodPractice', 'improvement', 'safeguardingConcern',
];

/** Records the audit in one transaction; a second submit of the same card finds the first and records nothing. */
export async function gradeSubmit(ctx: ActionContext, data: GradeSubmitData): Promise<AdaptiveCard> {
  const { deps, actor } = ctx;
  const a = await getAllocationDetail(deps.db, data.allocationId);
  if (a === null) return unknownAllocationCard(data.allocationId);
  const p = mayGrade(actor, a);
  if (!p.allowed) return refuse(ctx, 'grade.submit', a.id, p);
  if (a.status !== 'allocated') return gradeCardFor(deps, a);
  const { response } = await deps.db.transaction((tx) =>
    recordResponse(tx, deps.profile, {
      allocationId: a.id,
      response: {
        grade: GradeSchema.nullable().parse(data.grade),
        rationale: data.rationale,
        discussionHeld: data.discussionHeld,
        contact: data.contact,
        contactViews: data.contactViews,
        goodPractice: data.goodPractice,
        improvement: data.improvement,
        safeguardingConcern: data.safeguardingConcern,
      },
      source: 'card',
      sourceRef: null,
      submittedBy: actor.id,
      returnedOn: todayOf(deps),
    }),
  );
  deps.logger.info({ actor: actor.id, allocationId: a.id, caseRef: a.caseRef }, 'audit recorded from card');
  return responseConfirmationCard(deps, a, response);
}

/** What the user typed, kept so the re-shown form does not make them type it again. */
export function formValuesFrom(raw: unknown): GradeFormValues {
  const values: GradeFormValues = {};
  if (typeof raw !== 'object' || raw === null) return values;
  const record = raw as Record<string, unknown>;
  for (const field of FORM_FIELDS) {
    const v = record[field];
    if (typeof v === 'string' && v !== '') values[field] = v;
  }
  return values;
}

/**
 * An invalid grade form: shown again with each message under its input and the answers kept. Errors outside the
 * form's inputs (a missing allocation id) cannot be shown on the form, so they get the error card.
 */
export async function invalidGradeSubmit(ctx: ActionContext, allocationId: number, raw: unknown, errors: FieldError[]): Promise<AdaptiveCard> {
  const onForm = errors.every((e) => (FORM_FIELDS as readonly string[]).includes(e.field));
  if (!onForm) return fieldErrorsCard(errors);
  const a = await getAllocationDetail(ctx.deps.db, allocationId);
  if (a === null) return unknownAllocationCard(allocationId);
  const p = mayGrade(ctx.actor, a);
  if (!p.allowed) return refuse(ctx, 'grade.submit', a.id, p);
  const byField: Partial<Record<GradeFormField, string>> = {};
  for (const e of errors) byField[e.field as GradeFormField] = e.message;
  return gradeCardFor(ctx.deps, a, formValuesFrom(raw), byField);
}

export function fieldErrorsCard(errors: readonly FieldError[]): AdaptiveCard {
  const lines = errors.map((e) => `${e.field}: ${e.message}`).join(' ');
  return errorCard('ACTION_DATA_INVALID', `The card sent something Audit Loop cannot use. ${lines}`, 'Open the audit again from "my audits" and try once more.');
}
