import type { ProgrammeProfile } from './programme-profile';
import { addMonths } from './working-days';

/**
 * The months whose late audits are still being chased when `month` is viewed: the month and those before it that the
 * next-tier rung still counts (missed `missed` of the last `ofMonths` months, 004 §2.17); three months where the
 * profile has no next tier. Older open audits are past the ladder: QA sees how many, not each one.
 */
export function chasedMonths(profile: Pick<ProgrammeProfile, 'escalation'>, month: string): string[] {
  const span = profile.escalation.nextTier?.ofMonths ?? 3;
  return Array.from({ length: span }, (_, i) => addMonths(month, i - span + 1));
}
