import { z } from 'zod';
import { CONTACT_ANSWERS, type ContactAnswer } from '../audit/audit-response';
import { THEME_FIELD } from '../audit/theme-questions';
import {
  AllocationIdSchema,
  FormVersionSchema,
  blankToUndefined,
  fieldErrorsFrom,
  gradeOnScale,
  optionalText,
  requiredChoice,
  requiredText,
  type FieldError,
} from './verb-fields';

/** The rationale must say why, not just repeat the grade (004 §5: the grade rests on evidence). */
export const MIN_RATIONALE_LENGTH = 20;

/** What `grade.submit` carries once parsed: the audit record of 004 §2.2–2.11 in typed form. */
export interface GradeSubmitData {
  allocationId: number;
  formVersion: number;
  grade: string | null;
  rationale: string;
  discussionHeld: boolean;
  contact: ContactAnswer;
  contactViews: string | null;
  goodPractice: string;
  improvement: string;
  safeguardingConcern: boolean;
  /**
   * The theme inputs as sent (`theme1`, …), trimmed. Which questions a month asks depends on the allocation, so they
   * are checked against its questions once it is read (audit/theme-questions.ts validateThemeAnswers).
   */
  themeAnswers?: Record<string, string>;
}

export type ParseOutcome<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

/**
 * Built once per grade scale and kept: zod compiles a schema on first use, and building it on every submit was ~1 ms
 * of a card action's CPU (the invoke benchmark's profile). Scales are few (one per profile).
 */
const schemas = new Map<string, ReturnType<typeof buildGradeSubmitSchema>>();

function gradeSubmitSchema(scale: readonly string[] | null): ReturnType<typeof buildGradeSubmitSchema> {
  const key = scale === null ? '' : JSON.stringify(scale);
  let schema = schemas.get(key);
  if (schema === undefined) {
    schema = buildGradeSubmitSchema(scale);
    schemas.set(key, schema);
  }
  return schema;
}

function buildGradeSubmitSchema(scale: readonly string[] | null) {
  return z.object({
    allocationId: AllocationIdSchema,
    formVersion: FormVersionSchema,
    grade: scale === null ? z.unknown().transform(() => null) : gradeOnScale(scale, 'Choose a grade.'),
    rationale: requiredText(
      'Say why you gave this judgement.',
      MIN_RATIONALE_LENGTH,
      `Give a fuller rationale (at least ${MIN_RATIONALE_LENGTH} characters).`,
    ),
    discussionHeld: requiredChoice(['yes', 'no'], 'Say whether you discussed the findings with the allocated worker.'),
    contact: requiredChoice(CONTACT_ANSWERS, 'Say whether the child, young person or parent was contacted.'),
    contactViews: optionalText(),
    goodPractice: requiredText('Describe the good practice you found on the file (guide §2.10).'),
    improvement: requiredText('Say what needs to improve.'),
    safeguardingConcern: requiredChoice(['true', 'false'], 'Say whether there is an immediate safeguarding concern.'),
  });
}

/**
 * When nobody was spoken to, the form must say why (004 §2.5, §2.9). Checked on the raw data as well so this
 * message comes back in the same round as any others, not after the user fixes those.
 */
function contactReasonErrors(raw: unknown): FieldError[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const record = raw as Record<string, unknown>;
  const contact = blankToUndefined(record.contact);
  const views = blankToUndefined(record.contactViews);
  if ((contact === 'no' || contact === 'not_appropriate') && views === undefined) {
    return [{ field: 'contactViews', message: 'Record why the child, young person or parent was not spoken to.' }];
  }
  return [];
}

/** Parses `grade.submit` data; `scale` null means the programme is ungraded and any grade sent is ignored. */
export function parseGradeSubmit(raw: unknown, scale: readonly string[] | null): ParseOutcome<GradeSubmitData> {
  const parsed = gradeSubmitSchema(scale).safeParse(raw);
  const crossField = contactReasonErrors(raw);
  if (!parsed.success || crossField.length > 0) {
    const errors = parsed.success ? [] : fieldErrorsFrom(parsed.error.issues);
    const named = new Set(errors.map((e) => e.field));
    return { ok: false, errors: [...errors, ...crossField.filter((e) => !named.has(e.field))] };
  }
  const d = parsed.data;
  return {
    ok: true,
    data: {
      allocationId: d.allocationId,
      formVersion: d.formVersion,
      grade: d.grade,
      rationale: d.rationale,
      discussionHeld: d.discussionHeld === 'yes',
      contact: d.contact,
      contactViews: d.contactViews ?? null,
      goodPractice: d.goodPractice,
      improvement: d.improvement,
      safeguardingConcern: d.safeguardingConcern === 'true',
      ...themeAnswersOf(raw),
    },
  };
}

/** The theme inputs as a field of the parsed data, left out when there are none (an unthemed month). */
function themeAnswersOf(raw: unknown): { themeAnswers?: Record<string, string> } {
  const answers = themeInputsOf(raw);
  return Object.keys(answers).length === 0 ? {} : { themeAnswers: answers };
}

/** The `themeN` inputs of the raw data, trimmed, blanks left out; anything else is not a theme answer. */
export function themeInputsOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!THEME_FIELD.test(key) || typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed !== '') out[key] = trimmed.slice(0, 200);
  }
  return out;
}
