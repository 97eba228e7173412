import type { ProgrammeProfile } from '../../audit/programme-profile';
import { addMonths, dayOfMonthInMonth, nextWorkingDayOnOrAfter, type IsoDate } from '../../audit/working-days';
import type { Due } from './step';

/** A day of the month as the profile names it, moved to the next working day when it is not one. */
export const workingDayOf = (month: string, day: number): IsoDate => nextWorkingDayOnOrAfter(dayOfMonthInMonth(month, day));

/** Allocation day of `month` (004 §2.1: the list goes out on the 3rd, or the next working day). */
export function allocationDue(profile: ProgrammeProfile, month: string, due: Due): boolean {
  return due(workingDayOf(month, profile.allocationDay));
}

/** 003: the months whose oversight list is due (service leads see the month's audits on sendDay). */
export function oversightMonthsDue(profile: ProgrammeProfile, months: readonly string[], due: Due): string[] {
  const o = profile.oversight;
  return o === null ? [] : months.filter((m) => due(workingDayOf(m, o.sendDay)));
}

/** The months whose headlines day has come, each with the month it reports on (the one before). */
export function headlinesDue(profile: ProgrammeProfile, months: readonly string[], due: Due): { period: string; reportMonth: string }[] {
  return months.filter((m) => due(workingDayOf(m, profile.headlinesDay))).map((m) => ({ period: m, reportMonth: addMonths(m, -1) }));
}
