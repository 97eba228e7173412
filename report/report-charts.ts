import { createCanvas } from '@napi-rs/canvas';
import type { ChartConfiguration } from 'chart.js' with { 'resolution-mode': 'import' };
import { GRADES, type Grade } from '../audit/grades';
import type { Report } from './build-report';
import { periodName } from './period-name';

/**
 * The report's charts, drawn on the server (chart.js on a Skia canvas: prebuilt binaries, no browser), each with the
 * alt text a screen reader reads and the numbers it shows, which the document prints as a table beside it.
 */
export interface ChartFigures {
  head: string[];
  rows: (string | number)[][];
}

export interface ReportChart {
  id: 'grades' | 'grades-by-area' | 'completion-by-area';
  title: string;
  alt: string;
  png: Buffer;
  /** Pixels, at 96 to the inch. */
  width: number;
  height: number;
  figures: ChartFigures;
}

type ChartModule = typeof import('chart.js', { with: { 'resolution-mode': 'import' } });
let loaded: Promise<ChartModule> | null = null;

/** chart.js is an ES module; loaded once, with only the bar chart's parts registered. */
function chartJs(): Promise<ChartModule> {
  loaded ??= import('chart.js').then((m) => {
    m.Chart.register(m.BarController, m.BarElement, m.CategoryScale, m.LinearScale, m.Legend, m.Title);
    m.Chart.defaults.font.family = 'Liberation Sans, DejaVu Sans, Arial, sans-serif';
    m.Chart.defaults.color = '#1f1f1f';
    m.Chart.defaults.font.size = 11;
    return m;
  });
  return loaded;
}

// Distinguishable in greyscale print as well as colour (Outstanding dark to Inadequate light-red).
const GRADE_COLOURS: Record<Grade, string> = { Outstanding: '#1b5e20', Good: '#66bb6a', 'Requires Improvement': '#f9a825', Inadequate: '#c62828' };
// Drawn at the size it is shown, at twice the pixels (192 dpi), so the labels print sharp and at a readable size.
const SCALE = 2;

async function draw(config: ChartConfiguration<'bar'>, width: number, height: number): Promise<Buffer> {
  const { Chart } = await chartJs();
  // Made at the size shown; chart.js enlarges it by the pixel ratio and scales its drawing to match.
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // The Skia context implements the 2D canvas API chart.js draws with; only its TypeScript type differs.
  const chart = new Chart(ctx as unknown as CanvasRenderingContext2D, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: SCALE },
    plugins: [
      {
        id: 'white-background',
        beforeDraw: (c) => {
          c.ctx.save();
          c.ctx.fillStyle = '#ffffff';
          c.ctx.fillRect(0, 0, c.width, c.height);
          c.ctx.restore();
        },
      },
    ],
  });
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '–' : `${Math.round(r * 100)}%`);
const list = (parts: readonly string[]): string => parts.join('; ');

/** The period's overall grades beside the previous period's, as shares of completed audits. */
export async function gradesChart(r: Report): Promise<ReportChart> {
  const prev = r.previous;
  const width = 300;
  const height = 230;
  const datasets = [
    ...(prev === null ? [] : [{ label: periodName(prev.period), data: GRADES.map((g) => Math.round((prev.gradeShares?.[g] ?? 0) * 100)), backgroundColor: '#b0bec5' }]),
    { label: periodName(r.period), data: GRADES.map((g) => Math.round((r.gradeShares?.[g] ?? 0) * 100)), backgroundColor: '#1f4e79' },
  ];
  const png = await draw(
    {
      type: 'bar',
      // "Requires Improvement" on two lines, so the axis labels stay level.
      data: { labels: GRADES.map((g) => (g === 'Requires Improvement' ? ['Requires', 'Improvement'] : g)), datasets },
      options: {
        scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% of completed audits' } }, x: { ticks: { maxRotation: 0, autoSkip: false } } },
        plugins: { legend: { display: prev !== null, position: 'bottom' }, title: { display: false } },
      },
    },
    width,
    height,
  );
  const describe = (shares: Report['gradeShares'], counts: Report['grades']): string => list(GRADES.map((g) => `${g} ${counts[g]} (${pct(shares?.[g])})`));
  const alt =
    `Bar chart of the overall grades of the ${r.completed} audits completed in ${periodName(r.period)}: ${describe(r.gradeShares, r.grades)}.` +
    (prev === null ? '' : ` Compared with ${periodName(prev.period)} (${prev.completed} completed): ${describe(prev.gradeShares, prev.grades)}.`);
  return {
    id: 'grades',
    title: 'Overall grades',
    alt,
    png,
    width,
    height,
    figures: {
      head: ['Grade', 'Audits', '%', ...(prev === null ? [] : [prev.period, `${prev.period} %`])],
      rows: GRADES.map((g) => [g, r.grades[g], pct(r.gradeShares?.[g]), ...(prev === null ? [] : [prev.grades[g], pct(prev.gradeShares?.[g])])]),
    },
  };
}

/** Grades by service area, stacked counts; for an ungraded programme, completed against allocated. */
export async function byAreaChart(r: Report): Promise<ReportChart> {
  const areas = r.byServiceArea;
  const width = 560;
  const height = Math.max(180, 80 + areas.length * 30);
  const labels = areas.map((a) => a.serviceArea);
  if (!r.graded) {
    const png = await draw(
      {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: 'Allocated', data: areas.map((a) => a.allocated), backgroundColor: '#b0bec5' },
            { label: 'Completed', data: areas.map((a) => a.completed), backgroundColor: '#1565c0' },
          ],
        },
        options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
      },
      width,
      height,
    );
    return {
      id: 'completion-by-area',
      title: 'Completion by service area',
      alt: `Bar chart of audits allocated and completed by service area in ${periodName(r.period)}: ${list(areas.map((a) => `${a.serviceArea} ${a.completed} of ${a.allocated}`))}.`,
      png,
      width,
      height,
      figures: { head: ['Service area', 'Allocated', 'Completed', 'Rate'], rows: areas.map((a) => [a.serviceArea, a.allocated, a.completed, pct(a.completionRate)]) },
    };
  }
  const png = await draw(
    {
      type: 'bar',
      data: { labels, datasets: GRADES.map((g) => ({ label: g, data: areas.map((a) => a.grades[g]), backgroundColor: GRADE_COLOURS[g] })) },
      options: {
        indexAxis: 'y',
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Completed audits' } }, y: { stacked: true } },
        plugins: { legend: { position: 'bottom' } },
      },
    },
    width,
    height,
  );
  return {
    id: 'grades-by-area',
    title: 'Grades by service area',
    alt: `Stacked bar chart of grades by service area in ${periodName(r.period)}: ${list(areas.map((a) => `${a.serviceArea}: ${GRADES.map((g) => `${g} ${a.grades[g]}`).join(', ')}`))}.`,
    png,
    width,
    height,
    figures: {
      head: ['Service area', 'Allocated', 'Completed', 'Rate', ...GRADES],
      rows: areas.map((a) => [a.serviceArea, a.allocated, a.completed, pct(a.completionRate), ...GRADES.map((g) => a.grades[g])]),
    },
  };
}

/** The charts a report has: none for a period with nothing allocated. */
export async function reportCharts(r: Report): Promise<ReportChart[]> {
  if (r.byServiceArea.length === 0) return [];
  return r.graded ? [await gradesChart(r), await byAreaChart(r)] : [await byAreaChart(r)];
}
