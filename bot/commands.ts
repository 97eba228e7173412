import { isOverdue } from '../audit/allocation-lifecycle';
import { MonthSchema, type Month } from '../audit/month';
import { hasRole, type Person } from '../audit/people';
import { themeFor } from '../audit/programme-profile';
import type { AdaptiveCard } from '../cards/adaptive-card-types';
import { buildAllocationListCard } from '../cards/allocation-list-card';
import { clip } from '../cards/card-parts';
import { buildHeadlinesCard, reportFilesLink } from '../cards/headlines-card';
import { buildHelpCard } from '../cards/help-card';
import { buildOverdueCard } from '../cards/overdue-card';
import { buildConfirmationCard } from '../cards/confirmation-card';
import { listAllocationDetails } from '../store/allocations-repo';
import { listPeople } from '../store/people-repo';
import { listUnmatched } from '../store/responses-repo';
import { allocationItemView, overdueItemView } from '../cards/allocation-views';
import type { BotDeps } from './bot-deps';
import { monthOf, todayOf } from './bot-dates';
import { headlinesView } from '../report/headlines-view';
import { reportForPeriod } from '../report/report-for-period';
import { helpViewFor } from './help-view';
import { teamCard, unmatchedCard, withActivities } from './list-cards';
import { openActivitiesFor } from '../store/activities-repo';
import { errorCard } from './replies';

export const COMMANDS = ['my audits', 'help', 'team', 'headlines', 'overdue', 'unmatched', 'report'] as const;
export type Command = (typeof COMMANDS)[number];

/** What was typed: the command, and for `report YYYY-MM` the month named (or what stood where a month should). */
export interface CommandRequest {
  command: Command | null;
  /** `report 2026-10`: the month asked for; null = this month. */
  month: Month | null;
  /** `report 2026-13`: an argument that is not a month, answered with the format expected. */
  badMonth: string | null;
}

/**
 * Plain words, any case, extra spaces ignored; anything else is not a command (and gets the help card). Only
 * `report` takes an argument: the month, as YYYY-MM.
 */
export function parseCommand(text: string | undefined): CommandRequest {
  const words = (text ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if ((COMMANDS as readonly string[]).includes(words)) return { command: words as Command, month: null, badMonth: null };
  if (words.startsWith('report ')) {
    const arg = words.slice('report '.length);
    const month = MonthSchema.safeParse(arg);
    return month.success ? { command: 'report', month: month.data, badMonth: null } : { command: 'report', month: null, badMonth: arg };
  }
  return { command: null, month: null, badMonth: null };
}

const QA_ONLY: readonly Command[] = ['headlines', 'overdue', 'unmatched', 'report'];

/** QA's `report` answers with files (bot/report-files.ts), which Teams sends only in personal chat. */
export const isFileReportRequest = (actor: Person, request: CommandRequest, conversationType: string | undefined): boolean =>
  request.command === 'report' && request.badMonth === null && hasRole(actor, 'qa') && conversationType === 'personal';

/** The card a command answers with, for a person the programme knows. */
export async function runCommand(deps: BotDeps, actor: Person, request: CommandRequest): Promise<AdaptiveCard> {
  const { command } = request;
  if (command === null || command === 'help') return buildHelpCard(helpViewFor(actor));
  if (QA_ONLY.includes(command) && !hasRole(actor, 'qa')) {
    return errorCard('QA_ONLY', `"${command}" is for the QA team.`, 'Type "help" to see what you can ask.');
  }
  const month = monthOf(deps);
  const today = todayOf(deps);
  switch (command) {
    case 'my audits': {
      const rows = await listAllocationDetails(deps.db, { month, auditorId: actor.id });
      return withActivities(buildAllocationListCard({
        month,
        theme: themeFor(deps.profile, month),
        auditorName: actor.name,
        items: rows.map((a) => allocationItemView(a, today)),
      }), await openActivitiesFor(deps.db, actor.id));
    }
    case 'team': {
      const reports = (await listPeople(deps.db)).filter((p) => p.managerId === actor.id);
      if (reports.length === 0) {
        return errorCard('NO_REPORTS', 'Audit Loop has nobody recorded as reporting to you.', 'If that is wrong, ask the QA team to correct the people list.');
      }
      const all = await listAllocationDetails(deps.db, { month });
      return teamCard(month, reports.map((p) => {
        const mine = all.filter((a) => a.auditorId === p.id);
        return {
          name: p.name,
          returned: mine.filter((a) => a.status === 'returned' || a.status === 'overseen').length,
          due: mine.filter((a) => a.status === 'allocated' && !isOverdue(a, today)).length,
          overdue: mine.filter((a) => isOverdue(a, today)).length,
          exempted: mine.filter((a) => a.status === 'exempted').length,
        };
      }));
    }
    case 'headlines':
      return buildHeadlinesCard(headlinesView(await reportForPeriod(deps.db, deps.profile, month)), reportFilesLink(deps.botAppId));
    case 'overdue': {
      const late = (await listAllocationDetails(deps.db, { status: 'allocated' })).filter((a) => isOverdue(a, today));
      if (late.length === 0) return buildConfirmationCard({ title: 'No overdue audits', caseRef: '-', facts: [], nextSteps: [] });
      return buildOverdueCard({ auditorName: 'all auditors', escalatesTo: null, escalatesOn: null, items: late.map((a) => overdueItemView(a, today)) });
    }
    case 'unmatched':
      return unmatchedCard(await listUnmatched(deps.db));
    case 'report':
      if (request.badMonth !== null) {
        return errorCard(
          'MONTH_INVALID',
          `"${clip(request.badMonth, 40)}" is not a month: "report" takes the month as YYYY-MM, the year in four digits and the month 01 to 12.`,
          `Type "report" for this month's files, or name the month, for example "report ${month}".`,
        );
      }
      // Reached outside personal chat only: files cannot be sent to a channel or group chat.
      return errorCard('PERSONAL_CHAT_ONLY', 'The report files can only be sent in your personal chat with Audit Loop.', 'Open a chat with Audit Loop and type "report" there.');
  }
}
