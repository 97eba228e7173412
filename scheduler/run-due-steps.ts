/**
 * What the monthly cycle prescribes for "now", computed from the store and the profile, done once each.
 *
 * Every step is a row in `scheduled_steps` (step, period) inserted ON CONFLICT DO NOTHING in the same transaction
 * as its outbox rows and state changes: two instances, or a re-run after a crash, cannot do a step twice. Nothing
 * here remembers the last tick, so after an outage every step that fell due meanwhile is simply found due now.
 * Which steps are due on a day is decided by the pure rules in scheduler/steps/; this file runs them.
 */
import { AuditError } from '../audit/errors';
import { londonDateOf } from '../audit/london-time';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { addMonths, compareIsoDates, monthOf, type IsoDate } from '../audit/working-days';
import { allocateMonth } from '../programme/allocate-month';
import { relayQaNotices } from '../programme/relay-qa-notices';
import { ladderKey } from '../audit/allocation-lifecycle';
import { listAllocationDetails, type AllocationDetail } from '../store/allocations-repo';
import { channelConversations } from '../store/conversations-repo';
import type { Db } from '../store/db';
import { enqueue } from '../store/outbox-repo';
import { openPartBs } from '../store/part-b-repo';
import { listPeople } from '../store/people-repo';
import { claimStep, stepDone } from '../store/scheduled-steps-repo';
import { leavePauseDays } from '../audit/leave-pause';
import type { Person } from '../audit/people';
import { LEAVE_NOT_CHECKED, type LeaveLookup } from './leave-lookup';
import { escalationsDue, escalationStep, managersAway, planEscalation } from './steps/escalation';
import { leaveOfferRecipients, leaveOfferStep } from './steps/leave-offer';
import { inadequateChaseSteps } from './steps/inadequate-chases';
import { allocationListMessages, headlinesMessages, oversightMessages } from './steps/month-messages';
import { allocationDue, headlinesDue, oversightMonthsDue } from './steps/monthly-dates';
import { mediationSteps } from './steps/mediation';
import { moderationSampleSteps } from './steps/moderation-sample';
import { oversightChaseSteps } from './steps/oversight-chase';
import { duePartBChase } from './steps/part-b-chase';
import { dueReminders } from './steps/reminders';
import type { Due, DueStep } from './steps/step';

export interface SchedulerOptions {
  db: Db;
  profile: ProgrammeProfile;
  actor?: string;
  /** Steps dated before go-live are never caught up (a new install must not chase last month). */
  goLive?: IsoDate | null;
  /** Automatic replies through Graph; without it leave is not checked and everyone is chased as at work. */
  leave?: LeaveLookup;
  /** Where a problem only an operator can fix is said (the bot's logger). */
  warn?: (message: string) => void;
}

export interface StepDone {
  step: string;
  period: string;
  messages: number;
}

class StepTaken extends Error {}

const SYSTEM = 'scheduler';

/** Runs every step due at `now` that has not been done; returns what it did, in order. */
export async function runDueSteps(opts: SchedulerOptions, now: Date): Promise<StepDone[]> {
  const { profile } = opts;
  const today = londonDateOf(now, profile.timeZone);
  const month = monthOf(today);
  const months = [addMonths(month, -1), month];
  const due: Due = (date) =>
    compareIsoDates(today, date) >= 0 && (opts.goLive === undefined || opts.goLive === null || compareIsoDates(date, opts.goLive) >= 0);
  const done: StepDone[] = [];
  const run = async (steps: readonly DueStep[]): Promise<void> => {
    for (const s of steps) {
      const result = await doStep(opts.db, s);
      if (result !== null) done.push(result);
    }
  };

  if (allocationDue(profile, month, due)) await allocationStep(opts, month, done);
  const open = await listAllocationDetails(opts.db, { months, status: 'allocated' });
  const leave = opts.leave ?? LEAVE_NOT_CHECKED;
  let people: Map<string, Person> | null = null;
  const peopleById = async (): Promise<Map<string, Person>> => (people ??= new Map((await listPeople(opts.db)).map((p) => [p.id, p])));
  // Before a reminder or escalation that is still to do: an auditor on leave through the due date is not chased;
  // their manager is offered the choice once instead.
  const chase = async (a: AllocationDetail, steps: readonly DueStep[], escalate: boolean): Promise<void> => {
    const pending: DueStep[] = [];
    for (const s of steps) if (!(await stepDone(opts.db, s.step, s.period))) pending.push(s);
    if (pending.length === 0 && !escalate) return;
    const byId = await peopleById();
    const auditor = byId.get(a.auditorId);
    const answer = auditor === undefined ? null : await leave.awayOn(auditor, leavePauseDays(a, today));
    if (auditor !== undefined && answer?.away === true) {
      const away = await managersAway(leave, auditor.managerId, byId, today);
      await run([leaveOfferStep(a, answer, leaveOfferRecipients(auditor, byId, away))]);
      return;
    }
    if (escalate) {
      await run([escalationStep(a, await planEscalation(opts.db, profile, a, byId, leave, today), opts.actor ?? SYSTEM)]);
    } else await run(pending);
  };
  for (const a of open) await chase(a, dueReminders(profile, a, today, due), false);
  for (const a of escalationsDue(profile, open, due)) {
    if (!(await stepDone(opts.db, `escalation:${ladderKey(a)}`, a.month))) await chase(a, [], true);
  }
  await run(await inadequateChaseSteps(opts.db, profile, today, due));
  if (profile.partB !== null) {
    const partBs = await openPartBs(opts.db);
    const people = partBs.length === 0 ? [] : await listPeople(opts.db);
    await run(partBs.flatMap((p) => duePartBChase(p, people, due) ?? []));
  }
  await run(oversightMonthsDue(profile, months, due).map((m) => ({ step: 'oversight', period: m, work: async (tx) => oversightMessages(m, await listPeople(tx)) })));
  await run(await oversightChaseSteps(opts.db, profile, [addMonths(month, -2), ...months], due));
  await run(await mediationSteps(opts.db, profile, due));
  await run(await moderationSampleSteps(opts.db, profile, [addMonths(month, -2), ...months], due));
  await run(headlinesDue(profile, months, due).map(({ period, reportMonth }) => ({
    step: 'headlines', period, work: async (tx) => headlinesMessages(reportMonth, await channelConversations(tx)),
  })));
  // What the steps (and senders) queued for QA as a whole goes on to each QA officer's chat.
  const relay = await relayQaNotices(opts.db);
  if (relay.relayed > 0) done.push({ step: 'qa-notices', period: today, messages: relay.relayed });
  if (relay.waiting > 0) opts.warn?.(`${relay.waiting} QA notices are waiting: nobody in the people list holds the qa role`);
  return done;
}

async function doStep(db: Db, { step, period, work }: DueStep): Promise<StepDone | null> {
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

/** Allocation day: draw the month and tell each auditor, in one transaction with the step's claim. */
async function allocationStep(opts: SchedulerOptions, month: string, done: StepDone[]): Promise<void> {
  const { db, profile } = opts;
  if (await stepDone(db, 'allocation', month)) return;
  let messages = 0;
  try {
    await allocateMonth(db, profile, {
      month, seed: Number(month.replace('-', '')), actor: opts.actor ?? SYSTEM,
      afterInsert: async (tx, plan) => {
        if (!(await claimStep(tx, 'allocation', month))) throw new StepTaken();
        for (const m of allocationListMessages(month, plan.allocations.map((a) => a.auditorId))) {
          await enqueue(tx, m);
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
