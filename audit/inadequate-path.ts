import type { Case } from './cases';
import { hasRole, assistantDirectorFor, type Person, type Role } from './people';
import { NOTIFY_TARGETS, type ProgrammeProfile } from './programme-profile';
import { addCalendarDays, addMonths, addWorkingDays, type IsoDate } from './working-days';

type NotifyTarget = (typeof NOTIFY_TARGETS)[number];

export interface InadequateDeadlines {
  /** 003: "Update will need to be provided to Quality Assurance Unit within 3 days of the escalation". */
  updateDue: IsoDate;
  /** 003: "A further update will be required after a week". */
  followUpDue: IsoDate;
  /** 003: "Inadequate cases will then be re-audited after a month". */
  reauditMonth: string;
  moderate: boolean;
}

export function inadequateDeadlines(profile: ProgrammeProfile, month: string, gradedOn: IsoDate): InadequateDeadlines {
  return {
    updateDue: addWorkingDays(gradedOn, profile.inadequate.updateDueWorkingDays),
    followUpDue: addCalendarDays(gradedOn, profile.inadequate.followUpCalendarDays),
    reauditMonth: addMonths(month, profile.inadequate.reauditAfterMonths),
    moderate: profile.inadequate.moderatedByQa,
  };
}

export interface UrgentRecipients {
  recipients: { target: NotifyTarget; personId: string }[];
  /** Targets nobody fills, so QA can be told rather than the notice silently going short. */
  missing: NotifyTarget[];
}

const ROLE_FOR: Record<Exclude<NotifyTarget, 'allocated-worker' | 'team-manager' | 'assistant-director'>, Role> = {
  'service-lead': 'service-lead',
  'head-of-service': 'head-of-service',
  qa: 'qa',
};

/** 004 §2.11: the allocated worker, team manager and Assistant Director are told in writing, as a matter of urgency. */
export function urgentRecipients(profile: ProgrammeProfile, c: Case, people: readonly Person[]): UrgentRecipients {
  const recipients: UrgentRecipients['recipients'] = [];
  const missing: NotifyTarget[] = [];
  const ids = new Set(people.map((p) => p.id));
  const add = (target: NotifyTarget, personId: string | null | undefined): void => {
    if (personId !== null && personId !== undefined && ids.has(personId)) {
      if (!recipients.some((r) => r.personId === personId)) recipients.push({ target, personId });
    } else missing.push(target);
  };
  for (const target of profile.inadequate.notify) {
    if (target === 'allocated-worker') add(target, c.allocatedWorkerId);
    else if (target === 'team-manager') add(target, c.teamManagerId);
    else if (target === 'assistant-director') add(target, assistantDirectorFor(c.serviceArea, people)?.id);
    else {
      const holders = people.filter((p) => hasRole(p, ROLE_FOR[target]));
      const inArea = holders.filter((p) => p.serviceArea === c.serviceArea);
      const chosen = target === 'qa' ? holders : inArea.length > 0 ? inArea : holders.slice(0, 1);
      if (chosen.length === 0) missing.push(target);
      for (const p of chosen) add(target, p.id);
    }
  }
  return { recipients, missing };
}
