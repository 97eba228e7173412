import type { ThemeAnswerRow } from '../store/responses-repo';

/**
 * The themed months' findings: for each theme, each of its questions with how many returned audits gave each answer
 * and which cases (case references only, never names). Questions and answers keep the order they were first asked in.
 */
export interface ThemeQuestionFindings {
  theme: string;
  /** Returned audits that answered the theme's questions. */
  audits: number;
  questions: { question: string; answers: { answer: string; count: number; caseRefs: string[] }[] }[];
}

export function themeQuestionFindings(rows: readonly ThemeAnswerRow[]): ThemeQuestionFindings[] {
  const byTheme = new Map<string, { audits: Set<number>; questions: Map<string, Map<string, Set<string>>> }>();
  for (const r of rows) {
    const t = byTheme.get(r.theme) ?? { audits: new Set<number>(), questions: new Map<string, Map<string, Set<string>>>() };
    byTheme.set(r.theme, t);
    t.audits.add(r.allocationId);
    for (const a of r.answers) {
      const answers = t.questions.get(a.question) ?? new Map<string, Set<string>>();
      t.questions.set(a.question, answers);
      const refs = answers.get(a.answer) ?? new Set<string>();
      answers.set(a.answer, refs);
      refs.add(r.caseRef);
    }
  }
  return [...byTheme].map(([theme, t]) => ({
    theme,
    audits: t.audits.size,
    questions: [...t.questions].map(([question, answers]) => ({
      question,
      answers: [...answers].map(([answer, refs]) => ({ answer, count: refs.size, caseRefs: [...refs].sort() })),
    })),
  }));
}

/** One theme's findings as table rows: question, answer, how many audits, their case references. */
export function themeFindingsRows(f: ThemeQuestionFindings): [string, string, number, string][] {
  return f.questions.flatMap((q) => q.answers.map((a): [string, string, number, string] => [q.question, a.answer, a.count, a.caseRefs.join(', ')]));
}

/** Markdown lines of the theme findings section (one table per theme); none when no themed month had questions. */
export function themeFindingsMarkdown(findings: readonly ThemeQuestionFindings[], cell: (s: string | number) => string): string[] {
  if (findings.length === 0) return [];
  const out = ['## Theme findings', ''];
  for (const f of findings) {
    out.push(`### ${cell(f.theme)} (${f.audits} audit${f.audits === 1 ? '' : 's'})`, '', '| Question | Answer | Audits | Case references |', '| --- | --- | ---: | --- |');
    for (const [question, answer, count, refs] of themeFindingsRows(f)) out.push(`| ${cell(question)} | ${cell(answer)} | ${count} | ${cell(refs)} |`);
    out.push('');
  }
  return out;
}
