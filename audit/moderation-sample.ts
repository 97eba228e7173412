import type { Case } from './cases';
import { conflictOfInterest } from './conflict-of-interest';
import type { Grade } from './grades';
import { hasRole, type Person } from './people';
import type { ProgrammeProfile } from './programme-profile';
import { seededRandom, shuffled, type SeededRandom } from './seeded-random';
import { addMonths, addWorkingDays, dayOfMonthInMonth, nextWorkingDayOnOrAfter, type IsoDate } from './working-days';

/** The profile's moderation rules with their defaults filled in. */
export interface ModerationRules {
  sampleRate: number;
  focusGrades: readonly Grade[];
  sampleDay: number;
  chaseWorkingDays: number;
  moderators: Moderators;
}

export type Moderators = 'qa' | 'panel';

/**
 * Who may moderate: the QA unit (004 §2.16), or 003's panel — "the Heads of Service ... the Quality Assurance Unit
 * Manager and nominated QA and improvement leads" — which is the QA unit and the heads of service.
 */
export function isModerator(p: Pick<Person, 'roles'>, moderators: Moderators): boolean {
  return hasRole(p, 'qa') || (moderators === 'panel' && hasRole(p, 'head-of-service'));
}

export function moderatorsAmong(people: readonly Person[], moderators: Moderators): Person[] {
  return people.filter((p) => isModerator(p, moderators));
}

export function moderationRules(profile: ProgrammeProfile): ModerationRules {
  const m = profile.moderation;
  return { sampleRate: m.sampleRate, focusGrades: m.focusGrades, sampleDay: m.sampleDay ?? 10, chaseWorkingDays: m.chaseWorkingDays ?? 5, moderators: m.moderators ?? 'qa' };
}

export interface ModerationDates {
  /** The day `month`'s returned audits are sampled: the profile's day of the next month, or the working day after. */
  sampleDate: IsoDate;
  /** Moderate by: `chaseWorkingDays` working days after the sample. */
  dueDate: IsoDate;
  /** The working day after the due date: the one chase. */
  chaseDate: IsoDate;
}

export function moderationDates(profile: ProgrammeProfile, month: string): ModerationDates {
  const rules = moderationRules(profile);
  const sampleDate = nextWorkingDayOnOrAfter(dayOfMonthInMonth(addMonths(month, 1), rules.sampleDay));
  const dueDate = addWorkingDays(sampleDate, rules.chaseWorkingDays);
  return { sampleDate, dueDate, chaseDate: addWorkingDays(dueDate, 1) };
}

/** The seed a month's sample is drawn with, so QA can show how it was drawn (as the allocation's is the month). */
export const sampleSeed = (month: string): number => Number(month.replace('-', '')) * 7 + 1;

/** A returned audit as the draw sees it. */
export interface SampleCandidate {
  allocationId: number;
  auditorId: string;
  grade: Grade | null;
  /** Whose case it is, for conflicts of interest (004 §2.1 applies to moderators as to auditors). */
  case: Case;
  /** Moderated already, or a request already sent (the Inadequate ones at return): counts, is not sent again. */
  covered: boolean;
}

export type Moderator = Pick<Person, 'id' | 'team'>;

export type SampleDecision =
  | { allocationId: number; outcome: 'covered' }
  | { allocationId: number; outcome: 'request'; moderatorId: string }
  | { allocationId: number; outcome: 'no-moderator'; reason: string };

export interface ModerationSampleDraw {
  /** The least the sample may be: the rate of the returned audits, rounded up. */
  target: number;
  /** One per sampled audit, in allocation order. */
  decisions: SampleDecision[];
}

/**
 * The month's dip sample (003 "A dip sample of audits will be moderated"), at least `sampleRate` of the returned
 * audits. What is covered already counts toward it; every audit with a focus grade is taken (the strongest weighting,
 * and 003: "Where an audit is graded as inadequate, it will be moderated"); the rest is drawn at random with `seed`.
 * Each audit to send goes to the eligible moderator with the fewest so far: never its own auditor, never one with a
 * conflict of interest in the case. Pure: the same inputs and seed give the same draw.
 */
export function drawModerationSample(
  profile: ProgrammeProfile,
  candidates: readonly SampleCandidate[],
  moderators: readonly Moderator[],
  seed: number,
): ModerationSampleDraw {
  const rules = moderationRules(profile);
  const all = [...candidates].sort((a, b) => a.allocationId - b.allocationId);
  const target = Math.ceil(all.length * rules.sampleRate);
  const isFocus = (c: SampleCandidate): boolean => c.grade !== null && rules.focusGrades.includes(c.grade);
  const random = seededRandom(seed);
  const taken = all.filter((c) => c.covered || isFocus(c));
  const rest = shuffled(all.filter((c) => !taken.includes(c)), random);
  const sample = [...taken, ...rest.slice(0, Math.max(0, target - taken.length))].sort((a, b) => a.allocationId - b.allocationId);
  return { target, decisions: assignModerators(sample, moderators, random) };
}

function assignModerators(sample: readonly SampleCandidate[], moderators: readonly Moderator[], random: SeededRandom): SampleDecision[] {
  // Ties go by a seeded order, not the people list's, so no one moderator is always first.
  const order = shuffled([...moderators].sort((a, b) => a.id.localeCompare(b.id)), random);
  const load = new Map(order.map((m) => [m.id, 0]));
  return sample.map((c): SampleDecision => {
    if (c.covered) return { allocationId: c.allocationId, outcome: 'covered' };
    const eligible = order.filter((m) => m.id !== c.auditorId && conflictOfInterest(m, c.case) === null);
    const chosen = eligible.reduce<Moderator | null>((best, m) => (best === null || (load.get(m.id) ?? 0) < (load.get(best.id) ?? 0) ? m : best), null);
    if (chosen === null) {
      const reason = order.length === 0 ? 'nobody on record may moderate (the qa role, or head-of-service for a panel)' : 'every moderator is its auditor or has a conflict of interest in the case';
      return { allocationId: c.allocationId, outcome: 'no-moderator', reason: `sampled for moderation, but ${reason}: moderate it by hand` };
    }
    load.set(chosen.id, (load.get(chosen.id) ?? 0) + 1);
    return { allocationId: c.allocationId, outcome: 'request', moderatorId: chosen.id };
  });
}
