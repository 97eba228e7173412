import { DEFAULT_MARGIN_POLICY } from './adaptive-margin';

/**
 * How often Teams throttled this process's sends (429), and the margin its sender leaves on Teams' windows now (see
 * delivery/adaptive-margin.ts): read by the /metrics endpoint. A margin above its base means Teams has answered 429
 * recently and the sender has slowed to match.
 */
export const teamsThrottling = { throttled: 0, marginMs: DEFAULT_MARGIN_POLICY.baseMs };

/** For ThrottledSender's onMarginChange: keeps the tally above. */
export function recordMarginChange(marginMs: number, why: 'throttled' | 'eased'): void {
  if (why === 'throttled') teamsThrottling.throttled += 1;
  teamsThrottling.marginMs = marginMs;
}
