import { z } from 'zod';

/**
 * Field schemas shared by the verbs' data. Card inputs arrive as strings (Teams sends "" for an untouched
 * input), and ids may arrive as strings from old clients' Action.Submit, so both are normalised here.
 */

/** Trimmed text; blank becomes undefined so "required" messages fire for blank answers. */
export function blankToUndefined(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function requiredText(missing: string, minLength = 1, tooShort = missing): z.ZodType<string> {
  return z.preprocess(blankToUndefined, z.string({ error: missing }).min(minLength, { error: tooShort }).max(4000));
}

export function optionalText(): z.ZodType<string | undefined> {
  return z.preprocess(blankToUndefined, z.string().max(4000).optional());
}

export function requiredChoice<const T extends readonly [string, ...string[]]>(values: T, missing: string) {
  return z.preprocess(blankToUndefined, z.enum(values, { error: missing }));
}

export const AllocationIdSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.number({ error: 'The card is missing its allocation id; open the audit again.' }).int().positive(),
);

export const FormVersionSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.number({ error: 'The card is missing its form version; open the audit again.' }).int().nonnegative(),
);

/** A real calendar date as YYYY-MM-DD (Input.Date's value format). */
export const CalendarDateSchema = z.preprocess(
  blankToUndefined,
  z
    .string({ error: 'Choose a date.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Give the date as YYYY-MM-DD.' })
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    }, { error: 'That is not a real date.' }),
);

/** Only the scale's grades are accepted; anything else is named in the message so the user sees why. */
export function gradeOnScale(scale: readonly string[], missing: string): z.ZodType<string> {
  return z.preprocess(
    blankToUndefined,
    z.string({ error: missing }).refine((g) => scale.includes(g), { error: `Choose one of: ${scale.join(', ')}.` }),
  );
}

/** One thing the user must fix, named by the input it belongs to. */
export interface FieldError {
  field: string;
  message: string;
}

/** First message per field, in the order zod reports them; `_` stands for the data as a whole. */
export function fieldErrorsFrom(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const head = issue.path[0];
    const field = head === undefined ? '_' : String(head);
    if (!seen.has(field)) seen.set(field, issue.message);
  }
  return [...seen].map(([field, message]) => ({ field, message }));
}
