import { type IsoDate } from '../../audit/working-days';
import { getAllocationDetail, listAllocationDetails, updateAllocation, type AllocationDetail } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { stepDone } from '../../store/scheduled-steps-repo';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { seedCouncil } from '../delivery/outbox-harness';
import { runDays, simulateDays, useStoreAndTeams, type SimulatedDays } from '../support/simulated-days';

// Southampton: September 2026's audits are due Monday 28 Sep; reminders 5, 1 and 0 working days before; the line
// manager is told the working day after (004 §2.17). An extension must run that ladder once more for the new date.

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
beforeEach(() => ({ db, fake } = env));

const simulation = (goLive: IsoDate): SimulatedDays => simulateDays(db, fake, { goLive });

/** The ladder's messages about one allocation (reminder, overdue, escalation), by key, with their days. */
function ladderOf(sim: SimulatedDays, a: AllocationDetail): Record<string, IsoDate> {
  const ladderKinds = new Set(['reminder', 'overdue', 'escalation', 'escalation-qa']);
  return Object.fromEntries([...sim.deliveredOn].filter(([k]) => {
    const [kind, id] = k.split(':');
    return ladderKinds.has(kind ?? '') && id === String(a.id);
  }).sort());
}

async function firstSeptemberAudit(): Promise<AllocationDetail> {
  const sep = await listAllocationDetails(db, { month: '2026-09' });
  // A team manager's audit: their line manager hos1 is on record, so rung 1 goes to a person.
  const a = sep.find((x) => x.auditorId.startsWith('tm-'));
  if (a === undefined) throw new Error('no September audit for a team manager');
  return a;
}

const extend = (a: AllocationDetail, to: IsoDate) =>
  db.transaction((tx) => updateAllocation(tx, a.id, { type: 'extend', to }, 'hos1'));

test('an extended audit is reminded and escalated on its new date, once each', async () => {
  await seedCouncil(db, fake);
  const sim = simulation('2026-09-01');
  let extended: AllocationDetail | undefined;
  await runDays(sim, '2026-09-01', '2026-10-09', async (day) => {
    // Escalated on Tue 29 Sep; that evening the line manager extends it to Mon 5 Oct.
    if (day === '2026-09-29') {
      extended = await firstSeptemberAudit();
      await extend(extended, '2026-10-05');
    }
  });
  if (extended === undefined) throw new Error('nothing was extended');
  const id = extended.id;

  expect(fake.duplicates()).toEqual([]);
  expect(ladderOf(sim, extended)).toEqual({
    // The original ladder, under the keys it always had.
    [`reminder:${id}:5`]: '2026-09-21',
    [`reminder:${id}:1`]: '2026-09-25',
    [`reminder:${id}:0`]: '2026-09-28',
    [`overdue:${id}`]: '2026-09-29',
    [`escalation:${id}:1`]: '2026-09-29',
    // Re-armed for Mon 5 Oct: 5 working days before (28 Sep) had already come, so that reminder goes the next
    // morning, as the extend card promises; then Fri 2 Oct, the day itself, and the escalation the day after.
    [`reminder:${id}:ext:2026-10-05:5`]: '2026-09-30',
    [`reminder:${id}:ext:2026-10-05:1`]: '2026-10-02',
    [`reminder:${id}:ext:2026-10-05:0`]: '2026-10-05',
    [`overdue:${id}:ext:2026-10-05`]: '2026-10-06',
    [`escalation:${id}:ext:2026-10-05:1`]: '2026-10-06',
  });
  // Still rung 1: the same month's miss, not a second month's, so it goes to the line manager again.
  expect(await getAllocationDetail(db, id)).toMatchObject({ status: 'allocated', extendedTo: '2026-10-05', escalationLevel: 1 });
  // No audit that was not extended got a message under an extended key.
  expect([...sim.deliveredOn.keys()].filter((k) => k.includes(':ext:') && k.split(':')[1] !== String(id))).toEqual([]);
}, 120_000);

test('after an outage the extended audit gets one reminder, not three', async () => {
  await seedCouncil(db, fake);
  const sim = simulation('2026-09-01');
  let extended: AllocationDetail | undefined;
  await runDays(sim, '2026-09-01', '2026-09-29', async (day) => {
    if (day === '2026-09-29') {
      extended = await firstSeptemberAudit();
      await extend(extended, '2026-10-09');
    }
  });
  if (extended === undefined) throw new Error('nothing was extended');
  const id = extended.id;
  // Down from Wed 30 Sep to Thu 8 Oct: the new date's reminders at 5 (2 Oct) and 1 (8 Oct) fall due unseen.
  await runDays(sim, '2026-10-09', '2026-10-12');

  expect(fake.duplicates()).toEqual([]);
  const ext = Object.fromEntries(Object.entries(ladderOf(sim, extended)).filter(([k]) => k.includes(':ext:')));
  expect(ext).toEqual({
    [`reminder:${id}:ext:2026-10-09:0`]: '2026-10-09',
    [`overdue:${id}:ext:2026-10-09`]: '2026-10-12',
    [`escalation:${id}:ext:2026-10-09:1`]: '2026-10-12',
  });
  // The reminders missed in the outage are done, not pending: a later tick never sends them.
  for (const step of [5, 1]) expect(await stepDone(db, `reminder:${id}:ext:2026-10-09:${step}`, '2026-09')).toBe(true);
}, 120_000);
