import { z } from 'zod';
import type { AskedKindQuestion, KindAnswer } from '../audit/kind-forms';
import { CalendarDateSchema, blankToUndefined, fieldErrorsFrom, type FieldError } from './verb-fields';

export const ActivityIdSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.number({ error: 'The card is missing its activity id; open it again from "my audits".' }).int().positive(),
);

export interface ActivityAnswersData {
  activityId: number;
  /** An observation's only: the day of the supervision observed. */
  supervisionDate?: string;
  answers: KindAnswer[];
}

export type ActivityParseOutcome = { ok: true; data: ActivityAnswersData } | { ok: false; errors: FieldError[] };

/** Each question answered: a choice from its list, or the practitioner's own words. */
function questionShape(questions: readonly AskedKindQuestion[]): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const q of questions) {
    shape[q.id] = q.answers
      ? z.preprocess(blankToUndefined, z.enum(q.answers as [string, ...string[]], { error: `Choose one of: ${q.answers.join(', ')}.` }))
      : z.preprocess(blankToUndefined, z.string({ error: `Answer: ${q.text}` }).max(4000, 'At most 4000 characters.'));
  }
  return shape;
}

function answersOf(questions: readonly AskedKindQuestion[], d: Record<string, unknown>): KindAnswer[] {
  return questions.map((q) => ({ question: q.text, answer: d[q.id] as string }));
}

/**
 * A supervision observation's answers: the date of the supervision (a real date, not after `today`) and every
 * question answered. Bad input is refused field by field.
 */
export function parseSupervisionObservation(raw: unknown, questions: readonly AskedKindQuestion[], today: string): ActivityParseOutcome {
  const parsed = z.object({
    activityId: ActivityIdSchema,
    supervisionDate: CalendarDateSchema.refine((d) => d <= today, { error: 'The supervision cannot be in the future.' }),
    ...questionShape(questions),
  }).safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFrom(parsed.error.issues) };
  const d = parsed.data as Record<string, unknown>;
  return { ok: true, data: { activityId: d['activityId'] as number, supervisionDate: d['supervisionDate'] as string, answers: answersOf(questions, d) } };
}

/** A case reflection sheet's answers: every question answered, nothing else asked (no date, no case reference). */
export function parseCaseReflection(raw: unknown, questions: readonly AskedKindQuestion[]): ActivityParseOutcome {
  const parsed = z.object({ activityId: ActivityIdSchema, ...questionShape(questions) }).safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFrom(parsed.error.issues) };
  const d = parsed.data as Record<string, unknown>;
  return { ok: true, data: { activityId: d['activityId'] as number, answers: answersOf(questions, d) } };
}
