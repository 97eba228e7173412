import { ProgrammeProfileSchema } from '../../audit/programme-profile';
import { addCalendarDays, compareIsoDates, type IsoDate } from '../../audit/working-days';
import { GraphLeaveLookup } from '../../graph/leave-lookup';
import type { OutboxWorker } from '../../delivery/outbox-worker';
import { reportForPeriod } from '../../report/report-for-period';
import { renderMarkdown } from '../../report/render-markdown';
import { FakeClock } from '../../scheduler/clock';
import { runDueSteps } from '../../scheduler/run-due-steps';
import { getAllocationDetail, listAllocationDetails, type AllocationDetail } from '../../store/allocations-repo';
import { listCases } from '../../store/cases-repo';
import type { Db } from '../../store/db';
import { listOutbox, type OutboxRow } from '../../store/outbox-repo';
import { setAadObjectId } from '../../store/people-repo';
import { BotDriver, botDeps, cardText } from '../bot/bot-harness';
import { fastSender, seedCouncil, southampton, workerFor } from '../delivery/outbox-harness';
import type { FakeUser } from '../fakes/graph-fake-data';
import { startTeamsConnector, type FakeTeamsConnector } from '../fakes/teams-connector';
import { startGraphHarness, type GraphHarness } from '../graph/graph-harness';
import { instantAt } from '../support/london-instant';
import { openTestStore, type TestStore } from '../support/test-store';

/*
 * September 2026 on the Southampton profile (003), with exemptions agreed by the line manager and the PSW (004 §2.18):
 * allocation on Thu 3 Sep, due Mon 28 Sep, reminders 5, 1 and 0 working days before (21, 25, 28 Sep), the line
 * manager told the working day after (Tue 29 Sep), oversight from the 28th to the 6th, disagreements mediated after
 * ten working days (004 §2.12–2.13). Every team manager audits and reports to hos1, who reports to the AD ad1; qa1 is
 * QA. Leave is read from automatic replies on the Graph fake over HTTP; messages go to the Teams connector fake.
 * The bot process is restarted on the evening of Fri 25 Sep: the store is opened again, with a new worker and bot.
 */

const profile = ProgrammeProfileSchema.parse({ ...southampton(), exemptions: { pswAgreement: true, reallocationWorkingDays: 10 } });
const oid = (personId: string): string => `oid-${personId}`;
const at = (dateTime: string) => ({ dateTime, timeZone: 'GMT Standard Time' });
const REASON = 'Covering two teams this month while recruitment is under way.';

let store: TestStore;
let fake: FakeTeamsConnector;
let graph: GraphHarness;

afterAll(async () => {
  await fake.close();
  await graph.fake.close();
  await store.cleanup();
});

/** One running bot process: its store, outbox worker and bot, all on the simulated clock. */
interface Process {
  db: Db;
  worker: OutboxWorker;
  bot: BotDriver;
}

test('a month closes every loop: extension, exemption, leave, oversight, disagreement and completion, each message once across a restart', async () => {
  store = await openTestStore({ persistent: true });
  fake = await startTeamsConnector({ token: 'fake-bot-token' });
  const clock = new FakeClock(instantAt('2026-09-01', '00:01'));
  const start = (db: Db): Process => ({
    db,
    worker: workerFor(db, `worker-${Math.random().toString(36).slice(2, 6)}`, fastSender(), { now: () => clock.now(), profile }),
    bot: new BotDriver(botDeps(db, { profile, clock })),
  });
  let proc = start(store.db);

  const { people } = await seedCouncil(proc.db, fake);
  await proc.db.transaction(async (tx) => {
    for (const p of people) await setAadObjectId(tx, p.id, oid(p.id), 'test');
  });
  const users: FakeUser[] = people.map((p) => ({
    id: oid(p.id), displayName: p.name, mail: p.email, userPrincipalName: p.email, managerId: p.managerId === null ? null : oid(p.managerId),
  }));
  graph = await startGraphHarness({ fake: { users }, client: { maxRetries: 0 } });
  const leave = new GraphLeaveLookup(graph.graph, { ttlMs: 60 * 60_000, now: () => clock.now().getTime() });

  const deliveredOn = new Map<string, IsoDate>();
  const runDays = async (from: IsoDate, to: IsoDate, eachDay?: (day: IsoDate) => Promise<void>): Promise<void> => {
    for (let day = from; compareIsoDates(day, to) <= 0; day = addCalendarDays(day, 1)) {
      for (const hhmm of ['07:00', '16:30']) {
        clock.set(instantAt(day, hhmm));
        await runDueSteps({ db: proc.db, profile, goLive: '2026-09-01', leave }, clock.now());
        await proc.worker.drain();
        for (const d of fake.delivered()) if (d.messageKey !== null && !deliveredOn.has(d.messageKey)) deliveredOn.set(d.messageKey, day);
      }
      if (eachDay !== undefined) {
        clock.set(instantAt(day, '12:00'));
        await eachDay(day);
      }
    }
  };
  /** The chasing delivered about one allocation (reminders, overdue, escalation, leave offer; id second), with days. */
  const about = (a: AllocationDetail): Record<string, IsoDate> =>
    Object.fromEntries([...deliveredOn].filter(([k]) => /^(reminder|overdue|escalation|leave-offer):/.test(k) && k.split(':')[1] === String(a.id)).sort());
  const press = async (personId: string, verb: string, data: Record<string, unknown>): Promise<string> =>
    cardText(await proc.bot.invoke(oid(personId), verb, data));
  const idIn = async (table: 'exemption_requests' | 'disagreements', allocationId: number): Promise<number> =>
    (await proc.db.query<{ id: number }>(`SELECT id FROM ${table} WHERE allocation_id = $1 ORDER BY id DESC LIMIT 1`, [allocationId]))[0]?.id ?? -1;
  const rowsOf = async (kind: string): Promise<OutboxRow[]> => listOutbox(proc.db, { kind });

  // Allocation day.
  await runDays('2026-09-01', '2026-09-03');
  const sep = await listAllocationDetails(proc.db, { month: '2026-09' });
  // Two CRS audits to return (the service lead of CRS oversees them); three other auditors' audits for the rest.
  const crs = sep.filter((a) => a.serviceArea === 'CRS').slice(0, 2);
  const [agreed, disputed] = crs;
  if (agreed === undefined || disputed === undefined) throw new Error('need two CRS audits in September');
  const busy = new Set(crs.map((a) => a.auditorId));
  const others = [...new Set(sep.map((a) => a.auditorId))].filter((id) => !busy.has(id) && id.startsWith('tm-'));
  const [extendedBy, exemptedBy, awayBy] = others;
  if (extendedBy === undefined || exemptedBy === undefined || awayBy === undefined) throw new Error('need three other auditors');
  const first = (auditorId: string): AllocationDetail => sep.find((a) => a.auditorId === auditorId) as AllocationDetail;
  const extended = first(extendedBy);
  const exempted = first(exemptedBy);
  const away = first(awayBy);
  const cases = new Map((await listCases(proc.db)).map((c) => [c.caseRef, c]));
  const workerOf = (a: AllocationDetail): string => cases.get(a.caseRef)?.allocatedWorkerId ?? 'none';
  const teamManagerOf = (a: AllocationDetail): string => cases.get(a.caseRef)?.teamManagerId ?? 'none';

  // The away auditor is on leave from Fri 18 Sep to Fri 9 Oct; hos1 from Tue 29 Sep to Fri 2 Oct.
  graph.fake.setAutoReplies(oid(awayBy), { status: 'scheduled', scheduledStartDateTime: at('2026-09-18T08:00:00'), scheduledEndDateTime: at('2026-10-09T17:00:00') });
  graph.fake.setAutoReplies(oid('hos1'), { status: 'scheduled', scheduledStartDateTime: at('2026-09-29T00:00:00'), scheduledEndDateTime: at('2026-10-02T17:00:00') });

  const form = {
    formVersion: 1, grade: 'Requires Improvement', rationale: 'Plans are clear and reviewed on time with the family.',
    discussionHeld: 'yes', contact: 'yes', contactViews: 'Said the worker listens.', goodPractice: 'Chronology up to date',
    improvement: 'Record supervision decisions', safeguardingConcern: 'false',
  };
  await runDays('2026-09-04', '2026-09-25', async (day) => {
    if (day === '2026-09-10') {
      // Before the due date, the auditor says they cannot do this one.
      expect(await press(exemptedBy, 'exemption.request', { allocationId: exempted.id, category: 'capacity', reason: REASON })).toContain('Exemption requested');
    }
    if (day === '2026-09-11') {
      expect(await press('hos1', 'exemption.decide', { requestId: await idIn('exemption_requests', exempted.id), decision: 'agree' })).not.toContain('NOT_PERMITTED');
    }
    if (day === '2026-09-14') {
      expect(await press('qa1', 'exemption.decide', { requestId: await idIn('exemption_requests', exempted.id), decision: 'agree' })).not.toContain('NOT_PERMITTED');
      expect(await getAllocationDetail(proc.db, exempted.id)).toMatchObject({ status: 'exempted' });
      await press('qa1', 'exemption.follow-up', { requestId: await idIn('exemption_requests', exempted.id), action: 'drop' });
    }
    if (day === '2026-09-15') {
      for (const a of crs) expect(await press(a.auditorId, 'grade.submit', { ...form, allocationId: a.id })).toContain('Audit recorded');
    }
    if (day === '2026-09-16') {
      // The allocated worker disagrees with the grade; the review is never held.
      await press(workerOf(disputed), 'disagreement.raise', { allocationId: disputed.id, reason: 'The plan was reviewed on time and the family views are recorded.' });
    }
  });

  // The bot restarts: the store is opened again, with a new outbox worker and a new bot.
  await proc.worker.stop(1_000);
  await proc.db.close();
  proc = start(await store.reopen());

  await runDays('2026-09-26', '2026-10-09', async (day) => {
    if (day === '2026-09-29') {
      // hos1 is away, so the escalation came to ad1, the next tier, who may act on it: they extend to Mon 5 Oct.
      expect(await press('ad1', 'escalation.extend', { allocationId: extended.id, newDueDate: '2026-10-05' })).toContain('Due date extended');
      expect(await press('sl-crs', 'oversight.record', { allocationId: agreed.id, decision: 'agree' })).not.toContain('NOT_PERMITTED');
      expect(await press('sl-crs', 'oversight.record', { allocationId: disputed.id, decision: 'dispute', reason: 'The grade does not reflect the drift in the plan.' })).not.toContain('NOT_PERMITTED');
    }
    if (day === '2026-10-01') {
      const id = await idIn('disagreements', disputed.id);
      expect(await press('ad1', 'disagreement.resolve', { disagreementId: id, outcome: 'grade-kept', note: 'Mediated with the worker and team manager: the grade stands.' })).not.toContain('NOT_PERMITTED');
    }
  });

  // Each message exactly once, across the restart, and nothing left unsent or failed.
  expect(fake.duplicates()).toEqual([]);
  const statuses = await proc.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM outbox GROUP BY status');
  expect(statuses).toEqual([{ status: 'sent', n: expect.any(Number) }]);

  // An extended audit is reminded and escalated on its new date; the first escalation skipped hos1, on leave.
  const e = extended.id;
  expect(about(extended)).toEqual({
    [`reminder:${e}:5`]: '2026-09-21', [`reminder:${e}:1`]: '2026-09-25', [`reminder:${e}:0`]: '2026-09-28',
    [`overdue:${e}`]: '2026-09-29', [`escalation:${e}:1`]: '2026-09-29',
    [`reminder:${e}:ext:2026-10-05:5`]: '2026-09-30', [`reminder:${e}:ext:2026-10-05:1`]: '2026-10-02', [`reminder:${e}:ext:2026-10-05:0`]: '2026-10-05',
    [`overdue:${e}:ext:2026-10-05`]: '2026-10-06', [`escalation:${e}:ext:2026-10-05:1`]: '2026-10-06',
  });
  const escalations = await rowsOf('escalation');
  expect(escalations.find((r) => r.key === `escalation:${e}:1`)).toMatchObject({ recipientId: 'ad1', payload: { insteadOf: 'hos1' } });
  // Back from leave on the new date's escalation day, hos1 hears of it again.
  expect(escalations.find((r) => r.key === `escalation:${e}:ext:2026-10-05:1`)).toMatchObject({ recipientId: 'hos1' });

  // The exemption asked before the due date, agreed by the line manager and the PSW: no more chasing.
  expect(about(exempted)).toEqual({});
  const exemptionMessages = [...(await rowsOf('exemption-request')), ...(await rowsOf('exemption-outcome')), ...(await rowsOf('exemption-follow-up'))];
  expect(exemptionMessages.map((r) => [r.kind, r.recipientId, r.payload['stage'] ?? r.payload['outcome'] ?? null]).sort()).toEqual([
    ['exemption-follow-up', 'qa1', null],
    ['exemption-outcome', exemptedBy, 'agreed'],
    ['exemption-outcome', exemptedBy, 'awaiting-psw'],
    ['exemption-request', 'hos1', 'line-manager'],
    ['exemption-request', 'qa1', 'psw'],
  ]);

  // The auditor on leave through the due date was not chased; their line manager was offered the choice once.
  expect(about(away)).toEqual({ [`leave-offer:${away.id}:hos1`]: '2026-09-21' });

  // Completion notices to the allocated worker and team manager of each returned audit.
  const notices = await rowsOf('completion-notice');
  for (const a of crs) {
    expect(notices.filter((r) => r.payload['allocationId'] === a.id).map((r) => r.recipientId).sort()).toEqual([teamManagerOf(a), workerOf(a)].sort());
  }

  // Oversight: the list on the 28th, one agreed (overseen), one disputed to QA with its reason.
  expect(deliveredOn.get('oversight:2026-09:sl-crs')).toBe('2026-09-28');
  expect(await getAllocationDetail(proc.db, agreed.id)).toMatchObject({ status: 'overseen' });
  expect((await rowsOf('oversight-dispute')).map((r) => [r.recipientId, r.payload['caseRef']])).toEqual([['qa1', disputed.caseRef]]);
  expect(await rowsOf('oversight-chase')).toEqual([]);

  // The disagreement: asked to review, not resolved in ten working days, mediated by the AD, the outcome to all three.
  const disagreement = await rowsOf('disagreement-request');
  expect(disagreement.filter((r) => r.payload['stage'] === 'review').map((r) => r.recipientId).sort()).toEqual(
    [disputed.auditorId, workerOf(disputed), teamManagerOf(disputed)].sort(),
  );
  const mediation = disagreement.filter((r) => r.payload['stage'] === 'mediation');
  expect(mediation.map((r) => [r.recipientId, deliveredOn.get(r.key)])).toEqual([['ad1', '2026-09-30']]);
  expect((await rowsOf('disagreement-outcome')).map((r) => r.recipientId).sort()).toEqual([disputed.auditorId, workerOf(disputed), teamManagerOf(disputed)].sort());

  await proc.worker.stop(1_000);
  // The report counts what the loops did.
  const report = await reportForPeriod(proc.db, profile, '2026-09');
  expect(report.returnLoop).toMatchObject({
    overseen: 1, disputed: 1, disagreements: { raised: 1, open: 0, resolvedAtReview: 0, mediated: 1, gradeChanged: 0 },
  });
  const markdown = renderMarkdown(report);
  expect(markdown).toContain('## Oversight and disagreements');
  for (const row of ['| Overseen by the service lead | 1 |', '| Disputed by the service lead | 1 |', '| Mediated | 1 |', '| Still open | 0 |']) expect(markdown).toContain(row);
}, 300_000);
