import type { NonCaseKind } from '../audit/kind-forms';
import type { AdaptiveCard, CardElement } from '../cards/adaptive-card-types';
import { card, clip, executeAction, facts, header, text } from '../cards/card-parts';
import { formatCardDate, formatCardMonth } from '../cards/format-date';
import { ACTIVITY_VERBS } from '../cards/supervision-observation-card';
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

/** A non-case activity in "my audits": who it is about and when it is due, never a case reference. */
export interface ActivityItem {
  id: number;
  kind: NonCaseKind;
  subjectName: string;
  dueDate: string;
}

/**
 * "My audits" with the auditor's open supervision observations and reflection sheets added after the case audits,
 * each with a button to open it (`activity.open`). The list card itself is unchanged when there are none.
 */
export function withActivities(list: AdaptiveCard, items: readonly ActivityItem[]): AdaptiveCard {
  if (items.length === 0) return list;
  const blocks: CardElement[] = [text(`Observations and reflections to do: ${items.length}`, { weight: 'bolder', spacing: 'large' })];
  for (const v of items.slice(0, 10)) {
    const [line, button] = v.kind === 'case-reflection'
      ? ['Case reflection sheet', 'Write reflection']
      : [`Observe supervision: ${clip(v.subjectName, 80)}`, 'Record observation'];
    blocks.push(
      text(`${line} · due ${formatCardDate(v.dueDate)}`, { wrap: true, separator: true }),
      { type: 'ActionSet', actions: [executeAction(button, ACTIVITY_VERBS.open, { activityId: v.id }, { style: 'positive' })] },
    );
  }
  return { ...list, body: [...list.body, ...blocks] };
}
