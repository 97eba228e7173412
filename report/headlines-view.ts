import { AuditKindSchema } from '../audit/audit-kinds';
import { kindLabelPlural } from '../cards/allocation-item-block';
import type { HeadlinesView } from '../cards/view-models';
import { GRADES } from '../audit/grades';
import type { Report } from './build-report';

/** Within this many percentage points the completion rate is "similar" to last time. */
const SIMILAR_POINTS = 2;
const MAX_THEMES = 5;

/** The change in completion rate on the previous period, in words for the headlines card. */
export function changeInWords(r: Pick<Report, 'completionRate' | 'previous' | 'periodKind'>): string {
  const last = `last ${r.periodKind}`;
  const before = r.previous?.completionRate ?? null;
  if (r.completionRate === null || before === null) return `no figures for ${last} to compare`;
  // Rounded to a millionth of a point, so 0.50 against 0.52 is exactly 2 points, not 2.0000000000000018.
  const points = Math.round((r.completionRate - before) * 100 * 1e6) / 1e6;
  if (Math.abs(points) <= SIMILAR_POINTS) return `similar to ${last}`;
  return `${Math.round(Math.abs(points))} points ${points < 0 ? 'down' : 'up'} on ${last}`;
}

/** Report → the headlines card's view model, so `buildHeadlinesCard(headlinesView(report))` posts the month. */
export function headlinesView(r: Report): HeadlinesView {
  const topThemes = [
    ...r.themes.goodPractice.slice(0, 2).map((t) => `Good practice: ${t.label.toLowerCase()} (${t.count} audit${t.count === 1 ? '' : 's'})`),
    ...r.themes.improvement.slice(0, 3).map((t) => `To improve: ${t.label.toLowerCase()} (${t.count} audit${t.count === 1 ? '' : 's'})`),
  ].slice(0, MAX_THEMES);
  return {
    month: r.month ?? (r.months[r.months.length - 1] as string),
    completionRate: r.completionRate ?? 0,
    completed: r.completed,
    allocated: r.allocated,
    gradeCounts: r.graded ? GRADES.map((grade) => ({ grade, count: r.grades[grade] })) : [],
    changeOnLastMonth: changeInWords(r),
    serviceAreas: r.byServiceArea.map((a) => ({
      serviceArea: a.serviceArea,
      allocated: a.allocated,
      completed: a.completed,
      completionRate: a.completionRate ?? 0,
      inadequate: a.grades.Inadequate,
    })),
    topThemes,
    discussionRate: r.discussionRate,
    themeFindings: r.themeQuestionFindings[0] ?? null,
    qualityLoop: qualityLoopLines(r),
  };
}

const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/**
 * The rest of the loop in a line each, left out where there is nothing to say: how many judgements moderation changed
 * (003), the worst from → to, the open Inadequate cases and where most stand, Part B on time (004 §7), and each
 * audit kind other than the case audit, returned of allocated.
 */
export function qualityLoopLines(r: Pick<Report, 'moderation' | 'moderationMoves' | 'openInadequate' | 'partBCompliance' | 'kindCompliance'>): string[] {
  const lines: string[] = [];
  const m = r.moderation;
  if (m.moderated > 0) {
    const top = r.moderationMoves[0];
    const move = top === undefined ? '' : ` (most often ${top.from} → ${top.to}, ${top.count})`;
    lines.push(`Moderation changed ${m.changed} of ${m.moderated} judgements moderated, ${percent(m.changeRate)}${move}`);
  }
  const open = r.openInadequate.cases.length;
  if (open > 0) {
    const where = r.openInadequate.byStanding.filter((s) => s.count > 0).map((s) => `${s.count} ${s.standing}`).join(', ');
    lines.push(`Open Inadequate cases: ${open} (${where})`);
  }
  const p = r.partBCompliance;
  if (p.raised > 0) lines.push(`Part B completed on time: ${p.completedOnTime} of ${p.raised}, ${percent(p.rate)}${p.overdue > 0 ? `; ${p.overdue} overdue` : ''}`);
  for (const k of r.kindCompliance) {
    if (k.kind === 'audit') continue;
    const kind = AuditKindSchema.safeParse(k.kind);
    lines.push(`${kind.success ? kindLabelPlural(kind.data) : k.kind}: ${k.returned} of ${k.allocated} returned, ${percent(k.rate)}`);
  }
  return lines;
}

