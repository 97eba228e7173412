import type { AdaptiveCard } from '../cards/adaptive-card-types';
import { card, facts, header, text } from '../cards/card-parts';
import { formatCardMonth } from '../cards/format-date';
import type { UnmatchedResponse } from '../store/responses-repo';

/** Cards only the bot's commands show, built from the cards' own parts. */
export interface TeamMemberRow {
  name: string;
  returned: number;
  due: number;
  overdue: number;
  exempted: number;
}

export function teamCard(month: string, rows: readonly TeamMemberRow[]): AdaptiveCard {
  const body = [...header(`Your team's audits for ${formatCardMonth(month)}`, 'Returned · due · overdue · exempted')];
  if (rows.length === 0) body.push(text('None of your direct reports has audits this month.'));
  else body.push(facts(rows.slice(0, 30).map((r) => [r.name, `${r.returned} · ${r.due} · ${r.overdue} · ${r.exempted}`] as const)));
  return card(body, { fallbackText: "Your team's audits" });
}

export function unmatchedCard(rows: readonly UnmatchedResponse[]): AdaptiveCard {
  const body = [...header('Unmatched responses', `${rows.length} waiting for QA`)];
  if (rows.length === 0) body.push(text('Every response matched an allocation.'));
  else body.push(facts(rows.slice(0, 30).map((r) => [`${r.source} ${r.caseRefGiven ?? '(no case ref)'}`, r.reason] as const)));
  return card(body, { fallbackText: 'Unmatched responses' });
}
