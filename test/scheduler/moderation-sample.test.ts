import type { AuditResponse } from '../../audit/audit-response';
import { conflictOfInterest } from '../../audit/conflict-of-interest';
import type { Grade } from '../../audit/grades';
import type { Person } from '../../audit/people';
import { recordResponse } from '../../programme/record-response';
import { listAllocationDetails, type AllocationDetail } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { listOutbox } from '../../store/outbox-repo';
import { setAadObjectId } from '../../store/people-repo';
import { BotDriver, botDeps, cardText } from '../bot/bot-harness';
import { seedCouncil, southampton } from '../delivery/outbox-harness';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { validateCard } from '../support/card-checks';
import { person } from '../support/fixtures';
import { runDays, simulateDays, useStoreAndTeams, type SimulatedDays } from '../support/simulated-days';

// Southampton, September 2026: every audit returned on Fri 25 Sep; September is sampled on Mon 12 Oct (the 10th is
// a Saturday), to be moderated by Mon 19 Oct; one still unmoderated is chased on Tue 20 Oct. QA is qa1 (who also
// audits) and qa2; Inadequate and Requires Improvement are the focus grades.

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
beforeEach(() => ({ db, fake } = env));

/** Two scheduler instances on one store, ticking at the same moment. */
const simulation = (): SimulatedDays => simulateDays(db, fake, { goLive: '2026-09-01', instances: 2 });

const RATIONALE = 'Visits are on time but the plan has not moved since the core group; the grade rests on that.';

/** One grade in eight Inadequate (never qa1's own, so the requests at return go to a QA officer who did not audit it), one in four RI. */
function gradeFor(a: AllocationDetail, i: number): Grade {
  if (i % 8 === 0 && a.auditorId !== 'qa1') return 'Inadequate';
  return i % 4 === 1 ? 'Requires Improvement' : 'Good';
}

async function returnSeptember(): Promise<Map<number, Grade>> {
  const sep = (await listAllocationDetails(db, { month: '2026-09' })).filter((a) => a.kind === 'audit');
  const grades = new Map<number, Grade>();
  await db.transaction(async (tx) => {
    for (const [i, a] of sep.entries()) {
      const grade = gradeFor(a, i);
      grades.set(a.id, grade);
      const response: AuditResponse = {
        grade, rationale: `${RATIONALE} (${a.caseRef})`, discussionHeld: true, contact: 'yes', contactViews: 'Said they want the visits to carry on.',
        goodPractice: 'A clear chronology.', improvement: 'Update the plan.', safeguardingConcern: false,
      };
      await recordResponse(tx, southampton(), { allocationId: a.id, response, source: 'card', sourceRef: null, submittedBy: a.auditorId, returnedOn: '2026-09-25' });
    }
  });
  return grades;
}

const moderationKeys = (sim: SimulatedDays) => Object.fromEntries([...sim.deliveredOn].filter(([k]) => k.startsWith('moderation')).sort());
const QA2 = person('qa2', 'QA Unit', 'QA', ['qa'], 'ad1');

test('QA moderates a dip sample of at least 25%, weighted to the focus grades, on cards; the one left is chased once', async () => {
  const { people: seeded, cases } = await seedCouncil(db, fake, { mutate: (ps) => [...ps, QA2] });
  await db.transaction(async (tx) => {
    for (const [id, aad] of [['qa1', 'aad-qa1'], ['qa2', 'aad-qa2'], ['tm-0-1', 'aad-tm']] as const) await setAadObjectId(tx, id, aad, 'test');
  });
  const people = new Map<string, Person>(seeded.map((p) => [p.id, p]));
  const bot = new BotDriver(botDeps(db, { profile: southampton() }));
  const sim = simulation();
  let grades = new Map<number, Grade>();
  let left: number | null = null;
  const refusals: string[] = [];
  await runDays(sim, '2026-09-01', '2026-10-21', async (day) => {
    if (day === '2026-09-25') grades = await returnSeptember();
    if (day === '2026-10-13') {
      // Each moderator moderates what they were sent, all but one; a team manager cannot moderate.
      const requests = (await listOutbox(db, { kind: 'moderation-request' })).filter((r) => r.payload['sample'] === true);
      left = Number(requests.at(-1)?.payload['allocationId']);
      refusals.push(cardText(await bot.invoke('aad-tm', 'moderation.submit', { allocationId: left, moderatedGrade: 'Good', note: 'I think this is fine really.' })));
      for (const r of requests.slice(0, -1)) {
        const aad = r.recipientId === 'qa1' ? 'aad-qa1' : 'aad-qa2';
        const done = await bot.invoke(aad, 'moderation.submit', { allocationId: r.payload['allocationId'], moderatedGrade: 'Requires Improvement', note: 'The plan has drifted: agreed with the auditor.' });
        expect(cardText(done)).toContain('Moderation recorded');
      }
    }
  });
  const sep = (await listAllocationDetails(db, { month: '2026-09' })).filter((a) => a.kind === 'audit');
  const byId = new Map(sep.map((a) => [a.id, a]));
  const rows = await listOutbox(db, { kind: 'moderation-request' });
  const atReturn = rows.filter((r) => r.payload['sample'] === undefined);
  const sampled = rows.filter((r) => r.payload['sample'] === true && r.payload['chase'] === undefined);
  const inSample = new Set([...atReturn, ...sampled].map((r) => Number(r.payload['allocationId'])));

  // At least a quarter of the returned audits, every focus-grade audit among them.
  expect(sep.length).toBeGreaterThanOrEqual(8);
  expect(inSample.size).toBeGreaterThanOrEqual(Math.ceil(sep.length * 0.25));
  const focus = sep.filter((a) => grades.get(a.id) === 'Inadequate' || grades.get(a.id) === 'Requires Improvement');
  expect(focus.length).toBeGreaterThan(0);
  for (const a of focus) expect(inSample).toContain(a.id);
  expect(focus.length / sep.length).toBeLessThan(1);
  // The Inadequate ones were asked for at return (to both QA officers) and not again in the sample.
  const inadequate = sep.filter((a) => grades.get(a.id) === 'Inadequate').map((a) => a.id);
  expect(inadequate.length).toBeGreaterThan(0);
  expect([...new Set(atReturn.map((r) => Number(r.payload['allocationId'])))].sort()).toEqual([...inadequate].sort());
  for (const id of inadequate) expect(sampled.map((r) => Number(r.payload['allocationId']))).not.toContain(id);

  // One request per sampled audit, to a QA officer who neither audited it nor has a conflict in the case.
  expect(new Set(sampled.map((r) => r.payload['allocationId'])).size).toBe(sampled.length);
  for (const r of sampled) {
    const a = byId.get(Number(r.payload['allocationId']));
    const moderator = people.get(r.recipientId ?? '');
    const theCase = cases.find((c) => c.caseRef === a?.caseRef);
    if (a === undefined || moderator === undefined || theCase === undefined) throw new Error(`request ${r.key} names no audit or moderator`);
    expect(moderator.roles).toContain('qa');
    expect(moderator.id).not.toBe(a.auditorId);
    expect(conflictOfInterest(moderator, theCase)).toBeNull();
  }
  expect(new Set(sampled.map((r) => r.recipientId)).size).toBe(2);

  // Delivered exactly once each, on the right day; the unmoderated one chased once, on the 20th, to its moderator.
  const leftRow = sampled.find((r) => Number(r.payload['allocationId']) === left);
  expect(leftRow).toBeDefined();
  expect(fake.duplicates()).toEqual([]);
  expect(moderationKeys(sim)).toEqual(Object.fromEntries([
    ...atReturn.map((r) => [r.key, '2026-09-26'] as const),
    ...sampled.map((r) => [r.key, '2026-10-12'] as const),
    [`moderation-chase:${left}:${leftRow?.recipientId}`, '2026-10-20'] as const,
  ].sort()));

  // The card carries the audit's answers and is a valid card; the chase says it is overdue.
  const cardOf = (key: string) => (fake.delivered().find((d) => d.messageKey === key)?.activity as { attachments?: { content: unknown }[] } | undefined)?.attachments?.[0]?.content;
  for (const r of sampled) {
    const a = byId.get(Number(r.payload['allocationId']));
    expect(validateCard(cardOf(r.key))).toEqual([]);
    expect(cardText(cardOf(r.key))).toContain(`${RATIONALE} (${a?.caseRef})`);
    expect(cardText(cardOf(r.key))).toContain('moderate by Mon 19 Oct 2026');
  }
  expect(cardText(cardOf(`moderation-chase:${left}:${leftRow?.recipientId}`))).toContain('Moderation overdue');

  // Moderation recorded for all but the one left; the team manager was refused.
  expect(refusals[0]).toContain('Only the QA team can do this.');
  const moderated = await db.query<{ allocationId: number; moderatorId: string }>('SELECT allocation_id AS "allocationId", moderator_id AS "moderatorId" FROM moderations ORDER BY 1');
  expect(moderated.map((m) => m.allocationId)).toEqual(sampled.map((r) => Number(r.payload['allocationId'])).filter((id) => id !== left).sort((a, b) => a - b));

  // The sample was drawn once, with its seed on the trail; running again changes nothing.
  const trail = await db.query<{ detail: { seed: number; target: number } }>(`SELECT detail FROM audit_log WHERE action = 'moderation.sample' AND entity_id = '2026-09'`);
  expect(trail).toHaveLength(1);
  expect(trail[0]?.detail.target).toBe(Math.ceil(sep.length * 0.25));
  const before = (await listOutbox(db)).length;
  await runDays(sim, '2026-10-21', '2026-10-23');
  expect((await listOutbox(db)).length).toBe(before);
}, 240_000);

test('a sampled audit with no QA officer free to moderate it is put to QA by hand, once, and no one moderates their own', async () => {
  // qa1 is the only QA officer and audits too: a sampled audit of qa1's own has no moderator.
  await seedCouncil(db, fake);
  const sim = simulation();
  const profile = { ...southampton(), moderation: { ...southampton().moderation, sampleRate: 1 } };
  sim.instances = sim.instances.map((o) => ({ ...o, profile }));
  await runDays(sim, '2026-09-01', '2026-10-13', async (day) => {
    if (day === '2026-09-25') await returnSeptember();
  });
  const sep = (await listAllocationDetails(db, { month: '2026-09' })).filter((a) => a.kind === 'audit');
  const own = sep.filter((a) => a.auditorId === 'qa1').map((a) => a.id);
  expect(own.length).toBeGreaterThan(0);
  const requests = (await listOutbox(db, { kind: 'moderation-request' })).filter((r) => r.payload['sample'] === true);
  const qaRows = (await listOutbox(db, { kind: 'qa-notice' })).filter((r) => r.key.startsWith('moderation-unassigned:'));
  const notices = qaRows.filter((r) => r.channel === 'qa-notice');
  expect(notices.map((r) => r.key).sort()).toEqual(own.map((id) => `moderation-unassigned:${id}`).sort());
  // Passed on to the QA officer's own chat, and delivered there once.
  expect(qaRows.filter((r) => r.channel === 'teams').map((r) => [r.key, r.status]).sort()).toEqual(own.map((id) => [`moderation-unassigned:${id}:to:qa1`, 'sent']).sort());
  expect(notices[0]?.payload['reason']).toContain('moderate it by hand');
  for (const r of requests) expect(own).not.toContain(Number(r.payload['allocationId']));
  // With the rate at 100% every other unmoderated audit is asked for once.
  expect(requests.length + notices.length + sep.filter((a) => gradeFor(a, sep.indexOf(a)) === 'Inadequate').length).toBe(sep.length);
  expect(fake.duplicates()).toEqual([]);
}, 240_000);

test("on 003's panel the heads of service moderate beside QA: the QA officer's own audits go to the panel, not to QA by hand", async () => {
  // qa1 is the only QA officer and audits too; hos1 is a head of service, so on a panel qa1's audits have a moderator.
  await seedCouncil(db, fake);
  const sim = simulation();
  const profile = { ...southampton(), moderation: { ...southampton().moderation, sampleRate: 1, moderators: 'panel' as const } };
  sim.instances = sim.instances.map((o) => ({ ...o, profile }));
  await runDays(sim, '2026-09-01', '2026-10-13', async (day) => {
    if (day === '2026-09-25') await returnSeptember();
  });
  const sep = (await listAllocationDetails(db, { month: '2026-09' })).filter((a) => a.kind === 'audit');
  const own = sep.filter((a) => a.auditorId === 'qa1').map((a) => a.id);
  expect(own.length).toBeGreaterThan(0);
  const requests = (await listOutbox(db, { kind: 'moderation-request' })).filter((r) => r.payload['sample'] === true);
  expect((await listOutbox(db, { kind: 'qa-notice' })).filter((r) => r.key.startsWith('moderation-unassigned:'))).toEqual([]);
  for (const id of own) expect(requests.filter((r) => Number(r.payload['allocationId']) === id).map((r) => r.recipientId)).toEqual(['hos1']);
  expect(new Set(requests.map((r) => r.recipientId))).toEqual(new Set(['qa1', 'hos1']));
  for (const r of requests) expect(r.recipientId).not.toBe(sep.find((a) => a.id === Number(r.payload['allocationId']))?.auditorId);
}, 240_000);
