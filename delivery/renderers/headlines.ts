import { buildHeadlinesCard } from '../../cards';
import { headlinesView } from '../../report/headlines-view';
import { reportForPeriod } from '../../report/report-for-period';
import type { Renderer } from './render-context';

/** The month's headlines from the report model, as the bot's `headlines` command shows them. */
export const renderHeadlines: Renderer<'headlines'> = async (p, _row, ctx) =>
  buildHeadlinesCard(headlinesView(await reportForPeriod(ctx.db, ctx.profile, p.month)));
