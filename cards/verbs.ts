import { z } from 'zod';
import { GRADES } from '../audit/grades';
import {
  DisagreementRaiseDataSchema,
  DisagreementResolveDataSchema,
  ExemptionDecideDataSchema,
  ExemptionFollowUpDataSchema,
  ExemptionRequestDataSchema,
  OversightRecordDataSchema,
  type DisagreementRaiseData,
  type DisagreementResolveData,
  type ExemptionDecideData,
  type ExemptionFollowUpData,
  type ExemptionRequestData,
  type OversightRecordData,
} from './return-loop-verbs';
import { parseGradeSubmit, type GradeSubmitData, type ParseOutcome } from './grade-submit-schema';
import {
  AllocationIdSchema,
  CalendarDateSchema,
  blankToUndefined,
  fieldErrorsFrom,
  gradeOnScale,
  optionalText,
  requiredChoice,
  requiredText,
  type FieldError,
} from './verb-fields';

/** The `Action.Execute` verbs Audit Loop's cards send. The bot has one handler per verb. */
export const VERBS = {
  gradeOpen: 'grade.open',
  gradeSubmit: 'grade.submit',
  escalationNudge: 'escalation.nudge',
  escalationExempt: 'escalation.exempt',
  escalationExtend: 'escalation.extend',
  moderationSubmit: 'moderation.submit',
  partBComplete: 'partb.complete',
  cardRefresh: 'card.refresh',
  exemptionRequest: 'exemption.request',
  exemptionDecide: 'exemption.decide',
  exemptionFollowUp: 'exemption.follow-up',
  oversightRecord: 'oversight.record',
  disagreementRaise: 'disagreement.raise',
  disagreementResolve: 'disagreement.resolve',
  inadequateUpdate: 'inadequate.update',
  /** A non-case activity (supervision observation, case reflection sheet): parsed by cards/activity-submit-schema.ts, routed before parseActionData. */
  activityOpen: 'activity.open',
  activitySubmit: 'activity.submit',
} as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];
const KNOWN_VERBS: readonly string[] = Object.values(VERBS);

/** Cards that can be refreshed in place (they carry `refresh`). */
export const REFRESHABLE_CARDS = ['grade-form', 'escalation'] as const;
export type RefreshableCard = (typeof REFRESHABLE_CARDS)[number];

/**
 * A card that lists several allocations suffixes its input ids with the allocation id (`reason_12`) because ids
 * must be unique on a card; the verb's schema wants the bare name, so lift the matching one.
 */
function liftSuffixedInput(field: string) {
  return (raw: unknown): unknown => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const record = raw as Record<string, unknown>;
    if (blankToUndefined(record[field]) !== undefined) return record;
    return { ...record, [field]: record[`${field}_${String(record.allocationId)}`] };
  };
}

/** liftSuffixedInput for several fields at once (a list card's exemption and oversight inputs). */
function liftSuffixed(fields: readonly string[]) {
  return (raw: unknown): unknown => fields.reduce((r, f) => liftSuffixedInput(f)(r), raw);
}

export function inputIdFor(field: string, allocationId: number): string {
  return `${field}_${allocationId}`;
}

export const GradeOpenDataSchema = z.object({ allocationId: AllocationIdSchema });
export const EscalationNudgeDataSchema = z.object({ allocationId: AllocationIdSchema });
export const EscalationExemptDataSchema = z.preprocess(
  liftSuffixedInput('reason'),
  z.object({
    allocationId: AllocationIdSchema,
    // 004 §2.18: exemption is agreed for a reason such as capacity or long leave, so the reason is kept.
    reason: requiredText('Give the reason for the exemption (e.g. long leave, capacity).', 5, 'Give a fuller reason.'),
  }),
);
export const EscalationExtendDataSchema = z.preprocess(
  liftSuffixedInput('newDueDate'),
  z.object({ allocationId: AllocationIdSchema, newDueDate: CalendarDateSchema }),
);
export const PartBCompleteDataSchema = z.object({
  allocationId: AllocationIdSchema,
  // 004 §7.4: Part B reflects on the worker's and manager's contribution and areas for development.
  reflection: requiredText('Record the Part B reflection.', 20, 'Give a fuller reflection (at least 20 characters).'),
  // 004 §7.3: the suggested actions prefilled from the audit, as the team manager left them.
  suggestedActions: optionalText(),
});
/** 003: the team manager's 3-day update or 1-week follow-up on an Inadequate case, for QA. */
export const InadequateUpdateDataSchema = z.object({
  allocationId: AllocationIdSchema,
  stage: z.enum(['update', 'follow-up'], { error: 'The card is missing which update this is; open the latest request.' }),
  round: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().positive()).default(1),
  whatWasDone: requiredText('Say what has been done since the Inadequate grade.', 20, 'Say a little more about what was done (at least 20 characters).'),
  safeguardingActionTaken: requiredChoice(['yes', 'no'], 'Say whether safeguarding action was taken (yes or no).'),
});
export const CardRefreshDataSchema = z.object({
  allocationId: AllocationIdSchema,
  card: z.enum(REFRESHABLE_CARDS, { error: 'Unknown card to refresh.' }),
  allocationIds: z.array(z.number().int().positive()).optional(),
});

function moderationSchema(scale: readonly string[]) {
  return z.object({
    allocationId: AllocationIdSchema,
    moderatedGrade: gradeOnScale(scale, 'Choose the moderated grade.'),
    note: requiredText('Say why, in a sentence or two.', 10, 'Give a fuller note (at least 10 characters).'),
  });
}

export type GradeOpenData = z.infer<typeof GradeOpenDataSchema>;
export type EscalationNudgeData = z.infer<typeof EscalationNudgeDataSchema>;
export type EscalationExemptData = z.infer<typeof EscalationExemptDataSchema>;
export type EscalationExtendData = z.infer<typeof EscalationExtendDataSchema>;
export type ModerationSubmitData = z.infer<ReturnType<typeof moderationSchema>>;
export type PartBCompleteData = z.infer<typeof PartBCompleteDataSchema>;
export type CardRefreshData = z.infer<typeof CardRefreshDataSchema>;
export type InadequateUpdateData = z.infer<typeof InadequateUpdateDataSchema>;
export type { GradeSubmitData, FieldError };
export type { DisagreementRaiseData, DisagreementResolveData, ExemptionDecideData, ExemptionFollowUpData, ExemptionRequestData, OversightRecordData };

export type ParsedAction =
  | { ok: true; verb: 'grade.open'; data: GradeOpenData }
  | { ok: true; verb: 'grade.submit'; data: GradeSubmitData }
  | { ok: true; verb: 'escalation.nudge'; data: EscalationNudgeData }
  | { ok: true; verb: 'escalation.exempt'; data: EscalationExemptData }
  | { ok: true; verb: 'escalation.extend'; data: EscalationExtendData }
  | { ok: true; verb: 'moderation.submit'; data: ModerationSubmitData }
  | { ok: true; verb: 'partb.complete'; data: PartBCompleteData }
  | { ok: true; verb: 'card.refresh'; data: CardRefreshData }
  | { ok: true; verb: 'exemption.request'; data: ExemptionRequestData }
  | { ok: true; verb: 'exemption.decide'; data: ExemptionDecideData }
  | { ok: true; verb: 'exemption.follow-up'; data: ExemptionFollowUpData }
  | { ok: true; verb: 'oversight.record'; data: OversightRecordData }
  | { ok: true; verb: 'disagreement.raise'; data: DisagreementRaiseData }
  | { ok: true; verb: 'disagreement.resolve'; data: DisagreementResolveData }
  | { ok: true; verb: 'inadequate.update'; data: InadequateUpdateData };

export interface ActionDataErrors {
  ok: false;
  verb: string;
  errors: FieldError[];
}

export interface ParseActionOptions {
  /** The programme's grade scale; null for an ungraded programme. Defaults to the four grades of 004 §5. */
  gradeScale?: readonly string[] | null;
}

function outcome<T>(schema: z.ZodType<T>, data: unknown): ParseOutcome<T> {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: fieldErrorsFrom(parsed.error.issues) };
}

export function isVerb(verb: string): verb is Verb {
  return KNOWN_VERBS.includes(verb);
}

/** Parses an `adaptiveCard/action` invoke's verb and data before anything else looks at them. */
export function parseActionData(
  verb: string,
  data: unknown,
  options: ParseActionOptions = {},
): ParsedAction | ActionDataErrors {
  const scale = options.gradeScale === undefined ? GRADES : options.gradeScale;
  const fail = (errors: FieldError[]): ActionDataErrors => ({ ok: false, verb, errors });
  switch (verb) {
    case 'grade.open': {
      const r = outcome(GradeOpenDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'grade.submit': {
      const r = parseGradeSubmit(data, scale);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'escalation.nudge': {
      const r = outcome(EscalationNudgeDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'escalation.exempt': {
      const r = outcome(EscalationExemptDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'escalation.extend': {
      const r = outcome(EscalationExtendDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'moderation.submit': {
      if (scale === null) return fail([{ field: 'moderatedGrade', message: 'This programme is ungraded.' }]);
      const r = outcome(moderationSchema(scale), data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'partb.complete': {
      const r = outcome(PartBCompleteDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'card.refresh': {
      const r = outcome(CardRefreshDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'exemption.request': {
      const r = outcome(z.preprocess(liftSuffixed(['category', 'reason']), ExemptionRequestDataSchema), data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'exemption.decide': {
      const r = outcome(ExemptionDecideDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'exemption.follow-up': {
      const r = outcome(ExemptionFollowUpDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'oversight.record': {
      const r = outcome(z.preprocess(liftSuffixed(['reason']), OversightRecordDataSchema), data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'disagreement.raise': {
      const r = outcome(DisagreementRaiseDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'disagreement.resolve': {
      const r = outcome(DisagreementResolveDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    case 'inadequate.update': {
      const r = outcome(InadequateUpdateDataSchema, data);
      return r.ok ? { ok: true, verb, data: r.data } : fail(r.errors);
    }
    default:
      return fail([{ field: 'verb', message: `Unknown action "${verb.slice(0, 40)}".` }]);
  }
}
