import type { AuditResponse } from '../../audit/audit-response';
import type { Grade } from '../../audit/grades';
import { askedKindQuestions, kindFormFor } from '../../audit/kind-forms';
import { ProgrammeProfileSchema } from '../../audit/programme-profile';
import type { IsoDate } from '../../audit/working-days';
import { importAllocations } from '../../imports/import-allocations';
import { recordResponse } from '../../programme/record-response';
import { reportForPeriod } from '../../report/report-for-period';
import { renderMarkdown } from '../../report/render-markdown';
import { headlinesView } from '../../report/headlines-view';
import { buildHeadlinesCard } from '../../cards/headlines-card';
import { activityCompliance, openActivitiesFor } from '../../store/activities-repo';
import { listAllocationDetails, type AllocationDetail } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { inadequateUpdates } from '../../store/inadequate-paths-repo';
import { listOutbox, type OutboxRow } from '../../store/outbox-repo';
import { getPartBRecord } from '../../store/part-b-repo';
import { setAadObjectId } from '../../store/people-repo';
import { BotDriver, botDeps, cardText } from '../bot/bot-harness';
import { seedCouncil, southampton } from '../delivery/outbox-harness';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { validateCard } from '../support/card-checks';
import { person, tempDir, writeFile } from '../support/fixtures';
import { runDays, simulateDays, useStoreAndTeams } from '../support/simulated-days';

/*
 * September 2026 on the Southampton profile (003, 004 §7), run day by day on both stores, closing the quality loop:
 * QA moderates an Inadequate grade first and only then are the worker, team manager and AD told; the team manager
 * records the 3-day update and the 1-week follow-up on cards; each Part B comes with the audit's improvements as
 * suggested actions, one completed by its team manager and one, left overdue, by the Assistant Director; the dip
 * sample is drawn on Mon 12 Oct (the 10th is a Saturday) and moderated on cards, where a Good grade lowered to
 * Inadequate starts the urgent path; and a practitioner's reflection sheet is returned with no case reference and no
 * urgent path. Every audit is returned on Fri 25 Sep. ad1 is the only Assistant Director; qa1 (who also audits) and
 * qa2 are QA.
 */

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
beforeEach(() => ({ db, fake } = env));

const profile = ProgrammeProfileSchema.parse({ ...southampton(), auditKinds: [...southampton().auditKinds, 'case-reflection'] });
const oid = (id: string): string => `oid-${id}`;
const QA2 = person('qa2', 'QA Unit', 'QA', ['qa'], 'ad1');
const IMPROVEMENTS = 'Update the plan with the family.\nRecord the supervision decisions on file.';
const RATIONALE = 'Visits are on time but the plan has not moved since the core group; the grade rests on that.';
const dir = tempDir();

test('a month closes the quality loop: Inadequate moderated then told, updates on cards, Part B to the AD, the dip sample, a reflection sheet', async () => {
  const { people, cases } = await seedCouncil(db, fake, { mutate: (ps) => [...ps, QA2] });
  await db.transaction(async (tx) => {
    for (const p of people) await setAadObjectId(tx, p.id, oid(p.id), 'test');
  });
  const caseOf = (a: AllocationDetail) => cases.find((c) => c.caseRef === a.caseRef) ?? (() => { throw new Error(`no case ${a.caseRef}`); })();
  const bot = new BotDriver(botDeps(db, { profile }));
  const press = async (personId: string, verb: string, data: Record<string, unknown>): Promise<string> => cardText(await bot.invoke(oid(personId), verb, data));
  const sim = simulateDays(db, fake, { goLive: '2026-09-01', profile });
  const cardOf = (key: string) => (fake.delivered().find((d) => d.messageKey === key)?.activity as { attachments?: { content: unknown }[] } | undefined)?.attachments?.[0]?.content;
  const rowsOf = (kind: string): Promise<OutboxRow[]> => listOutbox(db, { kind });

  let sep: AllocationDetail[] = [];
  const grades = new Map<number, Grade>();
  let inadequate: AllocationDetail | undefined;
  let completedByTm: AllocationDetail | undefined;
  let leftForAd: AllocationDetail | undefined;
  let downgraded: AllocationDetail | undefined;
  const log: Record<string, string> = {};

  await runDays(sim, '2026-09-01', '2026-10-27', async (day: IsoDate) => {
    if (day === '2026-09-03') {
      sep = (await listAllocationDetails(db, { month: '2026-09' })).filter((a) => a.kind === 'audit');
      // sw-1-1 keeps a reflection sheet this month: the practitioner's own, no case reference.
      await importAllocations(db, writeFile(dir, 'reflection.csv', 'month,case_ref,auditor_id,kind,due_date,subject_person_id\n2026-09,,sw-1-1,case-reflection,2026-09-28,\n'), profile, 'qa1');
    }
    if (day === '2026-09-22') {
      const [sheet] = await openActivitiesFor(db, 'sw-1-1');
      const answers: Record<string, unknown> = { activityId: sheet?.id };
      for (const q of askedKindQuestions(kindFormFor(profile.kindForms, 'case-reflection'))) {
        answers[q.id] = q.answers ? q.answers[1] : 'The family meeting changed the plan: I recorded it the same day.';
      }
      log['reflection'] = await press('sw-1-1', 'activity.submit', answers);
    }
    if (day === '2026-09-25') {
      // One Inadequate (not qa1's own audit) and one Requires Improvement; the rest Good.
      inadequate = sep.find((a) => a.auditorId !== 'qa1');
      const ri = sep.find((a) => a !== inadequate && a.auditorId !== 'qa1');
      await db.transaction(async (tx) => {
        for (const a of sep) {
          const grade: Grade = a === inadequate ? 'Inadequate' : a === ri ? 'Requires Improvement' : 'Good';
          grades.set(a.id, grade);
          const response: AuditResponse = {
            grade, rationale: `${RATIONALE} (${a.caseRef})`, discussionHeld: true, contact: 'yes', contactViews: 'Said they want the visits to carry on.',
            goodPractice: 'A clear chronology.', improvement: IMPROVEMENTS, safeguardingConcern: false,
          };
          await recordResponse(tx, profile, { allocationId: a.id, response, source: 'card', sourceRef: null, submittedBy: a.auditorId, returnedOn: '2026-09-25' });
        }
      });
      const good = sep.filter((a) => grades.get(a.id) === 'Good');
      completedByTm = good[0];
      leftForAd = good[1];
    }
    if (day === '2026-09-28' && inadequate !== undefined) {
      // Before moderation nobody was told; QA agrees the grade on the card it was sent.
      log['urgentBeforeModeration'] = String((await rowsOf('inadequate-alert')).length);
      log['moderateInadequate'] = await press('qa2', 'moderation.submit', { allocationId: inadequate.id, moderatedGrade: 'Inadequate', note: 'Agreed: the plan has drifted and visits are overdue.' });
    }
    if (day === '2026-09-30' && completedByTm !== undefined) {
      // The team manager completes Part B from the card, keeping the suggested actions it came with.
      const tm = caseOf(completedByTm).teamManagerId;
      const suggested = JSON.stringify(cardOf(`partb-request:${completedByTm.id}`));
      log['partBCard'] = suggested;
      log['partB'] = await press(tm ?? 'none', 'partb.complete', {
        allocationId: completedByTm.id, reflection: 'Discussed in supervision with the worker on 29 September; the plan is updated.',
        suggestedActions: IMPROVEMENTS,
      });
    }
    if (day === '2026-10-01' && inadequate !== undefined) {
      log['update'] = await press(caseOf(inadequate).teamManagerId ?? 'none', 'inadequate.update', {
        allocationId: inadequate.id, stage: 'update', whatWasDone: 'Visited on 30 September; the plan was reviewed with the family.', safeguardingActionTaken: 'yes',
      });
    }
    if (day === '2026-10-05' && inadequate !== undefined) {
      log['followUp'] = await press(caseOf(inadequate).teamManagerId ?? 'none', 'inadequate.update', {
        allocationId: inadequate.id, stage: 'follow-up', whatWasDone: 'Core group held on 2 October; the child was seen alone and the plan now has dates.', safeguardingActionTaken: 'no',
      });
    }
    if (day === '2026-10-13') {
      // Each sampled audit is moderated on its card; the first Good one in the sample is lowered to Inadequate.
      const sampled = (await rowsOf('moderation-request')).filter((r) => r.payload['sample'] === true && r.payload['chase'] === undefined);
      for (const r of sampled) {
        const a = sep.find((x) => x.id === Number(r.payload['allocationId']));
        if (a === undefined || r.recipientId === null) throw new Error(`sample request ${r.key} names no audit`);
        const lower = downgraded === undefined && grades.get(a.id) === 'Good';
        if (lower) downgraded = a;
        log[`moderate:${a.id}`] = await press(r.recipientId, 'moderation.submit', {
          allocationId: a.id, moderatedGrade: lower ? 'Inadequate' : grades.get(a.id), note: lower ? 'No visit for ten weeks and no plan review: Inadequate.' : 'Agreed with the auditor.',
        });
      }
    }
    if (day === '2026-10-27' && leftForAd !== undefined) {
      log['partBByAd'] = await press('ad1', 'partb.complete', {
        allocationId: leftForAd.id, reflection: 'Completed by the AD after the team manager left: the actions are agreed with the worker.', suggestedActions: IMPROVEMENTS,
      });
    }
    // What a button queued goes out at once, as the running worker sends it: delivered the day it was pressed.
    await sim.worker.drain();
    for (const m of fake.delivered()) if (m.messageKey !== null && !sim.deliveredOn.has(m.messageKey)) sim.deliveredOn.set(m.messageKey, day);
  });
  if (inadequate === undefined || completedByTm === undefined || leftForAd === undefined) throw new Error('the month needs an Inadequate and two Good audits');
  const delivered = (prefix: string) => Object.fromEntries([...sim.deliveredOn].filter(([k]) => k.startsWith(prefix)).sort());
  expect(fake.duplicates()).toEqual([]);

  // The Inadequate grade waited for QA, then the worker, team manager and AD were told that day, in writing.
  const c = caseOf(inadequate);
  expect(log['urgentBeforeModeration']).toBe('0');
  expect(log['moderateInadequate']).toContain('Moderation recorded');
  const urgent = delivered(`urgent:${inadequate.id}:`);
  for (const personId of [c.allocatedWorkerId, c.teamManagerId, 'ad1']) expect(urgent[`urgent:${inadequate.id}:${personId}`]).toBe('2026-09-28');
  expect((await rowsOf('inadequate-email')).map((r) => r.key)).toEqual(expect.arrayContaining([`urgent-email:${inadequate.id}:${c.teamManagerId}`]));

  // The 3-day update and the 1-week follow-up recorded on cards, so neither was chased.
  expect(log['update']).toContain('Inadequate 3-day update recorded');
  expect(log['followUp']).toContain('Inadequate 1-week follow-up recorded');
  expect((await inadequateUpdates(db, inadequate.id)).map((u) => [u.stage, u.safeguardingActionTaken])).toEqual([['update', true], ['follow-up', false]]);
  expect(Object.keys(delivered('inadequate-update')).filter((k) => k.includes('-chase') || k.includes('-escalation'))).toEqual([]);

  // Part B: the card came with the audit's improvements as suggested actions; one completed by the team manager,
  // one chased to the AD the working day after it was due (Fri 23 Oct → Mon 26 Oct) and completed by them.
  expect(log['partBCard']).toContain('Update the plan with the family.');
  expect(log['partBCard']).toContain('"id":"suggestedActions"');
  expect(validateCard(cardOf(`partb-request:${completedByTm.id}`))).toEqual([]);
  expect(log['partB']).toContain('Part B recorded');
  expect(await getPartBRecord(db, completedByTm.id)).toMatchObject({ completedBy: caseOf(completedByTm).teamManagerId, suggestedActions: IMPROVEMENTS });
  expect(delivered(`partb-chase:${leftForAd.id}`)).toEqual({ [`partb-chase:${leftForAd.id}`]: '2026-10-26' });
  expect((await rowsOf('part-b-request')).find((r) => r.key === `partb-chase:${leftForAd?.id}`)).toMatchObject({ recipientId: 'ad1' });
  expect(log['partBByAd']).toContain('Part B recorded');
  expect(await getPartBRecord(db, leftForAd.id)).toMatchObject({ completedBy: 'ad1' });
  expect(delivered(`partb-chase:${completedByTm.id}`)).toEqual({});

  // The dip sample: at least a quarter of the returned audits, the focus grades over-represented, every one
  // moderated on a card, so none chased.
  const sampled = (await rowsOf('moderation-request')).filter((r) => r.payload['sample'] === true && r.payload['chase'] === undefined);
  const atReturn = (await rowsOf('moderation-request')).filter((r) => r.payload['sample'] === undefined);
  const inSample = new Set([...sampled, ...atReturn].map((r) => Number(r.payload['allocationId'])));
  expect(inSample.size).toBeGreaterThanOrEqual(Math.ceil(sep.length * 0.25));
  const focusShare = (ids: Iterable<number>) => { const list = [...ids]; return list.filter((id) => grades.get(id) !== 'Good').length / list.length; };
  expect(focusShare(inSample)).toBeGreaterThan(focusShare(sep.map((a) => a.id)));
  for (const r of sampled) expect(log[`moderate:${r.payload['allocationId']}`]).toContain('Moderation recorded');
  expect(Object.keys(delivered('moderation-chase'))).toEqual([]);

  // A Good grade lowered to Inadequate at moderation told the worker, team manager and AD the same day.
  if (downgraded === undefined) throw new Error(`the sample held no Good audit to lower: ${[...inSample].map((id) => grades.get(id)).join(', ')} of ${sep.length}`);
  const d = caseOf(downgraded);
  const toldOfDowngrade = delivered(`urgent:${downgraded.id}:`);
  for (const personId of [d.allocatedWorkerId, d.teamManagerId, 'ad1']) expect(toldOfDowngrade[`urgent:${downgraded.id}:${personId}`]).toBe('2026-10-13');

  // The reflection sheet: returned with no case reference, no response, no urgent path, in its own compliance.
  expect(log['reflection']).toContain('Case reflection recorded');
  expect(log['reflection']).not.toMatch(/CD49\d{4}/);
  expect(await activityCompliance(db, ['2026-09'])).toEqual([{ month: '2026-09', kind: 'case-reflection', allocated: 1, returned: 1 }]);
  expect((await rowsOf('inadequate-alert')).every((r) => r.payload['allocationId'] === inadequate?.id || r.payload['allocationId'] === downgraded?.id)).toBe(true);

  // The month's report: moderation from → to, open Inadequate cases, Part B compliance and each kind apart.
  const report = await reportForPeriod(db, profile, '2026-09');
  expect(report.kindCompliance).toEqual(expect.arrayContaining([{ kind: 'case-reflection', allocated: 1, returned: 1, rate: 1 }]));
  expect(JSON.stringify(report)).toContain(downgraded.caseRef);
  const md = renderMarkdown(report);
  expect(md).toContain('Compliance by kind');
  expect(md).toContain(inadequate.caseRef);
  // The headlines card says the same in a line each.
  const headlines = cardText(buildHeadlinesCard(headlinesView(report)));
  expect(headlines).toContain(`Moderation changed 1 of ${report.moderation.moderated} judgements moderated`);
  expect(headlines).toContain('Good → Inadequate');
  expect(headlines).toMatch(/Open Inadequate cases: 2 \(/);
  expect(headlines).toContain(`Part B completed on time: ${report.partBCompliance.completedOnTime} of ${report.partBCompliance.raised}`);
  expect(headlines).toContain('Case reflection sheets: 1 of 1 returned, 100%');
}, 300_000);
