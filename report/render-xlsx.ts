import { themeFindingsRows } from './theme-findings';
import { STANDINGS } from '../audit/inadequate-update';
import ExcelJS from 'exceljs';
import { GRADES } from '../audit/grades';
import { londonDateOf } from '../audit/london-time';
import type { Report } from './build-report';
import type { ReportRow } from './load-report-data';
import { periodName } from './period-name';

/**
 * The report as a workbook QA can pivot: a Summary sheet of the Report's own figures (rates as fractions shown as
 * percentages) and an Audits sheet with one row per allocation of the period, as an Excel table with filters. No
 * names and no free text: auditors by id, cases by reference.
 */
export interface XlsxOptions {
  council: string;
  programmeName: string;
}

export interface XlsxResult {
  bytes: Buffer;
  /** Rows in the Audits table (its header not counted). */
  auditRows: number;
}

export const AUDIT_COLUMNS = [
  'Case reference', 'Month', 'Service area', 'Team', 'Auditor id', 'Kind', 'Status', 'Due', 'Returned', 'Grade', 'Moderated grade', 'Part B',
] as const;

type Figure = [string, number | null, 'count' | 'rate'];

/** Every headline figure, each under the JSON's name for it, so a reader (or a test) can match them one to one. */
export function summaryFigures(r: Report): Figure[] {
  const p = r.previous;
  const rows: Figure[] = [
    ['allocated', r.allocated, 'count'],
    ['exempted', r.exempted, 'count'],
    ['completed', r.completed, 'count'],
    ['notCompleted', r.notCompleted, 'count'],
    ['completionRate', r.completionRate, 'rate'],
    ['discussionRate', r.discussionRate, 'rate'],
    ['contactRate', r.contactRate, 'rate'],
    ...GRADES.map((g): Figure => [`grades.${g}`, r.grades[g], 'count']),
    ...GRADES.map((g): Figure => [`gradeShares.${g}`, r.gradeShares?.[g] ?? null, 'rate']),
    ['moderation.moderated', r.moderation.moderated, 'count'],
    ['moderation.sampleRate', r.moderation.sampleRate, 'rate'],
    ['moderation.changed', r.moderation.changed, 'count'],
    ['moderation.changeRate', r.moderation.changeRate, 'rate'],
    ['moderation.downgraded', r.moderation.downgraded, 'count'],
    ['moderation.upgraded', r.moderation.upgraded, 'count'],
    ['reaudits.allocated', r.reaudits.allocated, 'count'],
    ['reaudits.returned', r.reaudits.returned, 'count'],
    ['reaudits.returnRate', r.reaudits.returnRate, 'rate'],
    ['reaudits.remainedInadequate', r.reaudits.remainedInadequate, 'count'],
    ['reaudits.improved', r.reaudits.improved, 'count'],
    ['returnLoop.overseen', r.returnLoop.overseen, 'count'],
    ['returnLoop.disputed', r.returnLoop.disputed, 'count'],
    ['returnLoop.awaitingOversight', r.returnLoop.awaitingOversight, 'count'],
    ['returnLoop.reallocated', r.returnLoop.reallocated, 'count'],
    ['returnLoop.disagreements.raised', r.returnLoop.disagreements.raised, 'count'],
    ['returnLoop.disagreements.resolvedAtReview', r.returnLoop.disagreements.resolvedAtReview, 'count'],
    ['returnLoop.disagreements.mediated', r.returnLoop.disagreements.mediated, 'count'],
    ['returnLoop.disagreements.gradeChanged', r.returnLoop.disagreements.gradeChanged, 'count'],
    ['returnLoop.disagreements.open', r.returnLoop.disagreements.open, 'count'],
    ['partBCompliance.raised', r.partBCompliance.raised, 'count'],
    ['partBCompliance.completed', r.partBCompliance.completed, 'count'],
    ['partBCompliance.completedOnTime', r.partBCompliance.completedOnTime, 'count'],
    ['partBCompliance.overdue', r.partBCompliance.overdue, 'count'],
    ['partBCompliance.rate', r.partBCompliance.rate, 'rate'],
    // Fields are the JSON's paths (the sheet's third column), so each standing is addressed by its place in the list.
    ...r.openInadequate.byStanding.map((s, i): Figure => [`openInadequate.byStanding.${i}.count`, s.count, 'count']),
  ];
  if (p !== null) {
    rows.push(
      ['previous.allocated', p.allocated, 'count'],
      ['previous.completed', p.completed, 'count'],
      ['previous.completionRate', p.completionRate, 'rate'],
      ['previous.discussionRate', p.discussionRate, 'rate'],
    );
  }
  return rows;
}

const LABELS: Record<string, string> = {
  allocated: 'Audits allocated', exempted: 'Exempted (agreed)', completed: 'Completed', notCompleted: 'Not completed',
  completionRate: 'Completion rate', discussionRate: 'Discussed with practitioner or manager', contactRate: 'Child, young person or parent contacted',
  'moderation.moderated': 'Audits moderated', 'moderation.sampleRate': 'Share of completed moderated', 'moderation.changed': 'Grade changed by moderation',
  'moderation.changeRate': 'Share of moderated changed', 'moderation.downgraded': 'Downgraded by moderation', 'moderation.upgraded': 'Upgraded by moderation',
  'reaudits.allocated': 'Re-audits allocated', 'reaudits.returned': 'Re-audits returned', 'reaudits.returnRate': 'Re-audit return rate',
  'reaudits.remainedInadequate': 'Re-audits remaining Inadequate', 'reaudits.improved': 'Re-audits improved',
  'returnLoop.overseen': 'Overseen by the service lead', 'returnLoop.disputed': 'Disputed by the service lead',
  'returnLoop.awaitingOversight': 'Awaiting oversight', 'returnLoop.reallocated': 'Exempted and reallocated',
  'returnLoop.disagreements.raised': 'Disagreements with the grade', 'returnLoop.disagreements.resolvedAtReview': 'Disagreements resolved at review',
  'returnLoop.disagreements.mediated': 'Disagreements mediated', 'returnLoop.disagreements.gradeChanged': 'Grade changed after disagreement',
  'returnLoop.disagreements.open': 'Disagreements still open',
  'partBCompliance.raised': 'Part B raised', 'partBCompliance.completed': 'Part B completed',
  'partBCompliance.completedOnTime': 'Part B completed on time', 'partBCompliance.overdue': 'Part B overdue',
  'partBCompliance.rate': 'Part B completed on time (of raised)',
  'previous.allocated': 'Previous period: allocated', 'previous.completed': 'Previous period: completed',
  'previous.completionRate': 'Previous period: completion rate', 'previous.discussionRate': 'Previous period: discussed',
};
const label = (field: string): string =>
  LABELS[field] ?? field.replace(/^grades\./, 'Grade: ').replace(/^gradeShares\./, 'Share graded ').replace(/^openInadequate\.byStanding\.(\d+)\.count$/, (_, i: string) => `Open Inadequate: ${STANDINGS[Number(i)] ?? i}`);

const excelDay = (isoDay: string): Date => new Date(`${isoDay}T00:00:00Z`);

function auditRow(a: ReportRow): (string | Date | null)[] {
  return [
    a.caseRef, a.month, a.serviceArea, a.team, a.auditorId, a.kind, a.status, excelDay(a.dueDate),
    a.returnedAt === null ? null : excelDay(londonDateOf(a.returnedAt)), a.grade, a.moderated ? a.moderatedGrade : null, a.partB,
  ];
}

export async function renderXlsx(r: Report, audits: readonly ReportRow[], o: XlsxOptions): Promise<XlsxResult> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Audit Loop';
  wb.title = `Case-file audit analysis ${r.period}`;

  const summary = wb.addWorksheet('Summary');
  summary.columns = [{ width: 44 }, { width: 14 }, { width: 34 }];
  summary.addRow([`${o.council}: case-file audit analysis, ${periodName(r.period)}`]).font = { bold: true, size: 14 };
  summary.addRow([`Programme: ${o.programmeName}`]);
  summary.addRow(['Period', r.period]);
  summary.addRow([]);
  summary.addRow(['Measure', 'Figure', 'Report field']).font = { bold: true };
  for (const [field, value, kind] of summaryFigures(r)) {
    const row = summary.addRow([label(field), value, field]);
    if (kind === 'rate') row.getCell(2).numFmt = '0%';
  }

  const sheet = wb.addWorksheet('Audits', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = AUDIT_COLUMNS.map((name) => ({ width: Math.max(12, name.length + 4) }));
  const rows = audits.map(auditRow);
  sheet.addTable({
    name: 'Audits',
    ref: 'A1',
    headerRow: true,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns: AUDIT_COLUMNS.map((name) => ({ name, filterButton: true })),
    // An empty table is not valid in Excel: one blank row keeps the sheet openable for a month with nothing allocated.
    rows: rows.length === 0 ? [AUDIT_COLUMNS.map(() => null)] : rows,
  });
  for (const col of [8, 9]) sheet.getColumn(col).eachCell({ includeEmpty: false }, (cell, rowNumber) => {
    if (rowNumber > 1) cell.numFmt = 'dd/mm/yyyy';
  });
  // Part B by service area (004 §7) and the open Inadequate cases with where each stands (003): references only.
  const partB = wb.addWorksheet('Part B by area');
  partB.columns = [{ width: 30 }, { width: 10 }, { width: 12 }, { width: 10 }, { width: 10 }, { width: 20 }];
  partB.addRow(['Service area', 'Raised', 'Completed', 'On time', 'Overdue', 'On time (of raised)']).font = { bold: true };
  for (const a of r.partBCompliance.byServiceArea) {
    partB.addRow([a.serviceArea, a.raised, a.completed, a.completedOnTime, a.overdue, a.rate]).getCell(6).numFmt = '0%';
  }
  const open = wb.addWorksheet('Open Inadequate');
  open.columns = [{ width: 16 }, { width: 12 }, { width: 30 }, { width: 28 }];
  open.addRow(['Case reference', 'Audit month', 'Service area', 'Where it stands']).font = { bold: true };
  for (const c of r.openInadequate.cases) open.addRow([c.caseRef, c.month, c.serviceArea, c.standing]);
  // The theme questions' answers counted by case reference, and each audit kind's compliance apart (004 §7, 003).
  const findings = wb.addWorksheet('Theme findings');
  findings.columns = [{ width: 24 }, { width: 60 }, { width: 20 }, { width: 8 }, { width: 60 }];
  findings.addRow(['Theme', 'Question', 'Answer', 'Audits', 'Case references']).font = { bold: true };
  for (const f of r.themeQuestionFindings) for (const row of themeFindingsRows(f)) findings.addRow([f.theme, ...row]);
  const kinds = wb.addWorksheet('Compliance by kind');
  kinds.columns = [{ width: 26 }, { width: 10 }, { width: 10 }, { width: 22 }];
  kinds.addRow(['Kind', 'Allocated', 'Returned', 'Returned of allocated']).font = { bold: true };
  for (const k of r.kindCompliance) kinds.addRow([k.kind, k.allocated, k.returned, k.rate]).getCell(4).numFmt = '0%';
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, auditRows: rows.length };
}
