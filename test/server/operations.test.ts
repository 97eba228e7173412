import { Writable } from 'node:stream';
import pino from 'pino';
import { loadProfile } from '../../audit/programme-profiles';
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
      await enqueue(tx, { key: 'a', channel: 'teams', kind: 'reminder', recipientId: 'tm-0-1', payload: { allocationId: 1 } });
      await enqueue(tx, { key: 'b', channel: 'teams', kind: 'reminder', recipientId: 'tm-0-2', payload: { allocationId: 2 } });
      await enqueue(tx, { key: 'c', channel: 'email', kind: 'inadequate-email', recipientId: 'ad1', payload: { allocationId: 3 } });
    });
    await store.db.query(`UPDATE outbox SET status = 'failed' WHERE key = 'c'`);
    const fake = await GraphFake.start({ users: seedOrganisation(3) });
    fake.addFault({ path: '/users/u-sw-001', nth: 1, status: 429, retryAfterSeconds: 0 });
    await createGraph({ credential: { kind: 'fixed-token', token: FAKE_GRAPH_TOKEN }, client: { baseUrl: fake.baseUrl } }).getUser('u-sw-001');
    await fake.close();

    const app = createServer({ db: store.db, profile: loadProfile('southampton-qaf-2023'), clock: { now: () => new Date() }, logger: pino({ level: 'silent' }) });
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
