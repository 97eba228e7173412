import { buildHeadlinesCard, reportFilesLink } from '../../cards/headlines-card';
import { headlinesView } from '../../report/headlines-view';
import { reportForPeriod } from '../../report/report-for-period';
import type { Renderer } from './render-context';

/**
 * The month's headlines from the report model, as the bot's `headlines` command shows them, with QA's link to the
 * month's Word report and Excel workbook (their chat with the bot, `report YYYY-MM` typed) when the app id is known.
 */
export const renderHeadlines: Renderer<'headlines'> = async (p, _row, ctx) =>
  buildHeadlinesCard(headlinesView(await reportForPeriod(ctx.db, ctx.profile, p.month)), reportFilesLink(ctx.botAppId));
