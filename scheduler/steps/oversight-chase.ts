import type { OutboxMessage } from '../../audit/outbox-messages';
import { oversightDates, type OversightDates } from '../../audit/oversight';
import { hasRole, qaOfficers, type Person } from '../../audit/people';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import type { Queryable } from '../../store/db';
import { outstandingOversightCounts, outstandingOversights } from '../../store/oversights-repo';
import { listPeople } from '../../store/people-repo';
import type { Due, DueStep } from './step';

/**
 * 003: oversight is due by the 6th of the next month. A service lead with returned audits still waiting is reminded
 * `reminderWorkingDaysBefore` working days before, and the working day after their line manager (or, with none on
 * record, each QA officer) is told. Each once per month and lead, by natural key. A lead with nothing outstanding
 * gets no step at all, so an audit returned later is still chased when the date has come.
 */
export async function oversightChaseSteps(db: Queryable, profile: ProgrammeProfile, months: readonly string[], due: Due): Promise<DueStep[]> {
  const rules = profile.oversight;
  if (rules === null) return [];
  const dated = months.map((month) => ({ month, dates: oversightDates(rules, month) })).filter((m) => due(m.dates.reminderDate));
  if (dated.length === 0) return [];
  const counts = await outstandingOversightCounts(db, dated.map((m) => m.month));
  if (counts.length === 0) return [];
  const people = await listPeople(db);
  const leads = people.filter((p) => hasRole(p, 'service-lead'));
  const steps: DueStep[] = [];
  for (const { month, dates } of dated) {
    for (const lead of leads) {
      const n = counts.find((c) => c.month === month && c.serviceArea === lead.serviceArea)?.n ?? 0;
      if (n === 0) continue;
      const escalating = due(dates.escalationDate);
      // After an outage past the due date the reminder's date is gone: mark it done silently, as reminders.ts does.
      steps.push(chaseStep('reminder', month, lead, escalating ? () => [] : (outstanding) => [reminderMessage(month, lead, dates, outstanding)]));
      if (escalating) steps.push(chaseStep('escalation', month, lead, (outstanding, all) => escalationMessages(month, lead, dates, outstanding, all)));
    }
  }
  return steps;
}

type Compose = (outstanding: number, people: readonly Person[]) => OutboxMessage[];

/** Counted again inside the step's transaction: oversight recorded since the look-up above means no message. */
function chaseStep(stage: 'reminder' | 'escalation', month: string, lead: Person, compose: Compose): DueStep {
  return {
    step: `oversight-${stage}:${month}:${lead.id}`,
    period: month,
    work: async (tx) => {
      const outstanding = (await outstandingOversights(tx, month, lead.serviceArea)).length;
      return outstanding === 0 ? [] : compose(outstanding, await listPeople(tx));
    },
  };
}

function reminderMessage(month: string, lead: Person, dates: OversightDates, outstanding: number): OutboxMessage {
  return {
    key: `oversight-reminder:${month}:${lead.id}`, channel: 'teams', kind: 'oversight-chase', recipientId: lead.id,
    payload: { month, serviceArea: lead.serviceArea, serviceLeadId: lead.id, stage: 'reminder', dueDate: dates.dueDate, outstanding },
  };
}

/** To the lead's line manager when one is on record (and known); otherwise to each QA officer. */
export function escalationMessages(month: string, lead: Person, dates: OversightDates, outstanding: number, people: readonly Person[]): OutboxMessage[] {
  const manager = lead.managerId === null ? undefined : people.find((p) => p.id === lead.managerId);
  const recipients = manager !== undefined ? [manager] : qaOfficers(people);
  return recipients.map((r) => ({
    key: `oversight-escalation:${month}:${lead.id}:${r.id}`, channel: 'teams', kind: 'oversight-chase', recipientId: r.id,
    payload: { month, serviceArea: lead.serviceArea, serviceLeadId: lead.id, stage: 'escalation', dueDate: dates.dueDate, outstanding },
  }));
}
