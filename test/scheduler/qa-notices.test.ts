import { enqueue } from '../../store/outbox-repo';
import type { Db } from '../../store/db';
import { runDueSteps } from '../../scheduler/run-due-steps';
import type { FakeTeamsConnector } from '../fakes/teams-connector';
import { fastSender, seedCouncil, southampton, workerFor } from '../delivery/outbox-harness';
import { useStoreAndTeams } from '../support/simulated-days';

// What only QA can handle is queued once for "QA" (no recipient); it must reach a person, or it is lost.

const env = useStoreAndTeams();
let db: Db;
let fake: FakeTeamsConnector;
beforeEach(() => ({ db, fake } = env));

const NOW = new Date('2026-11-10T10:00:00Z');
const notice = (key: string) => ({
  key, channel: 'qa-notice', kind: 'qa-notice', recipientId: null,
  payload: { reason: 'auditor tm-9 has no line manager on record', caseRef: 'CD490010', allocationId: 7 },
}) as const;

test('a notice for QA reaches every QA officer once, however often the scheduler ticks', async () => {
  await seedCouncil(db, fake, { mutate: (people) => [...people, { ...people.find((p) => p.id === 'qa1')!, id: 'qa2', email: 'qa2@council.example' }] });
  await enqueue(db, notice('escalation-qa:7'));
  const worker = workerFor(db, 'qa-worker', fastSender());
  for (let i = 0; i < 3; i++) {
    await runDueSteps({ db, profile: southampton(), goLive: '2026-11-10' }, NOW);
    await worker.drain();
  }
  const keys = fake.delivered().map((d) => d.messageKey).sort();
  expect(keys).toEqual(['escalation-qa:7:to:qa1', 'escalation-qa:7:to:qa2']);
  expect(fake.duplicates()).toEqual([]);
  const [original] = await db.query<{ status: string }>(`SELECT status FROM outbox WHERE key = 'escalation-qa:7'`);
  expect(original?.status).toBe('sent');
});

test('with nobody in the QA role the notice waits, and the operator is told', async () => {
  await seedCouncil(db, fake, { mutate: (people) => people.map((p) => (p.id === 'qa1' ? { ...p, roles: ['auditor'] } : p)) });
  await enqueue(db, notice('escalation-qa:8'));
  const warnings: string[] = [];
  await runDueSteps({ db, profile: southampton(), goLive: '2026-11-10', warn: (m) => warnings.push(m) }, NOW);
  const [row] = await db.query<{ status: string }>(`SELECT status FROM outbox WHERE key = 'escalation-qa:8'`);
  expect(row?.status).toBe('queued');
  expect(warnings).toEqual(['1 QA notices are waiting: nobody in the people list holds the qa role']);
});
