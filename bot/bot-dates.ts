import { londonDateOf } from '../audit/london-time';
import type { BotDeps } from './bot-deps';

/** Today on London clocks (the programme's dates are London dates, not the server's). */
export function todayOf(deps: Pick<BotDeps, 'clock' | 'profile'>): string {
  return londonDateOf(deps.clock.now(), deps.profile.timeZone);
}

export function monthOf(deps: Pick<BotDeps, 'clock' | 'profile'>): string {
  return todayOf(deps).slice(0, 7);
}
