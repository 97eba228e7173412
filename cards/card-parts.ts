import {
  ADAPTIVE_CARD_SCHEMA,
  type ActionData,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type CardRefresh,
  type ExecuteAction,
  type FactSet,
  type TextBlock,
  type TextColor,
} from './adaptive-card-types';

/** Pieces every card shares, so all cards look alike and builders stay short. */

/** Teams refreshes automatically for at most 60 users; more ids would be ignored. */
const MAX_REFRESH_USERS = 60;

/** View-model text is bounded on cards so one long value can never push a card over the size limit. */
export function clip(value: string, max = 200): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

export function card(
  body: CardElement[],
  options: { actions?: CardAction[]; refresh?: CardRefresh; fallbackText?: string } = {},
): AdaptiveCard {
  const result: AdaptiveCard = {
    $schema: ADAPTIVE_CARD_SCHEMA,
    type: 'AdaptiveCard',
    version: '1.5',
    body,
  };
  if (options.actions && options.actions.length > 0) result.actions = options.actions;
  if (options.refresh) result.refresh = options.refresh;
  if (options.fallbackText) result.fallbackText = options.fallbackText;
  return result;
}

export function text(value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function header(title: string, subtitle?: string): CardElement[] {
  const blocks: CardElement[] = [text(title, { style: 'heading', size: 'large', weight: 'bolder' })];
  if (subtitle) blocks.push(text(subtitle, { isSubtle: true, spacing: 'none' }));
  return blocks;
}

export function facts(rows: readonly (readonly [string, string])[]): FactSet {
  return { type: 'FactSet', facts: rows.map(([title, value]) => ({ title, value })) };
}

export function bullets(lines: readonly string[]): TextBlock[] {
  return lines.map((line) => text(`• ${clip(line, 300)}`, { spacing: 'small' }));
}

/** A server-side validation message under an input, in the host's error colour. */
export function fieldError(message: string, inputId: string): TextBlock {
  return text(message, { id: `${inputId}-error`, color: 'attention', size: 'small', spacing: 'none' });
}

export function executeAction(
  title: string,
  verb: string,
  data: ActionData,
  options: Pick<ExecuteAction, 'style' | 'associatedInputs'> = {},
): ExecuteAction {
  return { type: 'Action.Execute', title, verb, data, ...options };
}

/**
 * Action.Execute plus an Action.Submit fallback for clients without Universal Actions. Action.Submit has no
 * verb, so the verb travels in the data as `verb`; the bot routes it the same way.
 */
export function executeWithSubmitFallback(
  title: string,
  verb: string,
  data: ActionData,
  style?: ExecuteAction['style'],
): ExecuteAction {
  const action = executeAction(title, verb, data, style ? { style } : {});
  action.fallback = { type: 'Action.Submit', title, data: { ...data, verb }, ...(style ? { style } : {}) };
  return action;
}

export function refreshFor(data: ActionData, userIds: readonly string[]): CardRefresh {
  return {
    action: { type: 'Action.Execute', verb: 'card.refresh', data },
    userIds: userIds.slice(0, MAX_REFRESH_USERS),
  };
}

export interface BadgeLook {
  label: string;
  color: TextColor;
}

export function badge(look: BadgeLook): TextBlock {
  return text(look.label, { color: look.color, weight: 'bolder', size: 'small' });
}
