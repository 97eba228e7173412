import { normaliseCaseRef } from './case-ref';
import type { AuditResponse, ContactAnswer } from './audit-response';
import { GRADES, normaliseGrade } from './grades';
import type { FormsQuestions } from './programme-profile';

/** A Microsoft Forms response as the export or the linked workbook gives it: fixed columns, then one per question. */
export interface FormsRow {
  responseId: string;
  responderEmail: string;
  /** Answers by question title. */
  answers: Readonly<Record<string, string>>;
}

export interface ParsedFormsResponse {
  responseId: string;
  responderEmail: string;
  caseRefGiven: string;
  caseRef: string | null;
  response: AuditResponse;
}

export interface AnswerProblem {
  column: string;
  reason: string;
}

const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);

function yesNo(raw: string): boolean | null {
  const t = raw.trim().toLowerCase();
  return YES.has(t) ? true : NO.has(t) ? false : null;
}

function contactAnswer(raw: string): ContactAnswer | null {
  const t = raw.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (YES.has(t)) return 'yes';
  if (NO.has(t)) return 'no';
  if (t === 'not appropriate' || t === 'n/a' || t === 'na' || t === 'not applicable') return 'not_appropriate';
  return null;
}

/**
 * Reads one Forms response's answers with the programme's question titles. Problems name the question (column);
 * the case reference is kept as given so a response that matches nothing can still be shown to QA.
 */
export function readFormsAnswers(row: FormsRow, q: FormsQuestions, graded: boolean): { ok: true; value: ParsedFormsResponse } | { ok: false; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const get = (title: string): string => (row.answers[title] ?? '').trim();
  const caseRefGiven = get(q.caseRef);
  if (caseRefGiven === '') problems.push({ column: q.caseRef, reason: 'is empty' });
  let grade: AuditResponse['grade'] = null;
  if (graded) {
    const raw = get(q.grade);
    grade = normaliseGrade(raw);
    if (grade === null) problems.push({ column: q.grade, reason: raw === '' ? 'is empty' : `'${raw}' is not a grade (${GRADES.join(', ')})` });
  }
  const discussion = yesNo(get(q.discussionHeld));
  if (discussion === null) problems.push({ column: q.discussionHeld, reason: `'${get(q.discussionHeld)}' is not Yes or No` });
  const contact = contactAnswer(get(q.contact));
  if (contact === null) problems.push({ column: q.contact, reason: `'${get(q.contact)}' is not Yes, No or Not appropriate` });
  const safeguarding = yesNo(get(q.safeguardingConcern));
  if (safeguarding === null) problems.push({ column: q.safeguardingConcern, reason: `'${get(q.safeguardingConcern)}' is not Yes or No` });
  if (row.responderEmail.trim() === '') problems.push({ column: 'Email', reason: 'is empty: the responder must be known to match the audit' });
  if (row.responseId.trim() === '') problems.push({ column: 'ID', reason: 'is empty' });
  if (problems.length > 0) return { ok: false, problems };
  const views = get(q.contactViews);
  return {
    ok: true,
    value: {
      responseId: row.responseId.trim(),
      responderEmail: row.responderEmail.trim().toLowerCase(),
      caseRefGiven,
      caseRef: normaliseCaseRef(caseRefGiven),
      response: {
        grade,
        rationale: get(q.rationale),
        discussionHeld: discussion as boolean,
        contact: contact as ContactAnswer,
        contactViews: views === '' ? null : views,
        goodPractice: get(q.goodPractice),
        improvement: get(q.improvement),
        safeguardingConcern: safeguarding as boolean,
      },
    },
  };
}
