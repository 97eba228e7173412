import type { AuditKind } from './audit-kinds';
import { kindFormFor } from './kind-forms';
import { themeQuestionsFor, type ProgrammeProfile } from './programme-profile';
import { askedThemeQuestions, ThemeQuestionSchema, type AskedThemeQuestion } from './theme-questions';

/**
 * The theme questions this allocation's form asks: its month's theme's, for case audits, re-audits and thematic
 * audits; a thematic audit in a month whose theme sets none asks the profile's thematic questions (audit/kind-forms.ts).
 */
export function themeQuestionsOf(profile: ProgrammeProfile, a: { month: string; kind: AuditKind }): AskedThemeQuestion[] {
  if (a.kind !== 'audit' && a.kind !== 're-audit' && a.kind !== 'thematic') return [];
  const month = themeQuestionsFor(profile, a.month);
  if (month.length > 0 || a.kind !== 'thematic') return askedThemeQuestions(month);
  return askedThemeQuestions(kindFormFor(profile.kindForms, 'thematic').questions.map((q) => ThemeQuestionSchema.parse(q)));
}

/** The name a thematic audit's answers are kept under when its month has no theme of its own. */
export const THEMATIC_WITHOUT_THEME = 'Thematic audit';
