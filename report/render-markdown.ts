import { returnLoopRows } from './return-loop-figures';
import { GRADES } from '../audit/grades';
import type { Report, ThemeFinding } from './build-report';
import { openInadequateRows } from './open-inadequate';
import { partBComplianceRows } from './part-b-compliance';
import { themeFindingsMarkdown } from './theme-findings';
import { kindComplianceMarkdown } from './kind-compliance';

/**
 * The report as markdown for a senior management team or scrutiny panel: the JSON's sections as tables, whole
 * percentages, case references only.
 */
const pct = (r: number | null): string => (r === null ? '–' : `${Math.round(r * 100)}%`);
const cell = (s: string | number): string => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [`| ${head.map(cell).join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function periodName(r: Report): string {
  if (r.periodKind === 'month') {
    const [y, m] = r.period.split('-');
    return new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  }
  return r.periodKind === 'quarter' ? `quarter ${r.period}` : `year ${r.period}`;
}

function themeTable(findings: readonly ThemeFinding[]): string[] {
  if (findings.length === 0) return ['No recurring themes found in the text.'];
  return table(
    ['Theme', 'Audits', 'By service area', 'Case references'],
    findings.map((f) => [f.label, f.count, f.byServiceArea.map((a) => `${a.serviceArea} ${a.count}`).join(', '), f.caseRefs.join(', ')]),
  );
}

/** Part B compliance (004 §7) and the open Inadequate cases with where each stands (003): case references only. */
function partBAndInadequateSections(r: Report): string[] {
  const pb = r.partBCompliance;
  const out = ['## Part B', '', ...table(['Measure', 'Figure'], partBComplianceRows(pb, pct)), ''];
  if (pb.byServiceArea.length > 0) {
    out.push(
      ...table(
        ['Service area', 'Raised', 'Completed', 'On time', 'Overdue', 'On time (of raised)'],
        pb.byServiceArea.map((a) => [a.serviceArea, a.raised, a.completed, a.completedOnTime, a.overdue, pct(a.rate)]),
      ),
      '',
    );
  }
  out.push('## Open Inadequate cases', '');
  if (r.openInadequate.cases.length === 0) out.push('No Inadequate cases are open.', '');
  else out.push(...table(['Case reference', 'Audit month', 'Service area', 'Where it stands'], openInadequateRows(r.openInadequate)), '');
  return out;
}

export function renderMarkdown(r: Report): string {
  const out: string[] = [`# Case-file audit report: ${periodName(r)}`, ''];
  if (r.theme !== null) out.push(`Theme: ${r.theme}`, '');
  const previous = r.previous;
  const change = (now: number | null, before: number | null | undefined): string =>
    now === null || before === null || before === undefined ? '–' : `${Math.round((now - before) * 100) >= 0 ? '+' : ''}${Math.round((now - before) * 100)} points`;
  out.push('## Headlines', '');
  out.push(
    ...table(
      ['Measure', 'This period', previous === null ? 'Previous period' : `Previous (${previous.period})`, 'Change'],
      [
        ['Audits allocated', r.allocated, previous?.allocated ?? '–', ''],
        ['Completed', r.completed, previous?.completed ?? '–', ''],
        ['Not completed', r.notCompleted, previous?.notCompleted ?? '–', ''],
        ['Exempted (agreed, not counted as missed)', r.exempted, previous?.exempted ?? '–', ''],
        ['Completion rate', pct(r.completionRate), pct(previous?.completionRate ?? null), change(r.completionRate, previous?.completionRate)],
        ['Discussed with worker or manager', pct(r.discussionRate), pct(previous?.discussionRate ?? null), change(r.discussionRate, previous?.discussionRate)],
        ['Child, young person or parent contacted', pct(r.contactRate), pct(previous?.contactRate ?? null), change(r.contactRate, previous?.contactRate)],
      ],
    ),
    '',
  );
  out.push('## Grades', '');
  if (!r.graded) out.push('This programme does not grade cases; findings are by practice area below.', '');
  else out.push(...table(['Grade', 'Audits', 'Share of completed'], GRADES.map((g) => [g, r.grades[g], pct(r.gradeShares?.[g] ?? null)])), '');
  out.push('## By service area', '');
  if (r.byServiceArea.length === 0) out.push('No audits were allocated in this period.', '');
  else {
    const gradeHead = r.graded ? [...GRADES] : [];
    out.push(
      ...table(
        ['Service area', 'Allocated', 'Completed', 'Completion', 'Exempted', ...gradeHead],
        r.byServiceArea.map((a) => [a.serviceArea, a.allocated, a.completed, pct(a.completionRate), a.exempted, ...(r.graded ? GRADES.map((g) => a.grades[g]) : [])]),
      ),
      '',
    );
  }
  const m = r.moderation;
  out.push('## Moderation', '');
  out.push(
    ...table(['Measure', 'Figure'], [
      ['Audits moderated', m.moderated],
      ['Share of completed moderated', pct(m.sampleRate)],
      ['Grade changed by moderation', `${m.changed} (${pct(m.changeRate)})`],
      ['Downgraded', m.downgraded],
      ['Upgraded', m.upgraded],
    ]),
    '',
  );
  if (r.moderationByServiceArea.length > 0) {
    out.push('### Moderation by service area', '');
    out.push(
      ...table(
        ['Service area', 'Completed', 'Moderated', 'Share moderated', 'Grade changed', 'Share changed'],
        r.moderationByServiceArea.map((a) => [a.serviceArea, a.completed, a.moderated, pct(a.sampleRate), a.changed, pct(a.changeRate)]),
      ),
      '',
    );
    const moves = r.moderationByServiceArea.flatMap((a) => a.moves.map((mv) => [a.serviceArea, mv.from, mv.to, mv.count] as const));
    if (moves.length === 0) out.push('Moderation changed no grade.', '');
    else out.push(...table(['Service area', 'From (auditor)', 'To (moderated)', 'Audits'], moves), '');
  }
  const ra = r.reaudits;
  out.push('## Re-audits', '');
  out.push(
    ...table(['Measure', 'Figure'], [
      ['Re-audits allocated', ra.allocated],
      ['Returned', `${ra.returned} (${pct(ra.returnRate)})`],
      ['Remained Inadequate', ra.remainedInadequate],
      ['Improved', ra.improved],
    ]),
    '',
  );
  const rl = r.returnLoop;
  out.push('## Oversight and disagreements', '');
  out.push(
    ...table(['Measure', 'Figure'], returnLoopRows(rl)),
    '',
  );
  out.push(...partBAndInadequateSections(r));
  if (r.otherKinds.length > 0) {
    out.push('## Other audits', '', ...table(['Kind', 'Allocated', 'Completed', 'Exempted'], r.otherKinds.map((k) => [k.kind, k.allocated, k.completed, k.exempted])), '');
  }
  out.push('## Practice themes', '', '### Good practice', '', ...themeTable(r.themes.goodPractice), '', '### Areas for improvement', '', ...themeTable(r.themes.improvement), '');
  out.push(...themeFindingsMarkdown(r.themeQuestionFindings ?? [], cell));
  out.push(...kindComplianceMarkdown(r.kindCompliance ?? [], pct));
  return out.join('\n');
}
