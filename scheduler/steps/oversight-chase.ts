import type { ProgrammeProfile } from '../../audit/programme-profile';
import type { Queryable } from '../../store/db';
import type { Due, DueStep } from './step';

// PLACEHOLDER: replaced by the oversight chase being built for #16 item 4.
export async function oversightChaseSteps(_db: Queryable, _profile: ProgrammeProfile, _months: readonly string[], _due: Due): Promise<DueStep[]> {
  return [];
}
