import { z } from 'zod';
import type { AskedKindQuestion, KindAnswer } from '../audit/kind-forms';
import { CalendarDateSchema, blankToUndefined, fieldErrorsFrom, type FieldError } from './verb-fields';

export const ActivityIdSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.number({ error: 'The card is missing its activity id; open it again from "my audits".' }).int().positive(),
);

export interface SupervisionObservationData {
  activityId: number;
  supervisionDate: string;
  answers: KindAnswer[];
}

export type ActivityParseOutcome = { ok: true; data: SupervisionObservationData } | { ok: false; errors: FieldError[] };

/**
 * A supervision observation's answers: the date of the supervision (a real date, not after `today`) and every
 * question answered (a choice from its list, or the observer's own words). Bad input is refused field by field.
 */
export function parseSupervisionObservation(raw: unknown, questions: readonly AskedKindQuestion[], today: string): ActivityParseOutcome {
  const shape: Record<string, z.ZodType> = {
    activityId: ActivityIdSchema,
    supervisionDate: CalendarDateSchema.refine((d) => d <= today, { error: 'The supervision cannot be in the future.' }),
  };
  for (const q of questions) {
    shape[q.id] = q.answers
      ? z.preprocess(blankToUndefined, z.enum(q.answers as [string, ...string[]], { error: `Choose one of: ${q.answers.join(', ')}.` }))
      : z.preprocess(blankToUndefined, z.string({ error: `Answer: ${q.text}` }).max(4000, 'At most 4000 characters.'));
  }
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFrom(parsed.error.issues) };
  const d = parsed.data as Record<string, unknown>;
  return {
    ok: true,
    data: {
      activityId: d['activityId'] as number,
      supervisionDate: d['supervisionDate'] as string,
      answers: questions.map((q) => ({ question: q.text, answer: d[q.id] as string })),
    },
  };
}
