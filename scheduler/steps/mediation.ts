import type { ProgrammeProfile } from '../../audit/programme-profile';
import type { Queryable } from '../../store/db';
import type { Due, DueStep } from './step';

// PLACEHOLDER: replaced by the mediation step being built for #16 item 5.
export async function mediationSteps(_db: Queryable, _profile: ProgrammeProfile, _due: Due): Promise<DueStep[]> {
  return [];
}
