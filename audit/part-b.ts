import type { Grade } from './grades';
import type { ProgrammeProfile } from './programme-profile';
import { addWorkingDays, type IsoDate } from './working-days';

/**
 * 004 §7.1: Part B is completed by the worker and team manager "at the next available supervision – or within 5
 * working days if the case is graded inadequate and where immediate safeguarding actions are identified".
 * 004 §7.5: non-compliance is escalated to the Assistant Director.
 */
export function partBDueDate(
  profile: ProgrammeProfile,
  returnedOn: IsoDate,
  r: { grade: Grade | null; safeguardingConcern: boolean },
): IsoDate | null {
  if (profile.partB === null) return null;
  const urgent = r.grade === 'Inadequate' || r.safeguardingConcern;
  return addWorkingDays(returnedOn, urgent ? profile.partB.inadequateWorkingDays : profile.partB.nextSupervisionWorkingDays);
}
