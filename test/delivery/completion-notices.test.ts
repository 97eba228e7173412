import { instantAt } from '../support/london-instant';
import type { AuditResponse, ResponseSource } from '../../audit/audit-response';
import { recordResponse } from '../../programme/record-response';
import { FakeClock } from '../../scheduler/clock';
import { runDueSteps } from '../../scheduler/run-due-steps';
import { listAllocationDetails } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { listOutbox } from '../../store/outbox-repo';
import { cardText } from '../bot/bot-harness';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { fastSender, seedCouncil, southampton, workerFor } from './outbox-harness';
import { useStoreAndTeams } from '../support/simulated-days';

// 003 Audit Process Flow Chart: the social worker and team manager are told of the audit completed.

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
beforeEach(() => ({ db, fake } = env));

const good: AuditResponse = {
  grade: 'Good', rationale: 'Plan reviewed on time.', discussionHeld: true, contact: 'yes', contactViews: 'Felt listened to.',
  goodPractice: 'Direct work recorded', improvement: 'Chronology', safeguardingConcern: false,
};

test('a returned audit tells the allocated worker and team manager it is done, once', async () => {
  const { cases } = await seedCouncil(db, fake);
  const clock = new FakeClock(instantAt('2026-09-03', '07:00'));
  await runDueSteps({ db, profile: southampton(), goLive: '2026-09-01' }, clock.now());
  const [a] = await listAllocationDetails(db, { month: '2026-09' });
  if (a === undefined) throw new Error('nothing allocated');
  const theCase = cases.find((c) => c.caseRef === a.caseRef);
  const record = (source: ResponseSource) => db.transaction((tx) => recordResponse(tx, southampton(), {
    allocationId: a.id, response: good, source, sourceRef: source === 'card' ? null : 'forms-row-7', submittedBy: a.auditorId, returnedOn: '2026-09-10',
  }));
  // Returned on the card, then the same audit arrives again from the Forms workbook.
  expect((await record('card')).created).toBe(true);
  expect((await record('forms')).created).toBe(false);
  await workerFor(db, 'completion-worker', fastSender(), { now: () => clock.now() }).drain();

  const notices = await listOutbox(db, { kind: 'completion-notice' });
  expect(notices.map((r) => [r.key, r.recipientId, r.status]).sort()).toEqual([
    [`completion:${a.id}:${theCase?.allocatedWorkerId}`, theCase?.allocatedWorkerId, 'sent'],
    [`completion:${a.id}:${theCase?.teamManagerId}`, theCase?.teamManagerId, 'sent'],
  ].sort());
  expect(fake.duplicates()).toEqual([]);
  const cards = fake.delivered().filter((d) => d.messageKey?.startsWith('completion:'));
  expect(cards).toHaveLength(2);
  for (const d of cards) {
    const text = cardText(d.activity);
    expect(text).toContain(`Audit complete: ${a.caseRef}`);
    expect(text).toContain('September 2026');
    expect(text).toContain('Good');
    // 004 §2.12: Southampton grades, so each notice offers the disagreement form for this audit.
    expect(text).toContain('I disagree with the grade');
    expect(JSON.stringify(d.activity)).toContain(`"verb":"disagreement.raise","data":{"allocationId":${a.id}}`);
  }
}, 60_000);
