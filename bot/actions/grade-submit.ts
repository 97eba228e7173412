import { GradeSchema } from '../../audit/grades';
import { mayGrade } from '../../audit/permissions';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import type { FieldError, GradeSubmitData } from '../../cards/verbs';
import type { GradeFormField, GradeFormValues } from '../../cards/view-models';
import { recordResponses } from '../../programme/record-response';
import type { AllocationDetail } from '../../store/allocations-repo';
import type { StoredResponse } from '../../store/responses-repo';
import { todayOf } from '../bot-dates';
import { errorCard } from '../replies';
import type { ActionContext } from './action-context';
import { getAllocationDetail } from '../../store/allocations-repo';
import { gradeCardFor, responseConfirmationCard, waitingForQa } from './grade-card-state';
import { THEMATIC_WITHOUT_THEME, themeQuestionsOf } from '../../audit/form-questions';
import { themeFor } from '../../audit/programme-profile';
import { THEME_FIELD, validateThemeAnswers } from '../../audit/theme-questions';
import { themeInputsOf } from '../../cards/grade-submit-schema';
import { insertThemeAnswers } from '../../store/responses-repo';
import { refuse, unknownAllocationCard, type Refusal } from './refuse';

const FORM_FIELDS: readonly GradeFormField[] = [
  'grade', 'rationale', 'discussionHeld', 'contact', 'contactViews', 'goodPractice', 'improvement', 'safeguardingConcern',
];

/** What the submit's transaction decided; the card is built after it commits (the store is free again). */
type SubmitOutcome =
  | { kind: 'unknown' }
  | { kind: 'refused'; a: AllocationDetail; refusal: Refusal }
  | { kind: 'not-open'; a: AllocationDetail }
  | { kind: 'theme-missing'; a: AllocationDetail; errors: FieldError[] }
  | { kind: 'recorded'; a: AllocationDetail; response: StoredResponse };

/**
 * Records the audit in one transaction; a second submit of the same card finds the first and records nothing. The
 * allocation is read once, locked, and the permission rule and its state are checked on that read.
 */
export async function gradeSubmit(ctx: ActionContext, data: GradeSubmitData): Promise<AdaptiveCard> {
  const { deps, actor } = ctx;
  const outcome = await deps.db.transaction(async (tx): Promise<SubmitOutcome> => {
    // Locked first, as a card's submit always has been: two submits of the same audit queue up here rather than race.
    const a = await getAllocationDetail(tx, data.allocationId, true);
    if (a === null) return { kind: 'unknown' };
    const p = mayGrade(actor, a);
    if (!p.allowed) return { kind: 'refused', a, refusal: p };
    if (a.status !== 'allocated') return { kind: 'not-open', a };
    // A themed month's questions are checked before anything is written: a missing answer re-shows the form.
    const theme = validateThemeAnswers(themeQuestionsOf(deps.profile, a), data.themeAnswers ?? {});
    if (!theme.ok) return { kind: 'theme-missing', a, errors: theme.errors };
    const themeName = themeFor(deps.profile, a.month) ?? (a.kind === 'thematic' ? THEMATIC_WITHOUT_THEME : null);
    const [recorded] = await recordResponses(tx, deps.profile, [{
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
    }]);
    if (recorded === undefined) throw new Error(`allocation ${a.id}: recording its response returned nothing`);
    if (recorded.created && theme.answers.length > 0 && themeName !== null) {
      await insertThemeAnswers(tx, a.id, themeName, theme.answers, actor.id);
    }
    return { kind: 'recorded', a, response: recorded.response };
  });
  if (outcome.kind === 'unknown') return unknownAllocationCard(data.allocationId);
  if (outcome.kind === 'refused') return refuse(ctx, 'grade.submit', outcome.a.id, outcome.refusal);
  if (outcome.kind === 'not-open') return gradeCardFor(deps, outcome.a);
  if (outcome.kind === 'theme-missing') {
    return gradeCardFor(deps, outcome.a, formValuesFrom(data.themeAnswers ?? {}, valuesOfData(data)), errorsByField(outcome.errors));
  }
  const { a, response } = outcome;
  deps.logger.info({ actor: actor.id, allocationId: a.id, caseRef: a.caseRef }, 'audit recorded from card');
  // Only an Inadequate grade can wait for QA's moderation: the others need not ask the store.
  return responseConfirmationCard(deps, a, response, response.grade === 'Inadequate' && (await waitingForQa(deps, a.id)));
}

/** What the user typed, kept so the re-shown form does not make them type it again. */
export function formValuesFrom(raw: unknown, base: GradeFormValues = {}): GradeFormValues {
  const values: GradeFormValues = { ...base };
  if (typeof raw !== 'object' || raw === null) return values;
  const record = raw as Record<string, unknown>;
  for (const field of FORM_FIELDS) {
    const v = record[field];
    if (typeof v === 'string' && v !== '') values[field] = v;
  }
  for (const [field, v] of Object.entries(themeInputsOf(raw))) values[field as `theme${number}`] = v;
  return values;
}

/** The parsed answers as the form's values, so a form re-shown for a theme answer keeps everything else. */
function valuesOfData(d: GradeSubmitData): GradeFormValues {
  return {
    ...(d.grade === null ? {} : { grade: d.grade }),
    rationale: d.rationale,
    discussionHeld: d.discussionHeld ? 'yes' : 'no',
    contact: d.contact,
    ...(d.contactViews === null ? {} : { contactViews: d.contactViews }),
    goodPractice: d.goodPractice,
    improvement: d.improvement,
    safeguardingConcern: String(d.safeguardingConcern),
  };
}

function errorsByField(errors: readonly FieldError[]): Partial<Record<GradeFormField, string>> {
  const byField: Partial<Record<GradeFormField, string>> = {};
  for (const e of errors) if (byField[e.field as GradeFormField] === undefined) byField[e.field as GradeFormField] = e.message;
  return byField;
}

const isFormField = (field: string): boolean => (FORM_FIELDS as readonly string[]).includes(field) || THEME_FIELD.test(field);

/**
 * An invalid grade form: shown again with each message under its input and the answers kept. Errors outside the
 * form's inputs (a missing allocation id) cannot be shown on the form, so they get the error card.
 */
export async function invalidGradeSubmit(ctx: ActionContext, allocationId: number, raw: unknown, errors: FieldError[]): Promise<AdaptiveCard> {
  const onForm = errors.every((e) => isFormField(e.field));
  if (!onForm) return fieldErrorsCard(errors);
  const a = await getAllocationDetail(ctx.deps.db, allocationId);
  if (a === null) return unknownAllocationCard(allocationId);
  const p = mayGrade(ctx.actor, a);
  if (!p.allowed) return refuse(ctx, 'grade.submit', a.id, p);
  // The theme questions are checked in the same round, so the auditor sees every message at once.
  const theme = a.status === 'allocated' ? validateThemeAnswers(themeQuestionsOf(ctx.deps.profile, a), themeInputsOf(raw)) : { ok: true as const };
  return gradeCardFor(ctx.deps, a, formValuesFrom(raw), errorsByField([...errors, ...(theme.ok ? [] : theme.errors)]));
}

export function fieldErrorsCard(errors: readonly FieldError[]): AdaptiveCard {
  const lines = errors.map((e) => `${e.field}: ${e.message}`).join(' ');
  return errorCard('ACTION_DATA_INVALID', `The card sent something Audit Loop cannot use. ${lines}`, 'Open the audit again from "my audits" and try once more.');
}
