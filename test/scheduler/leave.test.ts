import { GraphLeaveLookup } from '../../graph/leave-lookup';
import { type IsoDate } from '../../audit/working-days';
import type { Person } from '../../audit/people';
import { listAllocationDetails, type AllocationDetail } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { setAadObjectId } from '../../store/people-repo';
import type { FakeUser } from '../fakes/graph-fake-data';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { startGraphHarness, type GraphHarness } from '../graph/graph-harness';
import { runDays, simulateDays, useStoreAndTeams, type SimulatedDays } from '../support/simulated-days';
import { seedCouncil } from '../delivery/outbox-harness';

// Southampton, September 2026: due Mon 28 Sep; reminders 5, 1 and 0 working days before (21, 25, 28 Sep); the line
// manager is told the working day after (Tue 29 Sep). Every team manager audits and reports to hos1, who reports
// to ad1. Leave is read from each person's automatic replies on the Graph fake, over HTTP, as in production.

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
let graph: GraphHarness;

const oid = (personId: string): string => `oid-${personId}`;
const at = (dateTime: string) => ({ dateTime, timeZone: 'GMT Standard Time' });

beforeEach(() => ({ db, fake } = env));
afterEach(async () => {
  await graph.fake.close();
});

/** The council with Entra ids, and the same people as users of the Graph fake. */
async function council(): Promise<Person[]> {
  const { people } = await seedCouncil(db, fake);
  // Entra ids as the bot learns them (from installation or the directory), so leave can be asked about.
  await db.transaction(async (tx) => {
    for (const p of people) await setAadObjectId(tx, p.id, oid(p.id), 'test');
  });
  const users: FakeUser[] = people.map((p) => ({
    id: oid(p.id), displayName: p.name, mail: p.email, userPrincipalName: p.email, managerId: p.managerId === null ? null : oid(p.managerId),
  }));
  graph = await startGraphHarness({ fake: { users }, client: { maxRetries: 0 } });
  return people;
}

function simulation(goLive: IsoDate): SimulatedDays {
  // A short cache, so a change of automatic replies is seen the next day, as the real 30 minutes would.
  const leave = new GraphLeaveLookup(graph.graph, { ttlMs: 60 * 60_000, now: () => sim.clock.now().getTime() });
  const sim = simulateDays(db, fake, { goLive, scheduler: { leave } });
  return sim;
}

/** What was queued, read straight from the outbox table. */
const outbox = (): Promise<{ key: string; kind: string; recipientId: string | null; payload: Record<string, unknown> }[]> =>
  db.query('SELECT key, kind, recipient_id AS "recipientId", payload FROM outbox ORDER BY id');

const about = (sim: SimulatedDays, a: AllocationDetail): Record<string, IsoDate> =>
  Object.fromEntries([...sim.deliveredOn].filter(([k]) => k.split(':')[1] === String(a.id)).sort());

async function septemberAuditOf(auditorId: string): Promise<AllocationDetail> {
  const found = (await listAllocationDetails(db, { month: '2026-09' })).find((a) => a.auditorId === auditorId);
  if (found === undefined) throw new Error(`no September audit for ${auditorId}`);
  return found;
}

test('an auditor on leave through the due date is not chased, and their line manager is offered the choice once', async () => {
  await council();
  // tm-0-1 is away from Fri 18 Sep to Fri 9 Oct: every reminder day and the due date fall in the leave.
  graph.fake.setAutoReplies(oid('tm-0-1'), { status: 'scheduled', scheduledStartDateTime: at('2026-09-18T08:00:00'), scheduledEndDateTime: at('2026-10-09T17:00:00') });
  const sim = simulation('2026-09-01');
  await runDays(sim, '2026-09-01', '2026-10-02');

  const away = await septemberAuditOf('tm-0-1');
  expect(about(sim, away)).toEqual({ [`leave-offer:${away.id}:hos1`]: '2026-09-21' });
  const offer = (await outbox()).find((m) => m.kind === 'leave-offer');
  expect(offer).toMatchObject({ recipientId: 'hos1', payload: { allocationId: away.id, auditorId: 'tm-0-1', dueDate: '2026-09-28', leaveEnds: '2026-10-09T16:00:00.000Z' } });
  // Someone at work is chased as before.
  const atWork = await septemberAuditOf('tm-0-2');
  expect(Object.keys(about(sim, atWork))).toEqual(expect.arrayContaining([`reminder:${atWork.id}:5`, `overdue:${atWork.id}`, `escalation:${atWork.id}:1`]));
  expect(fake.duplicates()).toEqual([]);
}, 120_000);

test('an escalation never goes to a manager on leave: it goes one rung up and says so', async () => {
  await council();
  // hos1, every team manager's line manager, is away on the escalation day (Tue 29 Sep).
  graph.fake.setAutoReplies(oid('hos1'), { status: 'scheduled', scheduledStartDateTime: at('2026-09-29T00:00:00'), scheduledEndDateTime: at('2026-10-02T17:00:00') });
  const sim = simulation('2026-09-01');
  await runDays(sim, '2026-09-01', '2026-09-30');

  const late = await septemberAuditOf('tm-0-1');
  expect(about(sim, late)).toMatchObject({ [`escalation:${late.id}:1`]: '2026-09-29' });
  const escalation = (await outbox()).find((m) => m.key === `escalation:${late.id}:1`);
  expect(escalation).toMatchObject({ recipientId: 'ad1', payload: { rung: 1, insteadOf: 'hos1' } });
  const overdue = (await outbox()).find((m) => m.key === `overdue:${late.id}`);
  expect(overdue).toMatchObject({ recipientId: 'tm-0-1', payload: { escalatesTo: 'ad1' } });
  expect(fake.duplicates()).toEqual([]);
}, 120_000);

test('the Graph fake is asked once per person per cache time, not once per audit and tick', async () => {
  const people = await council();
  const sim = simulation('2026-09-01');
  await runDays(sim, '2026-09-18', '2026-09-22');
  const auditors = people.filter((p) => p.roles.includes('auditor')).length;
  // Two ticks a day for five days; each auditor's mailbox read at most once a tick (the hour-long cache).
  expect(graph.fake.count('/mailboxSettings')).toBeLessThanOrEqual(auditors * 10);
  expect(graph.fake.count('/mailboxSettings')).toBeGreaterThan(0);
}, 120_000);
