import { Writable } from 'node:stream';
import pino from 'pino';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../audit/programme-profiles';
import type { AuthMode } from '../../server/auth-mode';
import { createServer, listen, type Listening } from '../../server/create-server';
import type { Db } from '../../store/db';
import { openTestStore, type TestStore } from '../support/test-store';

let store: TestStore;
const open: Listening[] = [];

beforeAll(async () => {
  store = await openTestStore();
}, 60_000);
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});
afterAll(async () => {
  await store.cleanup();
});

function logLines(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
  return { logger: pino({ level: 'info' }, sink), lines };
}

const LOCAL: AuthMode = { kind: 'local-anonymous', devUserId: null };

async function start(mode: AuthMode = LOCAL, logger = pino({ level: 'silent' })): Promise<string> {
  const app = createServer({ db: store.db, profile: loadProfile(DEFAULT_PROFILE_ID), clock: { now: () => new Date() }, logger, mode });
  const l = await listen(app, 0, '127.0.0.1');
  open.push(l);
  return `http://127.0.0.1:${l.port}`;
}

const activity = {
  type: 'message', text: 'help', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/',
  from: { id: '29:x', aadObjectId: 'aad-x' }, recipient: { id: '28:bot' }, conversation: { id: 'a:1' }, id: '1',
};

test('/healthz says the process is up and /readyz that the store answers', async () => {
  const base = await start();
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  // Without Forms settings the Forms path is off, and /readyz says so rather than leaving it out.
  expect(await ready.json()).toEqual({ status: 'ready', forms: { status: 'off', message: expect.stringContaining('FORMS_DRIVE_ID') } });
});

test('in the local anonymous mode asked for, the server warns that it runs unauthenticated', async () => {
  const { logger, lines } = logLines();
  await start(LOCAL, logger);
  expect(lines.some((l) => l.includes('LOCAL ANONYMOUS MODE'))).toBe(true);
});

test('with MicrosoftAppId set, a POST to /api/messages without a token is refused with 401', async () => {
  const base = await start({ kind: 'bot-framework', credentials: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-secret' } });
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBe(401);
});

test('/readyz reports 503 when the store cannot answer', async () => {
  // A store whose server has gone away: every query fails, as a dropped PostgreSQL connection would.
  const down: Db = { ...store.db, query: () => Promise.reject(new Error('connection refused')) };
  const app = createServer({ db: down, profile: loadProfile(DEFAULT_PROFILE_ID), clock: { now: () => new Date() }, logger: pino({ level: 'silent' }), mode: LOCAL });
  const l = await listen(app, 0, '127.0.0.1');
  open.push(l);
  const res = await fetch(`http://127.0.0.1:${l.port}/readyz`);
  expect(res.status).toBe(503);
});

test('a request that fails inside the server answers 500 with a sentence, never the error or a stack', async () => {
  const down: Db = { ...store.db, query: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 at /srv/app/node_modules/pg')) };
  const app = createServer({ db: down, profile: loadProfile(DEFAULT_PROFILE_ID), clock: { now: () => new Date() }, logger: pino({ level: 'silent' }), mode: LOCAL });
  const l = await listen(app, 0, '127.0.0.1');
  open.push(l);
  const res = await fetch(`http://127.0.0.1:${l.port}/tab/api/dashboard?month=2026-03`);
  expect(res.status).toBe(500);
  expect(await res.json()).toEqual({ error: 'Something went wrong on our side.' });
});
