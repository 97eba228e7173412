import { z } from 'zod';
import type { AuditKind } from './audit-kinds';

/**
 * The kinds of audit that are not the graded case audit each ask their own questions. A profile may list them
 * (`kindForms`); left out, the defaults below, drawn from 003:
 * - case reflection sheet: the practitioner's reflection on their own practice with a child (003 §9.3 practice
 *   questions; §2256 "cases graded Good or Outstanding are used for reflection in practice"); it is the
 *   practitioner's sheet, not an audit of the case record, so it carries no case reference and no grade;
 * - supervision observation: a manager observes a supervisee's supervision (003 §9.1, §11: audited "through audit
 *   and observation of supervision"); it is about a person, not a case, so it needs no case reference;
 * - thematic: a case audited for a theme; it asks its month's theme questions (`themes`), or, in a month whose theme
 *   sets none, these, answered from a short list (Yes / Partly / No unless given) so the report can count them.
 * A question with `answers` is answered by choosing one; without, in the auditor's own words.
 */
export const FORM_KINDS = ['case-reflection', 'supervision-observation', 'thematic'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** Kinds that are about a person, not a case: allocated and stored apart from case audits (no case reference). */
export const NON_CASE_KINDS = ['supervision-observation', 'case-reflection'] as const satisfies readonly FormKind[];
export type NonCaseKind = (typeof NON_CASE_KINDS)[number];
export function isNonCaseKind(kind: string): kind is NonCaseKind {
  return (NON_CASE_KINDS as readonly string[]).includes(kind);
}

/**
 * Whose practice a non-case activity is about. An observation is of someone else's supervision (the supervisee, named
 * by the allocation); a reflection sheet is the practitioner's own, so its subject is the one who fills it in.
 */
export function subjectIsSelf(kind: NonCaseKind): boolean {
  return kind === 'case-reflection';
}

/** Only case audits and re-audits carry a grade that can start the Inadequate path (003; 004 §2.11). */
export function startsInadequatePath(kind: AuditKind): boolean {
  return kind === 'audit' || kind === 're-audit';
}

export const KindQuestionSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { text: v } : v),
  z.object(
    {
      text: z.string().trim().min(1, "the question's text").max(300),
      answers: z.array(z.string().trim().min(1).max(60)).min(2, 'at least two answers to choose from').max(6).optional(),
    },
    { error: 'a question, or { "text": ..., "answers": [...] }' },
  ),
);
export type KindQuestion = z.infer<typeof KindQuestionSchema>;

const KindFormSchema = z.object({
  questions: z.array(KindQuestionSchema).min(1, 'list at least one question').max(12, 'at most 12 questions'),
});
export type KindForm = z.infer<typeof KindFormSchema>;

export const KindFormsSchema = z
  .object({
    'case-reflection': KindFormSchema,
    'supervision-observation': KindFormSchema,
    thematic: KindFormSchema,
  })
  .partial()
  .strict();
export type KindForms = z.infer<typeof KindFormsSchema>;

const GRADED_SCALE = ['Strong', 'Adequate', 'Needs development'];

export const DEFAULT_KIND_FORMS: Required<{ [K in FormKind]: KindForm }> = {
  'case-reflection': {
    questions: [
      { text: 'What is the child\'s lived experience, and how does your recording show it?' },
      { text: 'What difference has your work made for the child and family so far?' },
      { text: 'Is the plan clear and understood by the family and the other agencies?', answers: ['Yes', 'Partly', 'No'] },
      { text: 'What would you do differently, and what support do you need from supervision?' },
    ],
  },
  'supervision-observation': {
    questions: [
      { text: 'Was the supervision reflective, considering the impact of the work on children?', answers: GRADED_SCALE },
      { text: 'Were case decisions clear, with actions and timescales recorded?', answers: ['Yes', 'Partly', 'No'] },
      { text: 'Did the supervision follow the supervision agreement?', answers: ['Yes', 'Partly', 'No'] },
      { text: 'What went well in the supervision?' },
      { text: 'What should the supervisor develop (the action plan reviewed in supervision)?' },
    ],
  },
  thematic: {
    questions: [
      { text: 'Is the theme addressed in the child\'s assessment and plan?', answers: ['Yes', 'Partly', 'No'] },
      { text: 'Does management oversight and supervision show the theme being acted on?', answers: ['Yes', 'Partly', 'No'] },
    ],
  },
};

/** The questions a kind asks in this programme: the profile's, else the default. */
export function kindFormFor(kindForms: KindForms | undefined, kind: FormKind): KindForm {
  return kindForms?.[kind] ?? DEFAULT_KIND_FORMS[kind];
}

/** A question as a form asks it, with its input id (`q1`, `q2`, …). */
export interface AskedKindQuestion extends KindQuestion {
  id: `q${number}`;
}

export function askedKindQuestions(form: KindForm): AskedKindQuestion[] {
  return form.questions.map((q, i) => ({ id: `q${i + 1}`, text: q.text, ...(q.answers ? { answers: [...q.answers] } : {}) }));
}

/** One stored answer, with the question as it was asked. */
export const KindAnswerSchema = z.object({ question: z.string().min(1), answer: z.string().min(1).max(4000) });
export type KindAnswer = z.infer<typeof KindAnswerSchema>;
