import { Writable } from 'node:stream';
import pino from 'pino';
import { loadProfile } from '../../audit/programme-profiles';
import { recordMarginChange, teamsThrottling } from '../../delivery/teams-throttling';
import { createGraph } from '../../graph';
import { createServer, listen } from '../../server/create-server';
import { createLogger } from '../../server/logger';
import { enqueue } from '../../store/outbox-repo';
import { FAKE_GRAPH_TOKEN, GraphFake } from '../fakes/graph-fake';
import { seedOrganisation } from '../fakes/graph-fake-data';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';

describe('operations: metrics and logs', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  beforeEach(() => resetStore(store.db));
  afterAll(() => store.cleanup());

  it('GET /metrics reports outbox depth by status, failed deliveries by kind and Graph throttling, naming no one', async () => {
    await store.db.transaction(async (tx) => {
      await enqueue(tx, { key: 'a', channel: 'teams', kind: 'reminder', recipientId: 'tm-0-1', payload: { allocationId: 1, step: 2, dueDate: '2026-09-30' } });
      await enqueue(tx, { key: 'b', channel: 'teams', kind: 'reminder', recipientId: 'tm-0-2', payload: { allocationId: 2, step: 2, dueDate: '2026-09-30' } });
      await enqueue(tx, { key: 'c', channel: 'email', kind: 'inadequate-email', recipientId: 'ad1', payload: { allocationId: 3, caseRef: 'CD490010', month: '2026-09', serviceArea: 'CRS', team: 'CRS Team 1', grade: 'Inadequate' } });
    });
    await store.db.query(`UPDATE outbox SET status = 'failed' WHERE key = 'c'`);
    const fake = await GraphFake.start({ users: seedOrganisation(3) });
    fake.addFault({ path: '/users/u-sw-001', nth: 1, status: 429, retryAfterSeconds: 0 });
    await createGraph({ credential: { kind: 'fixed-token', token: FAKE_GRAPH_TOKEN }, client: { baseUrl: fake.baseUrl } }).getUser('u-sw-001');
    await fake.close();

    const app = createServer({ db: store.db, profile: loadProfile('southampton-qaf-2023'), clock: { now: () => new Date() }, logger: pino({ level: 'silent' }), mode: { kind: 'local-anonymous', devUserId: null } });
    const l = await listen(app, 0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${l.port}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('auditloop_outbox_messages{status="queued",channel="teams"} 2');
      expect(text).toContain('auditloop_delivery_failures{kind="inadequate-email"} 1');
      expect(text).toMatch(/auditloop_graph_throttled_total [1-9]/);
      expect(text).not.toMatch(/tm-0-1|ad1/);
    } finally {
      await l.close();
    }
  });

  it("GET /metrics reports Teams' 429s and the margin the sender now leaves on Teams' windows", async () => {
    const before = { ...teamsThrottling };
    const app = createServer({ db: store.db, profile: loadProfile('southampton-qaf-2023'), clock: { now: () => new Date() }, logger: pino({ level: 'silent' }), mode: { kind: 'local-anonymous', devUserId: null } });
    const l = await listen(app, 0, '127.0.0.1');
    try {
      const metrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${l.port}/metrics`)).text();
      expect(await metrics()).toContain('auditloop_teams_send_margin_ms 20');
      // What ThrottledSender's onMarginChange passes on in the server (server/background-work.ts).
      recordMarginChange(40, 'throttled');
      recordMarginChange(80, 'throttled');
      let text = await metrics();
      expect(text).toContain('auditloop_teams_throttled_total 2');
      expect(text).toContain('auditloop_teams_send_margin_ms 80');
      recordMarginChange(50, 'eased');
      text = await metrics();
      expect(text).toContain('auditloop_teams_throttled_total 2');
      expect(text).toContain('auditloop_teams_send_margin_ms 50');
    } finally {
      Object.assign(teamsThrottling, before);
      await l.close();
    }
  });

  it('the server mounts the Forms push when it is configured (an unsigned push gets 401) and /readyz says how the Forms path stands', async () => {
    const app = createServer({
      db: store.db, profile: loadProfile('southampton-qaf-2023'), clock: { now: () => new Date() }, logger: pino({ level: 'silent' }),
      mode: { kind: 'local-anonymous', devUserId: null },
      formsPush: { tenantId: '11111111-2222-3333-4444-555555555555', audiences: ['app-1'], hmacSecret: 'a-secret-of-at-least-thirty-two-characters' },
    });
    const l = await listen(app, 0, '127.0.0.1');
    try {
      const push = await fetch(`http://127.0.0.1:${l.port}/api/forms/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"responseId":"1"}' });
      expect(push.status).toBe(401);
      expect(await push.json()).toMatchObject({ error: expect.any(String), reason: expect.stringContaining('Entra token') });
      const ready = await fetch(`http://127.0.0.1:${l.port}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'ready', forms: { status: expect.stringMatching(/^(off|checking|ok|problem)$/) } });
    } finally {
      await l.close();
    }
  });

  it('redacts names, e-mail addresses, audit free text and tokens that reach a log call', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } });
    const logger = createLogger('info', sink);
    logger.info({ caseRef: 'CD490004', person: { id: 'sw1', name: 'Sam Worker', email: 'sw1@council.example' }, rationale: 'free text about the family', headers: { authorization: 'Bearer abc' } }, 'audit returned');
    const line = lines.join('');
    expect(line).toContain('CD490004');
    expect(line).toContain('sw1');
    for (const secret of ['Sam Worker', 'sw1@council.example', 'free text about the family', 'Bearer abc']) expect(line).not.toContain(secret);
  });
});
