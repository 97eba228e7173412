import pino from 'pino';
import type { Person } from '../../audit/people';
import { oversightRecord } from '../../bot/actions/oversight-record';
import { getAllocation, listAllocationDetails, updateAllocation, type AllocationDetail } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { listOutbox } from '../../store/outbox-repo';
import { getOversight } from '../../store/oversights-repo';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { validateCard } from '../support/card-checks';
import { seedCouncil, southampton } from '../delivery/outbox-harness';
import { runDays, simulateDays, useStoreAndTeams, type SimulatedDays } from '../support/simulated-days';

// Southampton, September 2026: the CRS service lead (sl-crs, line manager hos1) gets the area's returned audits on
// Mon 28 Sep and records oversight by Tue 6 Oct; reminded Fri 2 Oct (two working days before), escalated Wed 7 Oct.

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
beforeEach(() => ({ db, fake } = env));

/** Two scheduler instances on one store, ticking at the same moment. */
const simulation = (profile = southampton()): SimulatedDays => simulateDays(db, fake, { goLive: '2026-09-01', profile, instances: 2 });

const oversightKeys = (sim: SimulatedDays) => Object.fromEntries([...sim.deliveredOn].filter(([k]) => k.startsWith('oversight')).sort());

/** Three of September's CRS audits returned by their auditors before the 28th. */
async function returnThreeCrsAudits(): Promise<AllocationDetail[]> {
  const crs = (await listAllocationDetails(db, { month: '2026-09' })).filter((a) => a.serviceArea === 'CRS').slice(0, 3);
  if (crs.length < 3) throw new Error(`only ${crs.length} CRS audits drawn for September`);
  await db.transaction(async (tx) => {
    for (const a of crs) await updateAllocation(tx, a.id, { type: 'return' }, a.auditorId);
  });
  return crs;
}

const leadCtx = (people: readonly Person[]) => {
  const actor = people.find((p) => p.id === 'sl-crs');
  if (actor === undefined) throw new Error('no CRS service lead');
  return { deps: { db, profile: southampton(), clock: { now: () => new Date() }, logger: pino({ level: 'silent' }) }, actor };
};

const REASON = 'The plan has drifted and the grade does not say so.';

test('a month of oversight: list on the 28th, agree and dispute, reminder before the 6th, escalation after, each once', async () => {
  const { people } = await seedCouncil(db, fake);
  const sim = simulation();
  let audits: AllocationDetail[] = [];
  await runDays(sim, '2026-09-01', '2026-10-09', async (day) => {
    if (day === '2026-09-25') audits = await returnThreeCrsAudits();
    if (day === '2026-09-29') {
      const [agreed, disputed] = audits;
      if (agreed === undefined || disputed === undefined) throw new Error('nothing returned');
      await oversightRecord(leadCtx(people), { allocationId: agreed.id, decision: 'agree', reason: undefined });
      await oversightRecord(leadCtx(people), { allocationId: disputed.id, decision: 'dispute', reason: REASON });
    }
  });
  const [agreed, disputed, left] = audits;
  if (agreed === undefined || disputed === undefined || left === undefined) throw new Error('nothing returned');

  expect(fake.duplicates()).toEqual([]);
  expect(oversightKeys(sim)).toEqual({
    'oversight:2026-09:sl-crs': '2026-09-28',
    // Disputed on the evening of the 29th, after that day's ticks: the next morning's drain delivers it.
    [`oversight-dispute:${disputed.id}:qa1`]: '2026-09-30',
    'oversight-reminder:2026-09:sl-crs': '2026-10-02',
    'oversight-escalation:2026-09:sl-crs:hos1': '2026-10-07',
  });
  expect((await getAllocation(db, agreed.id))?.status).toBe('overseen');
  expect((await getAllocation(db, disputed.id))?.status).toBe('returned');
  expect(await getOversight(db, disputed.id)).toMatchObject({ decision: 'dispute', reason: REASON });

  // What each was: the oversight list kind, the dispute with its reason, the chase counting the one left.
  const rows = new Map((await listOutbox(db)).map((r) => [r.key, r]));
  expect(rows.get('oversight:2026-09:sl-crs')).toMatchObject({ kind: 'oversight-list', recipientId: 'sl-crs', payload: { month: '2026-09', serviceArea: 'CRS' } });
  expect(rows.get(`oversight-dispute:${disputed.id}:qa1`)?.payload).toMatchObject({ caseRef: disputed.caseRef, serviceLeadId: 'sl-crs', reason: REASON });
  expect(rows.get('oversight-reminder:2026-09:sl-crs')).toMatchObject({ recipientId: 'sl-crs', payload: { stage: 'reminder', dueDate: '2026-10-06', outstanding: 1 } });
  expect(rows.get('oversight-escalation:2026-09:sl-crs:hos1')).toMatchObject({ recipientId: 'hos1', payload: { stage: 'escalation', outstanding: 1 } });

  // The cards as delivered: the list named the audits, the dispute carried the reason to QA.
  const activity = (key: string) => JSON.stringify(fake.delivered().find((d) => d.messageKey === key)?.activity ?? null);
  for (const a of audits) expect(activity('oversight:2026-09:sl-crs')).toContain(a.caseRef);
  expect(activity(`oversight-dispute:${disputed.id}:qa1`)).toContain(REASON);
  expect(activity('oversight-escalation:2026-09:sl-crs:hos1')).toContain('has not recorded oversight of 1 returned audit');
  for (const key of Object.keys(oversightKeys(sim))) {
    const sent = fake.delivered().find((d) => d.messageKey === key)?.activity as { attachments?: { content: unknown }[] } | undefined;
    expect(validateCard(sent?.attachments?.[0]?.content)).toEqual([]);
  }
}, 180_000);

test('with nothing outstanding there is no chase; a service lead with no manager on record is escalated to QA', async () => {
  const { people } = await seedCouncil(db, fake, { mutate: (ps) => ps.map((p) => (p.id === 'sl-crs' ? { ...p, managerId: null } : p)) });
  const sim = simulation();
  await runDays(sim, '2026-09-25', '2026-09-25');
  const audits = await returnThreeCrsAudits();
  await runDays(sim, '2026-09-28', '2026-10-05');
  // All but one agreed after the reminder: the escalation still goes, to QA, about the one.
  for (const a of audits.slice(1)) await oversightRecord(leadCtx(people), { allocationId: a.id, decision: 'agree', reason: undefined });
  await runDays(sim, '2026-10-06', '2026-10-08');
  expect(oversightKeys(sim)).toEqual({
    'oversight:2026-09:sl-crs': '2026-09-28',
    'oversight-reminder:2026-09:sl-crs': '2026-10-02',
    'oversight-escalation:2026-09:sl-crs:qa1': '2026-10-07',
  });
  // Once the last is agreed, nothing more: October's own oversight has not come due.
  await oversightRecord(leadCtx(people), { allocationId: audits[0]?.id ?? 0, decision: 'agree', reason: undefined });
  await runDays(sim, '2026-10-09', '2026-10-12');
  expect(Object.keys(oversightKeys(sim))).toHaveLength(3);
  expect(fake.duplicates()).toEqual([]);
}, 180_000);

test('a profile without service-lead oversight sends no oversight messages at all', async () => {
  await seedCouncil(db, fake);
  const sim = simulation({ ...southampton(), oversight: null });
  await runDays(sim, '2026-09-25', '2026-09-25');
  await returnThreeCrsAudits();
  await runDays(sim, '2026-09-28', '2026-10-08');
  expect(oversightKeys(sim)).toEqual({});
  expect((await listOutbox(db)).filter((r) => r.kind.startsWith('oversight'))).toEqual([]);
}, 180_000);
