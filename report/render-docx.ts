import { themeFindingsRows } from './theme-findings';
import { kindComplianceRows } from './kind-compliance';
import { returnLoopRows } from './return-loop-figures';
import { openInadequateRows } from './open-inadequate';
import { partBComplianceRows } from './part-b-compliance';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import type { Report, ThemeFinding } from './build-report';
import { periodName } from './period-name';
import { reportCharts, type ChartFigures, type ReportChart } from './report-charts';

/**
 * The report as a Word document for managers and scrutiny panels, from the same Report the JSON prints: case
 * references only, auditors not at all, and no free text (the practice themes stand in for it).
 */
export interface DocxOptions {
  council: string;
  /** The programme profile's name, as QA knows it. */
  programmeName: string;
  /** Printed in the method note; the document is otherwise the same whenever it is made. */
  generatedOn: string;
}

export interface DocxResult {
  bytes: Buffer;
  charts: readonly ReportChart[];
}

type Cell = string | number;

// A4 with 2 cm margins: the width tables are laid out to, in twentieths of a point.
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT = PAGE.width - 2 * PAGE.margin;
const HEAD_FILL = 'DCE6F0';

const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '–' : `${Math.round(r * 100)}%`);
const points = (now: number | null, before: number | null | undefined): string => {
  if (now === null || before === null || before === undefined) return '–';
  const d = Math.round((now - before) * 100);
  return `${d > 0 ? '+' : ''}${d} points`;
};

const para = (text: string, opts: { bold?: boolean; size?: number; after?: number; italics?: boolean } = {}): Paragraph =>
  new Paragraph({ spacing: { after: opts.after ?? 120 }, children: [new TextRun({ text, bold: opts.bold ?? false, italics: opts.italics ?? false, ...(opts.size === undefined ? {} : { size: opts.size }) })] });
const heading = (text: string, level: 1 | 2 = 1): Paragraph =>
  // Kept with what follows, so no heading is left alone at the foot of a page.
  new Paragraph({ text, keepNext: true, keepLines: true, heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, spacing: { before: level === 1 ? 240 : 160, after: 120 } });

/** A plain table: a shaded header row, numbers right-aligned, the first column wider unless `shares` are given. */
function table(head: readonly string[], rows: readonly (readonly Cell[])[], width = CONTENT, shares?: readonly number[]): Table {
  const firstShare = head.length <= 2 ? 0.6 : Math.min(0.4, 1.6 / head.length);
  const share = (i: number): number => shares?.[i] ?? (i === 0 ? firstShare : (1 - firstShare) / (head.length - 1));
  const widths = head.map((_, i) => Math.floor(width * share(i)));
  const rest = widths[widths.length - 1] ?? 0;
  // Wide tables in 9 pt, so headers such as "Requires Improvement" wrap at their space and nowhere else.
  const size = head.length > 4 ? 18 : 20;
  const cell = (value: Cell, i: number, header: boolean): TableCell =>
    new TableCell({
      width: { size: widths[i] ?? rest, type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      ...(header ? { shading: { fill: HEAD_FILL } } : {}),
      children: [
        new Paragraph({
          // Figures (counts, percentages, changes) line up on the right; words and case references on the left.
          alignment: i > 0 && !header && /^[-+–\d][\d%]*(?: points)?$/.test(String(value)) ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text: String(value), bold: header, size })],
        }),
      ],
    });
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
    ],
  });
}

function chartImage(chart: ReportChart, displayWidth: number): Paragraph {
  const displayHeight = Math.round((chart.height * displayWidth) / chart.width);
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'png',
        data: chart.png,
        transformation: { width: displayWidth, height: displayHeight },
        altText: { name: chart.id, title: chart.title, description: chart.alt },
      }),
    ],
  });
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** The chart on the left, its numbers in a table on the right: a borderless two-column layout table. */
function chartBesideFigures(chart: ReportChart, figures: ChartFigures): Table {
  const left = Math.round(CONTENT * 0.5);
  const right = CONTENT - left;
  const border = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };
  return new Table({
    width: { size: CONTENT, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: { ...border, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: left, type: WidthType.DXA }, borders: border, children: [chartImage(chart, chart.width)] }),
          new TableCell({ width: { size: right, type: WidthType.DXA }, borders: border, children: [table(figures.head, figures.rows, right - 120, figures.head.length === 5 ? [0.3, 0.18, 0.12, 0.2, 0.2] : [0.44, 0.28, 0.28]), para('')] }),
        ],
      }),
    ],
  });
}

function titlePage(r: Report, o: DocxOptions): FileChild[] {
  return [
    new Paragraph({ spacing: { before: 2400, after: 240 }, children: [new TextRun({ text: o.council, bold: true, size: 36 })] }),
    new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: 'Case-file audit: analysis report', bold: true, size: 52 })] }),
    new Paragraph({ spacing: { after: 480 }, children: [new TextRun({ text: periodName(r.period), size: 40 })] }),
    para(`Programme: ${o.programmeName}`, { size: 24 }),
    ...(r.theme === null ? [] : [para(`Theme: ${r.theme}`, { size: 24 })]),
    para(`Prepared by Quality Assurance on ${o.generatedOn}. Cases are identified by reference only.`, { size: 20, italics: true }),
  ];
}

function overview(r: Report): FileChild[] {
  const p = r.previous;
  const prevHead = p === null ? 'Previous period' : `Previous (${p.period})`;
  const lead =
    `${r.allocated} audits were allocated in ${periodName(r.period)} and ${r.completed} completed (${pct(r.completionRate)})` +
    (p === null ? '.' : `, ${points(r.completionRate, p.completionRate)} on ${periodName(p.period)}.`) +
    (r.exempted > 0 ? ` ${r.exempted} agreed exemption(s) are counted apart and not as missed audits.` : '');
  return [
    heading('Overview'),
    para(lead),
    table(['Measure', 'This period', prevHead, 'Change'], [
      ['Audits allocated', r.allocated, p?.allocated ?? '–', ''],
      ['Completed', r.completed, p?.completed ?? '–', ''],
      ['Not completed', r.notCompleted, p?.notCompleted ?? '–', ''],
      ['Exempted (agreed, not counted as missed)', r.exempted, p?.exempted ?? '–', ''],
      ['Completion rate', pct(r.completionRate), pct(p?.completionRate), points(r.completionRate, p?.completionRate)],
      ['Auditor discussed the audit with the practitioner or manager', pct(r.discussionRate), pct(p?.discussionRate), points(r.discussionRate, p?.discussionRate)],
      ['Child, young person or parent contacted', pct(r.contactRate), pct(p?.contactRate), points(r.contactRate, p?.contactRate)],
    ]),
  ];
}

function grades(r: Report, chart: ReportChart | undefined): FileChild[] {
  if (!r.graded) return [heading('Overall grades'), para('This programme does not grade cases; its findings are by practice area below.')];
  if (chart === undefined) return [heading('Overall grades'), para('No audits were completed in this period.')];
  return [heading('Overall grades'), chartBesideFigures(chart, chart.figures)];
}

function byArea(r: Report, chart: ReportChart | undefined): FileChild[] {
  const out: FileChild[] = [heading(r.graded ? 'Grades by service area' : 'Completion by service area')];
  if (chart === undefined) return [...out, para('No audits were allocated in this period.')];
  return [...out, chartImage(chart, chart.width), table(chart.figures.head, chart.figures.rows, CONTENT, chart.figures.head.length === 8 ? [0.14, 0.12, 0.13, 0.08, 0.14, 0.09, 0.15, 0.15] : [0.4, 0.2, 0.2, 0.2])];
}

function themeTable(findings: readonly ThemeFinding[]): FileChild[] {
  if (findings.length === 0) return [para('No recurring themes were found in the audits completed.')];
  const rows = findings.flatMap((f) => [
    [f.label, 'All areas', f.count, f.caseRefs.join(', ')],
    ...f.byServiceArea.map((a) => ['', a.serviceArea, a.count, a.caseRefs.join(', ')]),
  ]);
  return [table(['Theme', 'Service area', 'Audits', 'Case references'], rows, CONTENT, [0.24, 0.2, 0.1, 0.46])];
}

function themes(r: Report): FileChild[] {
  return [
    heading('Areas of good practice'),
    new Paragraph({ keepNext: true, spacing: { after: 120 }, children: [new TextRun('Recurring themes in what auditors recorded as good practice, by service area, with the cases they were found in.')] }),
    ...themeTable(r.themes.goodPractice),
    heading('Areas for improvement'),
    ...themeTable(r.themes.improvement),
  ];
}

function moderation(r: Report): FileChild[] {
  const m = r.moderation;
  return [
    heading('Moderation'),
    table(['Measure', 'Figure'], [
      ['Audits moderated', m.moderated],
      ['Share of completed audits moderated', pct(m.sampleRate)],
      ['Grade changed by moderation', m.changed],
      ['Share of moderated audits changed', pct(m.changeRate)],
      ['Downgraded', m.downgraded],
      ['Upgraded', m.upgraded],
    ]),
    ...(r.moderationMoves.length === 0
      ? []
      : [para(''), table(['From (auditor)', 'To (moderated)', 'Audits'], r.moderationMoves.map((mv) => [mv.from, mv.to, mv.count]))]),
  ];
}

function reaudits(r: Report): FileChild[] {
  const ra = r.reaudits;
  return [
    heading('Re-audits'),
    table(['Measure', 'Figure'], [
      ['Re-audits allocated', ra.allocated],
      ['Returned', ra.returned],
      ['Return rate', pct(ra.returnRate)],
      ['Remained Inadequate', ra.remainedInadequate],
      ['Improved', ra.improved],
    ]),
  ];
}

/** 003 oversight by the service lead; 004 §2.12–2.13 disagreements, review and mediation; §2.18 reallocations. */
function oversightAndDisagreements(r: Report): FileChild[] {
  const rl = r.returnLoop;
  return [
    heading('Oversight and disagreements'),
    table(['Measure', 'Figure'], returnLoopRows(rl)),
  ];
}

/** Part B compliance (004 §7) and the open Inadequate cases with where each stands (003): case references only. */
function partBAndInadequate(r: Report): FileChild[] {
  const pb = r.partBCompliance;
  const out: FileChild[] = [heading('Part B'), table(['Measure', 'Figure'], partBComplianceRows(pb, pct))];
  if (pb.byServiceArea.length > 0) {
    out.push(para(''), table(
      ['Service area', 'Raised', 'Completed', 'On time', 'Overdue', 'On time (of raised)'],
      pb.byServiceArea.map((a) => [a.serviceArea, a.raised, a.completed, a.completedOnTime, a.overdue, pct(a.rate)]),
    ));
  }
  out.push(heading('Open Inadequate cases'));
  if (r.openInadequate.cases.length === 0) out.push(para('No Inadequate cases are open.'));
  else out.push(table(['Case reference', 'Audit month', 'Service area', 'Where it stands'], openInadequateRows(r.openInadequate)));
  return out;
}

function monthTheme(r: Report): FileChild[] {
  const out: FileChild[] = [heading("The period's theme")];
  out.push(para(r.theme === null ? 'No theme was set for this period.' : `Theme: ${r.theme}.`));
  // The theme questions' answers, counted, with case references only (the answers come from fixed lists).
  for (const f of r.themeQuestionFindings) {
    out.push(para(`Theme findings: ${f.theme} (${f.audits} audit${f.audits === 1 ? '' : 's'})`), table(['Question', 'Answer', 'Audits', 'Case references'], themeFindingsRows(f)));
  }
  if (r.kindCompliance.length > 0) {
    out.push(para('Compliance by kind'), table(['Kind', 'Allocated', 'Returned', 'Returned of allocated'], kindComplianceRows(r.kindCompliance, pct)));
  }
  if (r.otherKinds.length > 0) {
    out.push(table(['Audit kind', 'Allocated', 'Completed', 'Exempted'], r.otherKinds.map((k) => [k.kind, k.allocated, k.completed, k.exempted])));
  } else out.push(para('No thematic or other audits were allocated in this period.'));
  return out;
}

function method(r: Report, o: DocxOptions): FileChild[] {
  const areas = r.byServiceArea.length;
  return [
    heading('Method'),
    para(
      `The sample is the ${r.allocated + r.exempted} audit(s) allocated across ${areas} service area(s) in ${periodName(r.period)}; agreed exemptions are ` +
        `kept out of the completion rate. ${r.moderation.moderated} of ${r.completed} completed audits (${pct(r.moderation.sampleRate)}) were moderated by QA, ` +
        'and a grade counts as moderated where QA changed it. Practice themes are found in the auditors’ good-practice and improvement answers by a ' +
        'fixed dictionary of phrases; only the theme and the case references are published. Percentages are rounded to whole numbers.',
    ),
    para(`Generated by Audit Loop on ${o.generatedOn} from programme ${r.programme}.`, { italics: true, size: 18 }),
  ];
}

/** Builds the document (charts included) and packs it to .docx bytes. */
export async function renderDocx(r: Report, o: DocxOptions): Promise<DocxResult> {
  const charts = await reportCharts(r);
  const gradesChart = charts.find((c) => c.id === 'grades');
  const areaChart = charts.find((c) => c.id !== 'grades');
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ size: 18, children: [`${o.council} · ${periodName(r.period)} · page `, PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
  const page = { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } };
  const doc = new Document({
    creator: 'Audit Loop',
    title: `Case-file audit analysis ${r.period}`,
    description: `${o.council}: case-file audit analysis for ${periodName(r.period)}`,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      { properties: { page }, children: titlePage(r, o) },
      {
        properties: { page },
        footers: { default: footer },
        children: [...overview(r), ...grades(r, gradesChart), ...byArea(r, areaChart), ...themes(r), ...moderation(r), ...reaudits(r), ...oversightAndDisagreements(r), ...partBAndInadequate(r), ...monthTheme(r), ...method(r, o)],
      },
    ],
  });
  return { bytes: await Packer.toBuffer(doc), charts };
}
