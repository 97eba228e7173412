import { GRADES, gradeRank, type Grade } from '../audit/grades';
import { finalGrade, moderationChange } from '../audit/moderation';
import type { ReportData, ReportRow } from './load-report-data';
export type { ReturnLoopFigures } from './return-loop-figures';
import { findPracticeThemes, themeLabel } from './practice-themes';
import { returnLoop, type ReturnLoopFigures } from './return-loop-figures';
import { partBCompliance, type PartBCompliance } from './part-b-compliance';
import { openInadequate, type OpenInadequate } from './open-inadequate';
import { themeQuestionFindings, type ThemeQuestionFindings } from './theme-findings';
import { kindCompliance, type KindCompliance } from './kind-compliance';
import { parsePeriod, previousPeriod, type PeriodKind, type ReportPeriod } from './report-period';

/**
 * The monthly analysis (003's analysis areas for the scrutiny panel; 004 §2.16 headlines). The JSON is a public
 * contract: rates are exact fractions 0..1, or null where the denominator is 0.
 */
export type GradeCounts = Record<Grade, number>;
export type GradeShares = Record<Grade, number | null>;

export interface HeadlineFigures {
  /** Audits of kind `audit` allocated, less exemptions. */
  allocated: number;
  exempted: number;
  completed: number;
  notCompleted: number;
  completionRate: number | null;
  discussionRate: number | null;
  contactRate: number | null;
  grades: GradeCounts;
  /** Null for an ungraded programme, or when nothing was completed. */
  gradeShares: GradeShares | null;
}

export interface PreviousFigures extends HeadlineFigures {
  period: string;
}

export interface ServiceAreaFigures {
  serviceArea: string;
  allocated: number;
  exempted: number;
  completed: number;
  completionRate: number | null;
  grades: GradeCounts;
}

export interface ModerationFigures {
  moderated: number;
  /** Share of completed audits moderated. */
  sampleRate: number | null;
  /** Moderated grade differs from the auditor's. */
  changed: number;
  changeRate: number | null;
  downgraded: number;
  upgraded: number;
}

/** One from → to grade change made by moderation, with how many audits it applies to. */
export interface ModerationMove {
  from: Grade;
  to: Grade;
  count: number;
}

/** Moderation in one service area: how much was moderated there, how often the grade changed, and how. */
export interface ServiceAreaModeration {
  serviceArea: string;
  completed: number;
  moderated: number;
  /** Share of the area's completed audits moderated. */
  sampleRate: number | null;
  changed: number;
  /** Share of the area's moderated audits whose grade moderation changed. */
  changeRate: number | null;
  moves: ModerationMove[];
}

export interface ReauditFigures {
  allocated: number;
  returned: number;
  returnRate: number | null;
  remainedInadequate: number;
  /** Re-audit graded better than the audit it repeats ended with. */
  improved: number;
}

export interface OtherKindFigures {
  kind: string;
  allocated: number;
  exempted: number;
  completed: number;
}

export interface ThemeFinding {
  theme: string;
  label: string;
  /** Completed audits whose text mentions the theme. */
  count: number;
  caseRefs: string[];
  byServiceArea: { serviceArea: string; count: number; caseRefs: string[] }[];
}

export interface Report extends HeadlineFigures {
  /** Set for a month report; `period` is set for every report. */
  month?: string;
  period: string;
  periodKind: PeriodKind;
  months: string[];
  programme: string;
  graded: boolean;
  /** The month's theme; for a quarter or year, the months' themes joined with "; ". */
  theme: string | null;
  previous: PreviousFigures | null;
  byServiceArea: ServiceAreaFigures[];
  moderation: ModerationFigures;
  /** The grade changes behind `moderation.changed`, most frequent first. */
  moderationMoves: ModerationMove[];
  /** `moderation` and `moderationMoves` for each service area with completed audits, in the areas' order. */
  moderationByServiceArea: ServiceAreaModeration[];
  reaudits: ReauditFigures;
  otherKinds: OtherKindFigures[];
  returnLoop: ReturnLoopFigures;
  themes: { goodPractice: ThemeFinding[]; improvement: ThemeFinding[] };
  /** Part B raised for the period's audits: completed, on time, overdue, by service area too (004 §7). */
  partBCompliance: PartBCompliance;
  /** The Inadequate cases still open and where each stands on the path (003); case references only. */
  openInadequate: OpenInadequate;
  /** The themed months' questions with the counts of each answer and the case references (report/theme-findings.ts). */
  themeQuestionFindings: ThemeQuestionFindings[];
  /** Each kind's returned of allocated, apart, including the non-case activities (report/kind-compliance.ts). */
  kindCompliance: KindCompliance[];
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const isCompleted = (r: ReportRow): boolean => r.status === 'returned' || r.status === 'overseen';
const zeroGrades = (): GradeCounts => ({ Outstanding: 0, Good: 0, 'Requires Improvement': 0, Inadequate: 0 });
/** The grade that counts is the moderated one where QA changed it (audit/moderation.ts). */
const gradeOf = (r: ReportRow): Grade | null => finalGrade(r.grade, r.moderated ? r.moderatedGrade : null);

function countGrades(rows: readonly ReportRow[], graded: boolean): GradeCounts {
  const counts = zeroGrades();
  if (!graded) return counts;
  for (const r of rows) {
    const g = gradeOf(r);
    if (g !== null) counts[g]++;
  }
  return counts;
}

function headline(rows: readonly ReportRow[], graded: boolean): HeadlineFigures {
  const audits = rows.filter((r) => r.kind === 'audit');
  // An agreed exemption (004 §2.18) is not a missed audit: it is counted apart and kept out of the completion rate.
  const exempted = audits.filter((r) => r.status === 'exempted').length;
  const allocated = audits.length - exempted;
  const done = audits.filter(isCompleted);
  const grades = countGrades(done, graded);
  const gradeShares =
    !graded || done.length === 0
      ? null
      : (Object.fromEntries(GRADES.map((g) => [g, rate(grades[g], done.length)])) as GradeShares);
  return {
    allocated,
    exempted,
    completed: done.length,
    notCompleted: allocated - done.length,
    completionRate: rate(done.length, allocated),
    discussionRate: rate(done.filter((r) => r.discussionHeld === true).length, done.length),
    contactRate: rate(done.filter((r) => r.contact === 'yes').length, done.length),
    grades,
    gradeShares,
  };
}

function areaOrder(data: ReportData, rows: readonly ReportRow[]): string[] {
  const present = new Set(rows.map((r) => r.serviceArea));
  const extra = [...present].filter((a) => !data.serviceAreas.includes(a)).sort((a, b) => a.localeCompare(b, 'en-GB'));
  return [...data.serviceAreas.filter((a) => present.has(a)), ...extra];
}

function byServiceArea(data: ReportData, audits: readonly ReportRow[]): ServiceAreaFigures[] {
  return areaOrder(data, audits).map((serviceArea) => {
    const h = headline(
      audits.filter((r) => r.serviceArea === serviceArea),
      data.graded,
    );
    return { serviceArea, allocated: h.allocated, exempted: h.exempted, completed: h.completed, completionRate: h.completionRate, grades: h.grades };
  });
}

function moderation(done: readonly ReportRow[]): ModerationFigures {
  const moderated = done.filter((r) => r.moderated);
  const moves = moderated.map((r) => moderationChange(r.grade, r.moderatedGrade));
  const changed = moves.filter((m) => m === 'downgraded' || m === 'upgraded').length;
  return {
    moderated: moderated.length,
    sampleRate: rate(moderated.length, done.length),
    changed,
    changeRate: rate(changed, moderated.length),
    downgraded: moves.filter((m) => m === 'downgraded').length,
    upgraded: moves.filter((m) => m === 'upgraded').length,
  };
}

function moderationMoves(done: readonly ReportRow[]): ModerationMove[] {
  const moves = new Map<string, ModerationMove>();
  for (const r of done) {
    if (!r.moderated || r.grade === null || r.moderatedGrade === null || r.grade === r.moderatedGrade) continue;
    const key = `${r.grade}>${r.moderatedGrade}`;
    const m = moves.get(key) ?? { from: r.grade, to: r.moderatedGrade, count: 0 };
    m.count++;
    moves.set(key, m);
  }
  return [...moves.values()].sort((a, b) => b.count - a.count || gradeRank(a.from) - gradeRank(b.from) || gradeRank(a.to) - gradeRank(b.to));
}

function moderationByServiceArea(data: ReportData, done: readonly ReportRow[]): ServiceAreaModeration[] {
  return areaOrder(data, done).map((serviceArea) => {
    const inArea = done.filter((r) => r.serviceArea === serviceArea);
    const m = moderation(inArea);
    return { serviceArea, completed: inArea.length, moderated: m.moderated, sampleRate: m.sampleRate, changed: m.changed, changeRate: m.changeRate, moves: moderationMoves(inArea) };
  });
}

function reaudits(rows: readonly ReportRow[]): ReauditFigures {
  const all = rows.filter((r) => r.kind === 're-audit' && r.status !== 'exempted');
  const done = all.filter(isCompleted);
  const grades = done.map(gradeOf);
  return {
    allocated: all.length,
    returned: done.length,
    returnRate: rate(done.length, all.length),
    remainedInadequate: grades.filter((g) => g === 'Inadequate').length,
    // A re-audit follows an Inadequate (003), so an unknown earlier grade is taken as Inadequate.
    improved: done.filter((r) => {
      const g = gradeOf(r);
      return g !== null && gradeRank(g) < gradeRank(r.reauditOfGrade ?? 'Inadequate');
    }).length,
  };
}

function otherKinds(rows: readonly ReportRow[]): OtherKindFigures[] {
  const kinds = [...new Set(rows.map((r) => r.kind))].filter((k) => k !== 'audit' && k !== 're-audit').sort();
  return kinds.map((kind) => {
    const of = rows.filter((r) => r.kind === kind);
    const exempted = of.filter((r) => r.status === 'exempted').length;
    return { kind, allocated: of.length - exempted, exempted, completed: of.filter(isCompleted).length };
  });
}

function themeFindings(data: ReportData, done: readonly ReportRow[], field: 'goodPractice' | 'improvement'): ThemeFinding[] {
  const hits = new Map<string, ReportRow[]>();
  for (const r of done) {
    for (const id of findPracticeThemes(r[field])) hits.set(id, [...(hits.get(id) ?? []), r]);
  }
  const refs = (rows: readonly ReportRow[]): string[] => [...new Set(rows.map((r) => r.caseRef))].sort();
  return [...hits.entries()]
    .map(([theme, rows]) => ({
      theme,
      label: themeLabel(theme),
      count: rows.length,
      caseRefs: refs(rows),
      byServiceArea: areaOrder(data, rows).map((serviceArea) => {
        const inArea = rows.filter((r) => r.serviceArea === serviceArea);
        return { serviceArea, count: inArea.length, caseRefs: refs(inArea) };
      }),
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** Builds the report for a month (`YYYY-MM`), quarter (`YYYY-Qn`) or year (`YYYY`) from data loaded for it. */
export function buildReport(period: string | ReportPeriod, data: ReportData): Report {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  const inPeriod = data.rows.filter((r) => p.months.includes(r.month));
  const prev = previousPeriod(p);
  const prevRows = data.rows.filter((r) => prev.months.includes(r.month) && r.kind === 'audit');
  const audits = inPeriod.filter((r) => r.kind === 'audit');
  const done = audits.filter(isCompleted);
  const themes = [...new Set(p.months.map((m) => data.themes[m] ?? null).filter((t): t is string => t !== null))];
  return {
    ...(p.kind === 'month' ? { month: p.label } : {}),
    period: p.label,
    periodKind: p.kind,
    months: p.months,
    programme: data.programmeId,
    graded: data.graded,
    theme: themes.length === 0 ? null : themes.join('; '),
    ...headline(inPeriod, data.graded),
    // "When there is one": a period with no audits allocated (or none loaded) has no figures to compare with.
    previous: prevRows.length === 0 ? null : { period: prev.label, ...headline(prevRows, data.graded) },
    byServiceArea: byServiceArea(data, audits),
    moderation: moderation(done),
    moderationMoves: moderationMoves(done),
    moderationByServiceArea: moderationByServiceArea(data, done),
    reaudits: reaudits(inPeriod),
    otherKinds: otherKinds(inPeriod),
    returnLoop: returnLoop(inPeriod),
    themes: { goodPractice: themeFindings(data, done, 'goodPractice'), improvement: themeFindings(data, done, 'improvement') },
    partBCompliance: partBCompliance((data.partBs ?? []).filter((b) => p.months.includes(b.month)), data.asOf ?? null, data.serviceAreas),
    openInadequate: openInadequate(data.openInadequate ?? []),
    themeQuestionFindings: themeQuestionFindings((data.themeAnswers ?? []).filter((t) => p.months.includes(t.month))),
    kindCompliance: kindCompliance(inPeriod, (data.activities ?? []).filter((a) => p.months.includes(a.month))),
  };
}
