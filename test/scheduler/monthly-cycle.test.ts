import { instantAt } from '../support/london-instant';
import { type IsoDate } from '../../audit/working-days';
import { FakeClock } from '../../scheduler/clock';
import { startCycleScheduler } from '../../scheduler/cycle-scheduler';
import { runDueSteps, type SchedulerOptions } from '../../scheduler/run-due-steps';
import { listAllocationDetails, updateAllocation, type AllocationDetail } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { listOutbox } from '../../store/outbox-repo';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { installChannel, seedCouncil, southampton } from '../delivery/outbox-harness';
import { runDays, simulateDays, useStoreAndTeams, type SimulatedDays } from '../support/simulated-days';

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
beforeEach(() => ({ db, fake } = env));

const simulation = (goLive: IsoDate): SimulatedDays => simulateDays(db, fake, { goLive });

const auditorsOf = (allocations: readonly AllocationDetail[]) => [...new Set(allocations.map((a) => a.auditorId))];

test('September and October 2026 on the Southampton profile send exactly the prescribed messages, each once, on the right days', async () => {
  const { people } = await seedCouncil(db, fake);
  const channel = await installChannel(db, fake, 'audit-programme');
  const sim = simulation('2026-09-01');
  let exempted: AllocationDetail | undefined;
  await runDays(sim, '2026-09-01', '2026-10-31', async (day) => {
    if (day === '2026-09-03') {
      exempted = (await listAllocationDetails(db, { month: '2026-09' }))[0];
      if (exempted) await db.transaction((tx) => updateAllocation(tx, exempted?.id ?? 0, { type: 'exempt', reason: 'case closed' }, 'qa1'));
    }
  });
  const sep = await listAllocationDetails(db, { month: '2026-09' });
  const oct = await listAllocationDetails(db, { month: '2026-10' });
  expect(sep.length).toBeGreaterThan(0);
  expect(oct.length).toBeGreaterThan(0);
  expect(exempted).toBeDefined();

  const managerOf = (id: string) => people.find((p) => p.id === id)?.managerId ?? null;
  const expected = new Map<string, IsoDate>();
  // Allocation on the 3rd; 3 Oct 2026 is a Saturday, so October's goes out on Monday 5th.
  for (const a of auditorsOf(sep)) expected.set(`allocation-list:2026-09:${a}`, '2026-09-03');
  for (const a of auditorsOf(oct)) expected.set(`allocation-list:2026-10:${a}`, '2026-10-05');
  // Headlines on the 9th for the month before, to the channel.
  expected.set(`headlines:2026-08:${channel}`, '2026-09-09');
  expected.set(`headlines:2026-09:${channel}`, '2026-10-09');
  // Oversight list to the service lead on the 28th.
  expected.set('oversight:2026-09:sl-crs', '2026-09-28');
  expected.set('oversight:2026-10:sl-crs', '2026-10-28');
  // Due Mon 28 Sep and Wed 28 Oct; reminders 5, 1 and 0 working days before; escalation the working day after.
  const schedule = { '2026-09': ['2026-09-21', '2026-09-25', '2026-09-28', '2026-09-29'], '2026-10': ['2026-10-21', '2026-10-27', '2026-10-28', '2026-10-29'] } as const;
  for (const a of [...sep, ...oct]) {
    if (a.id === exempted?.id) continue;
    const [r5, r1, r0, esc] = schedule[a.month as '2026-09' | '2026-10'];
    expected.set(`reminder:${a.id}:5`, r5);
    expected.set(`reminder:${a.id}:1`, r1);
    expected.set(`reminder:${a.id}:0`, r0);
    expected.set(`overdue:${a.id}`, esc);
    // September: rung 1, the line manager. October: a second miss in three months (an exempted audit is no miss)
    // is rung 2, the manager's manager.
    const missedSeptember = sep.some((s) => s.auditorId === a.auditorId && s.id !== exempted?.id);
    const rung = a.month === '2026-10' && missedSeptember ? 2 : 1;
    const lineManager = managerOf(a.auditorId);
    const target = rung === 1 ? lineManager : lineManager === null ? null : managerOf(lineManager);
    if (target !== null) expected.set(`escalation:${a.id}:${rung}`, esc);
    // With no one on that rung, QA hears of it: each QA officer in their own chat, the same day.
    else expected.set(`escalation-qa:${a.id}:to:qa1`, esc);
  }

  expect(fake.duplicates()).toEqual([]);
  expect(Object.fromEntries([...sim.deliveredOn].sort())).toEqual(Object.fromEntries([...expected].sort()));
  // In order: delivery days never go backwards.
  const days = sim.order.map((k) => sim.deliveredOn.get(k) ?? '');
  expect([...days].sort()).toEqual(days);
  // qa1's line manager (ad1) has no manager: rung 2 goes to QA with the reason.
  const qaRows = (await listOutbox(db, { kind: 'qa-notice' })).filter((r) => r.key.startsWith('escalation-qa:') && r.channel === 'qa-notice');
  const qa1October = oct.filter((a) => a.auditorId === 'qa1' && sep.some((s) => s.auditorId === 'qa1' && s.id !== exempted?.id));
  expect(qaRows.map((r) => r.key).sort()).toEqual(qa1October.map((a) => `escalation-qa:${a.id}`).sort());
  // The exempted audit was never chased.
  expect([...sim.deliveredOn.keys()].filter((k) => k.includes(`:${exempted?.id ?? -1}:`) || k === `overdue:${exempted?.id ?? -1}`)).toEqual([]);
  expect(sep.filter((a) => a.status === 'allocated').every((a) => a.escalationLevel === 1)).toBe(true);
}, 120_000);

test('escalation rung 1 goes to the line manager; an auditor with no manager on record is reported to QA', async () => {
  await seedCouncil(db, fake, { mutate: (people) => people.map((p) => (p.id === 'tm-0-1' ? { ...p, managerId: null } : p)) });
  const sim = simulation('2026-09-01');
  await runDays(sim, '2026-09-03', '2026-09-03');
  const sep = await listAllocationDetails(db, { month: '2026-09' });
  await runDays(sim, '2026-09-29', '2026-09-29');
  const orphan = sep.filter((a) => a.auditorId === 'tm-0-1');
  const managed = sep.filter((a) => a.auditorId === 'tm-1-1');
  expect(orphan.length).toBeGreaterThan(0);
  expect(managed.length).toBeGreaterThan(0);
  for (const a of managed) {
    const row = (await listOutbox(db, { kind: 'escalation' })).find((r) => r.key === `escalation:${a.id}:1`);
    expect(row).toMatchObject({ recipientId: 'hos1', status: 'sent' });
  }
  const qa = await listOutbox(db, { kind: 'qa-notice' });
  expect(qa.filter((r) => r.channel === 'qa-notice').map((r) => r.key).sort()).toEqual(orphan.map((a) => `escalation-qa:${a.id}`).sort());
  // Passed on to QA's own chat, and delivered there.
  expect(qa.filter((r) => r.channel === 'teams').map((r) => [r.key, r.recipientId, r.status]).sort()).toEqual(
    orphan.map((a) => [`escalation-qa:${a.id}:to:qa1`, 'qa1', 'sent']).sort(),
  );
});

test('a bot down from the 2nd to the 7th allocates once when it comes back, and a second instance adds nothing', async () => {
  await seedCouncil(db, fake);
  const sim = simulation('2026-09-01');
  await runDays(sim, '2026-09-01', '2026-09-01');
  expect(sim.order).toEqual([]);
  sim.clock.set(instantAt('2026-09-08', '10:00'));
  const [first, second] = await Promise.all([runDueSteps(sim.instances[0] as SchedulerOptions, sim.clock.now()), runDueSteps(sim.instances[0] as SchedulerOptions, sim.clock.now())]);
  const allocationSteps = [...(first ?? []), ...(second ?? [])].filter((s) => s.step === 'allocation');
  expect(allocationSteps).toHaveLength(1);
  await sim.worker.drain();
  const sep = await listAllocationDetails(db, { month: '2026-09' });
  const lists = fake.delivered().map((d) => d.messageKey).filter((k) => k?.startsWith('allocation-list:'));
  expect(lists.sort()).toEqual(auditorsOf(sep).map((a) => `allocation-list:2026-09:${a}`).sort());
  expect(await runDueSteps(sim.instances[0] as SchedulerOptions, sim.clock.now())).toEqual([]);
  expect(fake.duplicates()).toEqual([]);
});

test('the cron scheduler catches up at start and stops cleanly', async () => {
  await seedCouncil(db, fake);
  const clock = new FakeClock(instantAt('2026-09-04', '09:00'));
  const done: string[] = [];
  const scheduler = startCycleScheduler({ db, profile: southampton(), goLive: '2026-09-01', clock, onSteps: (s) => done.push(...s.map((x) => x.step)) });
  await scheduler.tick();
  await scheduler.stop();
  expect(done.filter((s) => s === 'allocation')).toHaveLength(1);
});
