/**
 * What the monthly cycle prescribes for "now", computed from the store and the profile, done once each.
 *
 * Every step is a row in `scheduled_steps` (step, period) inserted ON CONFLICT DO NOTHING in the same transaction
 * as its outbox rows and state changes: two instances, or a re-run after a crash, cannot do a step twice. Nothing
 * here remembers the last tick, so after an outage every step that fell due meanwhile is simply found due now.
 */
import { effectiveDueDate } from '../audit/allocation-lifecycle';
import { AuditError } from '../audit/errors';
import { escalationDate, escalationRung, escalationTarget } from '../audit/escalation-ladder';
import { londonDateOf } from '../audit/london-time';
import { assistantDirectorFor, hasRole } from '../audit/people';
import type { ProgrammeProfile } from '../audit/programme-profile';
import {
  addCalendarDays, addMonths, addWorkingDays, compareIsoDates, dayOfMonthInMonth, monthOf, nextWorkingDayOnOrAfter, type IsoDate,
} from '../audit/working-days';
import { allocateMonth } from '../programme/allocate-month';
import { listAllocationDetails, updateAllocation, type AllocationDetail } from '../store/allocations-repo';
import { channelConversations } from '../store/conversations-repo';
import type { Db, Queryable } from '../store/db';
import { enqueue, type OutboxMessage } from '../store/outbox-repo';
import { listPeople } from '../store/people-repo';

export interface SchedulerOptions {
  db: Db;
  profile: ProgrammeProfile;
  actor?: string;
  /** Steps dated before go-live are never caught up (a new install must not chase last month). */
  goLive?: IsoDate | null;
}

export interface StepDone {
  step: string;
  period: string;
  messages: number;
}

type StepWork = (tx: Queryable) => Promise<OutboxMessage[]>;

class StepTaken extends Error {}

const SYSTEM = 'scheduler';

/** Runs every step due at `now` that has not been done; returns what it did, in order. */
export async function runDueSteps(opts: SchedulerOptions, now: Date): Promise<StepDone[]> {
  const { profile } = opts;
  const today = londonDateOf(now, profile.timeZone);
  const month = monthOf(today);
  const months = [addMonths(month, -1), month];
  const due = (date: IsoDate): boolean =>
    compareIsoDates(today, date) >= 0 && (opts.goLive === undefined || opts.goLive === null || compareIsoDates(date, opts.goLive) >= 0);
  const done: StepDone[] = [];
  const run = async (step: string, period: string, work: StepWork): Promise<void> => {
    const result = await doStep(opts.db, step, period, work);
    if (result !== null) done.push(result);
  };

  await allocationStep(opts, month, due, done);
  const open = await listAllocationDetails(opts.db, { months, status: 'allocated' });
  for (const a of open) await reminderSteps(opts, a, today, due, run);
  for (const a of open) if (due(escalationDate(profile, a))) await run(`escalation:${a.id}`, a.month, (tx) => escalate(opts, tx, a));
  await inadequateSteps(opts, today, due, run);
  await partBSteps(opts, due, run);
  for (const m of months) {
    if (profile.oversight !== null && due(nextWorkingDayOnOrAfter(dayOfMonthInMonth(m, profile.oversight.sendDay)))) {
      await run('oversight', m, (tx) => oversightList(tx, m));
    }
  }
  for (const m of months) {
    if (due(nextWorkingDayOnOrAfter(dayOfMonthInMonth(m, profile.headlinesDay)))) await run('headlines', m, (tx) => headlines(tx, addMonths(m, -1)));
  }
  return done;
}

async function stepDone(db: Queryable, step: string, period: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM scheduled_steps WHERE step = $1 AND period = $2', [step, period])).length > 0;
}

async function claimStep(tx: Queryable, step: string, period: string, detail: Record<string, unknown> = {}): Promise<boolean> {
  const rows = await tx.query(
    'INSERT INTO scheduled_steps (step, period, detail) VALUES ($1, $2, $3) ON CONFLICT (step, period) DO NOTHING RETURNING step',
    [step, period, JSON.stringify(detail)],
  );
  return rows.length > 0;
}

async function doStep(db: Db, step: string, period: string, work: StepWork): Promise<StepDone | null> {
  if (await stepDone(db, step, period)) return null;
  try {
    return await db.transaction(async (tx) => {
      if (!(await claimStep(tx, step, period))) throw new StepTaken();
      const messages = await work(tx);
      for (const m of messages) await enqueue(tx, m);
      return { step, period, messages: messages.length };
    });
  } catch (error) {
    // Another instance did it first (conflict, or the lock it held made our transaction fail): that is success.
    if (error instanceof StepTaken || (await stepDone(db, step, period))) return null;
    throw error;
  }
}

/** Allocation day (next working day when it is not one): draw the month and tell each auditor, in one transaction. */
async function allocationStep(opts: SchedulerOptions, month: string, due: (d: IsoDate) => boolean, done: StepDone[]): Promise<void> {
  const { db, profile } = opts;
  if (!due(nextWorkingDayOnOrAfter(dayOfMonthInMonth(month, profile.allocationDay)))) return;
  if (await stepDone(db, 'allocation', month)) return;
  let messages = 0;
  try {
    await allocateMonth(db, profile, {
      month, seed: Number(month.replace('-', '')), actor: opts.actor ?? SYSTEM,
      afterInsert: async (tx, plan) => {
        if (!(await claimStep(tx, 'allocation', month))) throw new StepTaken();
        for (const auditorId of new Set(plan.allocations.map((a) => a.auditorId))) {
          await enqueue(tx, { key: `allocation-list:${month}:${auditorId}`, channel: 'teams', kind: 'allocation-list', recipientId: auditorId, payload: { month } });
          messages += 1;
        }
      },
    });
    done.push({ step: 'allocation', period: month, messages });
  } catch (error) {
    if (error instanceof StepTaken || (await stepDone(db, 'allocation', month))) return;
    if (error instanceof AuditError && error.code === 'MONTH_ALREADY_ALLOCATED') {
      // QA allocated by hand (CLI): record the step so we stop trying; their tool told the auditors.
      await db.transaction((tx) => claimStep(tx, 'allocation', month, { note: 'allocated by hand' }));
      return;
    }
    throw error;
  }
}

/** Reminders at the profile's steps before the (possibly extended) due date; after an outage only the latest goes. */
async function reminderSteps(
  opts: SchedulerOptions, a: AllocationDetail, today: IsoDate, due: (d: IsoDate) => boolean,
  run: (step: string, period: string, work: StepWork) => Promise<void>,
): Promise<void> {
  const effective = effectiveDueDate(a);
  if (compareIsoDates(today, effective) > 0) return; // past due: escalation's business now
  const dueSteps = [...opts.profile.reminders]
    .sort((x, y) => y - x)
    .filter((s) => due(addWorkingDays(effective, -s)));
  const latest = dueSteps[dueSteps.length - 1];
  for (const s of dueSteps) {
    const key = `reminder:${a.id}:${s}`;
    await run(key, a.month, async () =>
      s === latest ? [{ key, channel: 'teams', kind: 'reminder', recipientId: a.auditorId, payload: { allocationId: a.id, step: s, dueDate: effective } }] : [],
    );
  }
}

/** The day after due: the auditor is told it is overdue and the ladder's rung hears of it (004 §2.17). */
async function escalate(opts: SchedulerOptions, tx: Queryable, a: AllocationDetail): Promise<OutboxMessage[]> {
  const people = await listPeople(tx);
  const byId = new Map(people.map((p) => [p.id, p]));
  const auditor = byId.get(a.auditorId);
  if (auditor === undefined) return [];
  const missed = await tx.query<{ month: string }>(
    'SELECT DISTINCT month FROM allocations WHERE auditor_id = $1 AND month < $2 AND escalation_level > 0',
    [a.auditorId, a.month],
  );
  const rung = escalationRung(opts.profile, a.month, missed.map((m) => m.month));
  const target = escalationTarget(rung, auditor, byId);
  await updateAllocation(tx, a.id, { type: 'escalate', level: rung }, opts.actor ?? SYSTEM);
  const escalatesTo = target.kind === 'person' ? target.personId : null;
  const messages: OutboxMessage[] = [
    { key: `overdue:${a.id}`, channel: 'teams', kind: 'overdue', recipientId: a.auditorId, payload: { allocationId: a.id, escalatesTo } },
  ];
  if (target.kind === 'person') {
    messages.push({ key: `escalation:${a.id}:${rung}`, channel: 'teams', kind: 'escalation', recipientId: target.personId, payload: { allocationId: a.id, rung, auditorId: a.auditorId } });
  } else {
    messages.push({ key: `escalation-qa:${a.id}`, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { allocationId: a.id, caseRef: a.caseRef, rung, reason: target.reason } });
  }
  return messages;
}

interface InadequateRow {
  allocationId: number;
  month: string;
  caseRef: string;
  submittedAt: Date;
  teamManagerId: string | null;
}

/** 003: an update within 3 working days of the escalation and a further one after a week: chase the team manager. */
async function inadequateSteps(
  opts: SchedulerOptions, today: IsoDate, due: (d: IsoDate) => boolean, run: (step: string, period: string, work: StepWork) => Promise<void>,
): Promise<void> {
  const { profile } = opts;
  const rows = await opts.db.query<InadequateRow>(
    `SELECT a.id AS "allocationId", a.month, a.case_ref AS "caseRef", r.submitted_at AS "submittedAt", c.team_manager_id AS "teamManagerId"
     FROM responses r JOIN allocations a ON a.id = r.allocation_id JOIN cases c ON c.case_ref = a.case_ref
     LEFT JOIN moderations m ON m.allocation_id = a.id
     WHERE COALESCE(m.moderated_grade, r.grade) = 'Inadequate' ORDER BY a.id`,
  );
  const oldest = addCalendarDays(today, -(profile.inadequate.followUpCalendarDays + 30));
  for (const r of rows) {
    const gradedOn = londonDateOf(new Date(r.submittedAt), profile.timeZone);
    if (compareIsoDates(gradedOn, oldest) < 0) continue;
    const updateDue = addWorkingDays(gradedOn, profile.inadequate.updateDueWorkingDays);
    const followUpDue = addCalendarDays(gradedOn, profile.inadequate.followUpCalendarDays);
    const base = { allocationId: r.allocationId, caseRef: r.caseRef, month: r.month, updateDue, followUpDue, reauditMonth: addMonths(r.month, profile.inadequate.reauditAfterMonths) };
    for (const [stage, date, key] of [
      ['update-due', updateDue, `inadequate-update:${r.allocationId}`],
      ['follow-up', followUpDue, `inadequate-followup:${r.allocationId}`],
    ] as const) {
      if (!due(date)) continue;
      await run(key, r.month, async () => [
        r.teamManagerId === null
          ? { key, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { ...base, reason: `no team manager on record for ${r.caseRef}: chase the Inadequate ${stage} yourselves` } }
          : { key, channel: 'teams', kind: 'inadequate-alert', recipientId: r.teamManagerId, payload: { ...base, stage } },
      ]);
    }
  }
}

/** 004 §7.5: Part B not done by its due date goes to the Assistant Director. */
async function partBSteps(opts: SchedulerOptions, due: (d: IsoDate) => boolean, run: (step: string, period: string, work: StepWork) => Promise<void>): Promise<void> {
  if (opts.profile.partB === null) return;
  const rows = await opts.db.query<{ allocationId: number; month: string; caseRef: string; serviceArea: string; dueDate: string }>(
    `SELECT pb.allocation_id AS "allocationId", a.month, a.case_ref AS "caseRef", c.service_area AS "serviceArea",
       to_char(pb.due_date, 'YYYY-MM-DD') AS "dueDate"
     FROM part_b pb JOIN allocations a ON a.id = pb.allocation_id JOIN cases c ON c.case_ref = a.case_ref
     WHERE pb.completed_at IS NULL ORDER BY pb.allocation_id`,
  );
  if (rows.length === 0) return;
  const people = await listPeople(opts.db);
  for (const r of rows) {
    if (!due(addWorkingDays(r.dueDate, 1))) continue;
    const key = `partb-chase:${r.allocationId}`;
    const ad = assistantDirectorFor(r.serviceArea, people);
    await run(key, r.month, async () => [
      ad === null
        ? { key, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { allocationId: r.allocationId, caseRef: r.caseRef, reason: `Part B for ${r.caseRef} is overdue and no Assistant Director is on record for ${r.serviceArea}` } }
        : { key, channel: 'teams', kind: 'part-b-request', recipientId: ad.id, payload: { allocationId: r.allocationId, caseRef: r.caseRef, dueDate: r.dueDate, chase: true } },
    ]);
  }
}

/** 003: service leads see the month's audits in their area to record oversight. */
async function oversightList(tx: Queryable, month: string): Promise<OutboxMessage[]> {
  const leads = (await listPeople(tx)).filter((p) => hasRole(p, 'service-lead'));
  return leads.map((p) => ({ key: `oversight:${month}:${p.id}`, channel: 'teams' as const, kind: 'allocation-list', recipientId: p.id, payload: { month, serviceArea: p.serviceArea } }));
}

/** The monthly headlines, one message per channel the bot is in; the renderer builds the card from the report. */
async function headlines(tx: Queryable, reportMonth: string): Promise<OutboxMessage[]> {
  return (await channelConversations(tx)).map((c) => ({
    key: `headlines:${reportMonth}:${c.conversationId}`, channel: 'teams' as const, kind: 'headlines', recipientId: null,
    payload: { month: reportMonth, conversationId: c.conversationId },
  }));
}
