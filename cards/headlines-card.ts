import { wholePercent } from '../audit/grades';
import type { AdaptiveCard, CardElement, ChartVerticalBar, ColumnSet, OpenUrlAction } from './adaptive-card-types';
import { bullets, card, clip, facts, header, text } from './card-parts';
import { formatCardMonth } from './format-date';
import type { HeadlinesView, ServiceAreaRowView, ThemeFindingsView } from './view-models';

/**
 * The monthly headlines (004 §2.16; 003's analysis areas): completion, grades, change on last month, service
 * areas and themes. Rows are capped so the card stays small whatever the number of service areas.
 */
export const MAX_SERVICE_AREA_ROWS = 15;
const MAX_THEMES = 5;

/** Where the card can send QA for the month's files: the bot's Microsoft App ID (the manifest's botId). */
export interface ReportFilesLink {
  botAppId: string;
}

/** The link for a configured app id; none (so no button) in local anonymous mode, where there is no app id. */
export function reportFilesLink(botAppId: string | null | undefined): ReportFilesLink | undefined {
  return botAppId === null || botAppId === undefined || botAppId === '' ? undefined : { botAppId };
}

/**
 * Teams' deep link to a chat with a bot, the message pre-filled in the compose box (Teams does not send it):
 * `https://teams.microsoft.com/l/chat/0/0?users=28:<bot id>&message=<text>`, "Deep link to navigate to chat messages",
 * https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/build-and-test/deep-link-teams
 */
export function reportChatDeepLink(botAppId: string, month: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}&message=${encodeURIComponent(`report ${month}`)}`;
}

/** QA's way from the headlines to the month's Word report and Excel workbook: `report YYYY-MM` in their chat. */
function reportFilesAction(link: ReportFilesLink, month: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title: 'Get the Word report and Excel workbook', url: reportChatDeepLink(link.botAppId, month) };
}

function gradeChart(view: HeadlinesView): ChartVerticalBar {
  const total = view.gradeCounts.reduce((sum, g) => sum + g.count, 0);
  const share = (count: number): string => (total === 0 ? '' : ` (${wholePercent(count / total)})`);
  return {
    type: 'Chart.VerticalBar',
    title: 'Grades this month',
    showBarValues: true,
    data: view.gradeCounts.map((g) => ({ x: clip(g.grade, 40), y: g.count })),
    // Hosts without Teams charts (and the official schema) see the same figures as facts.
    fallback: facts(view.gradeCounts.map((g) => [clip(g.grade, 40), `${g.count}${share(g.count)}`] as const)),
  };
}

/** One row per area as columns, so long area names wrap in the wide column rather than a narrow fact title. */
function areaRow(row: ServiceAreaRowView): ColumnSet {
  const inadequate = row.inadequate > 0 ? ` · ${row.inadequate} Inadequate` : '';
  return {
    type: 'ColumnSet',
    spacing: 'small',
    columns: [
      { type: 'Column', width: 'stretch', items: [text(clip(row.serviceArea, 60), { size: 'small' })] },
      {
        type: 'Column',
        width: 'auto',
        items: [
          text(`${row.completed}/${row.allocated} (${wholePercent(row.completionRate)})${inadequate}`, {
            size: 'small',
            weight: 'bolder',
            color: row.inadequate > 0 ? 'attention' : 'default',
          }),
        ],
      },
    ],
  };
}

const MAX_THEME_QUESTIONS_SHOWN = 6;
const MAX_REFS_SHOWN = 8;

/** The theme's questions with each answer's count and its cases: case references only, never names. */
function themeFindingsBlock(f: ThemeFindingsView): CardElement[] {
  const out: CardElement[] = [text(`Theme findings: ${clip(f.theme, 100)}`, { weight: 'bolder', spacing: 'large' })];
  for (const q of f.questions.slice(0, MAX_THEME_QUESTIONS_SHOWN)) {
    out.push(text(clip(q.question, 200), { size: 'small', weight: 'bolder', spacing: 'small' }));
    out.push(...bullets(q.answers.map((a) => {
      const refs = a.caseRefs.slice(0, MAX_REFS_SHOWN).map((r) => clip(r, 20)).join(', ');
      const more = a.caseRefs.length > MAX_REFS_SHOWN ? ` and ${a.caseRefs.length - MAX_REFS_SHOWN} more` : '';
      return `${clip(a.answer, 60)}: ${a.count} (${refs}${more})`;
    })));
  }
  return out;
}

/** `reportFiles` absent (no app id configured): the card has no link to the files. */
export function buildHeadlinesCard(view: HeadlinesView, reportFiles?: ReportFilesLink): AdaptiveCard {
  const month = formatCardMonth(view.month);
  const body: CardElement[] = [
    ...header(`Audit headlines: ${month}`),
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'auto',
          items: [text(wholePercent(view.completionRate), { size: 'extraLarge', weight: 'bolder', color: 'accent' })],
        },
        {
          type: 'Column',
          width: 'stretch',
          verticalContentAlignment: 'center',
          items: [
            text(`${view.completed} of ${view.allocated} audits completed`, { weight: 'bolder' }),
            text(clip(view.changeOnLastMonth, 200), { isSubtle: true, spacing: 'none' }),
          ],
        },
      ],
    },
  ];
  if (view.discussionRate !== undefined && view.discussionRate !== null) {
    body.push(text(`${wholePercent(view.discussionRate)} of completed audits were discussed with the allocated worker`, { spacing: 'small' }));
  }
  if (view.gradeCounts.length > 0) {
    body.push(text('Grades', { weight: 'bolder', spacing: 'large' }), gradeChart(view));
  }
  if (view.serviceAreas.length > 0) {
    const shown = view.serviceAreas.slice(0, MAX_SERVICE_AREA_ROWS);
    body.push(text('By service area (completed/allocated)', { weight: 'bolder', spacing: 'large' }), ...shown.map(areaRow));
    const more = view.serviceAreas.length - shown.length;
    if (more > 0) body.push(text(`…and ${more} more service areas on the dashboard.`, { isSubtle: true, size: 'small' }));
  }
  if (view.topThemes.length > 0) {
    body.push(text('Themes', { weight: 'bolder', spacing: 'large' }), ...bullets(view.topThemes.slice(0, MAX_THEMES).map((t) => clip(t, 150))));
  }
  if (view.themeFindings) body.push(...themeFindingsBlock(view.themeFindings));
  if (view.qualityLoop !== undefined && view.qualityLoop.length > 0) {
    body.push(text('Quality loop', { weight: 'bolder', spacing: 'large' }), ...bullets(view.qualityLoop.slice(0, 8).map((l) => clip(l, 200))));
  }
  return card(body, {
    ...(reportFiles === undefined ? {} : { actions: [reportFilesAction(reportFiles, view.month)] }),
    fallbackText: `Audit headlines: ${month}, ${wholePercent(view.completionRate)} completed`,
  });
}
