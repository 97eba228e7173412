import { z } from 'zod';

/**
 * A themed month's own questions (003 Audit Schedule: each month's audit looks at one theme). Each is answered
 * from a short list so the report can count the answers; a question written as plain text is answered Yes / Partly / No.
 */
export const DEFAULT_THEME_ANSWERS = ['Yes', 'Partly', 'No'] as const;
export const MAX_THEME_QUESTIONS = 8;

export const ThemeQuestionSchema = z
  .preprocess(
    (v) => (typeof v === 'string' ? { text: v } : v),
    z.object(
      {
        text: z.string().trim().min(1, "the question's text").max(300),
        answers: z
          .array(z.string().trim().min(1).max(60), { error: 'a list of answers, such as ["Yes", "No"]' })
          .min(2, 'at least two answers to choose from')
          .max(6)
          .optional(),
      },
      { error: 'a question, or { "text": ..., "answers": [...] }' },
    ),
  )
  .transform((q) => ({ text: q.text, answers: q.answers ?? [...DEFAULT_THEME_ANSWERS] }));

export type ThemeQuestion = z.infer<typeof ThemeQuestionSchema>;

/** A theme question as the form asks it: its input id (`theme1`, `theme2`, …) with the question. */
export interface AskedThemeQuestion extends ThemeQuestion {
  id: ThemeField;
}

export type ThemeField = `theme${number}`;
export const THEME_FIELD = /^theme[1-9]\d*$/;

export function askedThemeQuestions(questions: readonly ThemeQuestion[]): AskedThemeQuestion[] {
  return questions.map((q, i) => ({ id: `theme${i + 1}`, text: q.text, answers: [...q.answers] }));
}

/** One stored answer: the question as it was asked (kept with the answer, so a later profile edit changes no history). */
export const ThemeAnswerSchema = z.object({ question: z.string().min(1), answer: z.string().min(1) });
export type ThemeAnswer = z.infer<typeof ThemeAnswerSchema>;

/** The month's theme and its answers, as stored with an audit's response. */
export const ThemeAnswersSchema = z.object({ theme: z.string().min(1), answers: z.array(ThemeAnswerSchema) });
export type ThemeAnswers = z.infer<typeof ThemeAnswersSchema>;

export type ThemeAnswersOutcome =
  | { ok: true; answers: ThemeAnswer[] }
  | { ok: false; errors: { field: ThemeField; message: string }[] };

/**
 * Validates the form's theme inputs against the month's questions: every question answered, with one of its answers.
 * Pure, so the same rule applies to the card and to anything else that records theme answers.
 */
export function validateThemeAnswers(questions: readonly AskedThemeQuestion[], given: Readonly<Record<string, string | undefined>>): ThemeAnswersOutcome {
  const errors: { field: ThemeField; message: string }[] = [];
  const answers: ThemeAnswer[] = [];
  for (const q of questions) {
    const raw = given[q.id]?.trim() ?? '';
    if (raw === '') errors.push({ field: q.id, message: `Answer the theme question: ${q.text}` });
    else if (!q.answers.includes(raw)) errors.push({ field: q.id, message: `Choose one of: ${q.answers.join(', ')}.` });
    else answers.push({ question: q.text, answer: raw });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}
