import type { ProgrammeProfile } from '../../audit/programme-profile';
import type { Queryable } from '../../store/db';
import type { Due, DueStep } from './step';

// PLACEHOLDER: replaced by the monthly moderation dip sample being built for #17 item 1.
export async function moderationSampleSteps(_db: Queryable, _profile: ProgrammeProfile, _months: readonly string[], _due: Due): Promise<DueStep[]> {
  return [];
}
