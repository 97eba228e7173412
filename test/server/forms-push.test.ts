import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import pino from 'pino';
import { loadProfile } from '../../audit/programme-profiles';
import { formsQuestionsOf } from '../../audit/programme-profile';
import { createFormsPushRouter, formsPushAuthOf, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../server/forms-push-route';
import type { Db } from '../../store/db';
import { answerCells, formsHeader, seedCouncil } from '../graph/forms-workbook';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';

const profile = loadProfile('southampton-qaf-2023');
const now = new Date('2026-11-21T10:00:00Z');
const TENANT = '11111111-2222-3333-4444-555555555555';
const APP_URI = 'api://auditloop.example/00000000-0000-0000-0000-00000000a001';
const SECRET = 'a-long-random-secret-from-key-vault-0123456789';

/** The body a flow's HTTP action builds from "Get response details": answers keyed by question title. */
function flowBody(id: number, email: string, caseRef: string, grade: string): Record<string, unknown> {
  const cells = answerCells(id, email, caseRef, grade);
  const header = formsHeader(profile);
  const answers = Object.fromEntries(header.slice(5).map((title, i) => [title, cells[i + 5]]));
  return { responseId: String(id), submittedAt: '2026-11-21T09:58:00Z', responder: email, answers };
}

async function counts(db: Db): Promise<{ responses: number; unmatched: number }> {
  const [row] = await db.query<{ responses: number; unmatched: number }>(
    'SELECT (SELECT count(*)::int FROM responses) AS responses, (SELECT count(*)::int FROM unmatched_responses) AS unmatched',
  );
  return row ?? { responses: -1, unmatched: -1 };
}

describe('Forms responses pushed by Power Automate', () => {
  let store: TestStore;
  let server: Server;
  let url: string;
  let keys: JWTVerifyGetKey;
  let sign: (claims: Record<string, unknown>, audience?: string) => Promise<string>;

  beforeAll(async () => {
    store = await openTestStore();
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
    sign = (claims, audience = APP_URI) =>
      new SignJWT({ tid: TENANT, appid: 'flow-connector', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(`https://sts.windows.net/${TENANT}/`)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    const app = express();
    app.use(createFormsPushRouter({
      db: store.db, profile, clock: { now: () => now }, logger: pino({ level: 'silent' }),
      auth: { tenantId: TENANT, audiences: [APP_URI, '00000000-0000-0000-0000-00000000a001'], keys, hmacSecret: SECRET },
    }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/forms/responses`;
  });
  beforeEach(async () => {
    await resetStore(store.db);
    await seedCouncil(store.db, profile);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.cleanup();
  });

  const post = (body: unknown, headers: Record<string, string>): Promise<Response> =>
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const signed = (raw: string, at = Math.floor(now.getTime() / 1000), secret = SECRET): Record<string, string> => ({
    [TIMESTAMP_HEADER]: String(at),
    [SIGNATURE_HEADER]: `sha256=${createHmac('sha256', secret).update(`${at}.${raw}`).digest('hex')}`,
  });

  it('records a response sent with an Entra token for the app once, however often the flow retries it', async () => {
    const token = await sign({});
    const body = flowBody(8, 'tm-0-1@council.example', 'CD491120', 'Inadequate');
    const first = await post(body, { Authorization: `Bearer ${token}` });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ responseId: '8', outcome: 'matched' });
    for (let i = 0; i < 3; i++) {
      const again = await post(body, { Authorization: `Bearer ${token}` });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ responseId: '8', outcome: 'already recorded' });
    }
    expect(await counts(store.db)).toEqual({ responses: 1, unmatched: 0 });
  });

  it('records an HMAC-signed response, and keeps one that matches no allocation for QA', async () => {
    const raw = JSON.stringify(flowBody(3, 'tm-1-1@council.example', 'CD999999', 'Good'));
    const r = await post(raw, signed(raw));
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ outcome: 'unmatched', reason: 'no allocation of CD999999 to this responder' });
    expect(await counts(store.db)).toEqual({ responses: 0, unmatched: 1 });
  });

  it('refuses an unsigned, wrongly signed, stale or wrong-audience push with 401, recording nothing', async () => {
    const raw = JSON.stringify(flowBody(1, 'tm-1-1@council.example', 'CD490110', 'Good'));
    const refused = [
      await post(raw, {}),
      await post(raw, signed(raw, undefined, 'not-the-secret-not-the-secret-not-the-secret')),
      await post(raw, signed(raw, Math.floor(now.getTime() / 1000) - 301)),
      await post(raw.replace('Good', 'Outstanding'), signed(raw)),
      await post(raw, { Authorization: `Bearer ${await sign({}, 'api://some-other-app')}` }),
      await post(raw, { Authorization: `Bearer ${await sign({ tid: '99999999-2222-3333-4444-555555555555' })}` }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ error: 'unauthenticated', reason: expect.any(String) });
    }
    expect(await counts(store.db)).toEqual({ responses: 0, unmatched: 0 });
  });

  it('refuses a body it cannot read with 400 naming the field, recording nothing', async () => {
    const token = { Authorization: `Bearer ${await sign({})}` };
    const q = formsQuestionsOf(profile);
    const good = flowBody(1, 'tm-1-1@council.example', 'CD490110', 'Good');
    const cases: [unknown, string][] = [
      ['{not json', '(body)'],
      [{ ...good, responder: undefined }, 'responder'],
      [{ ...good, responder: 'not an address' }, 'responder'],
      [{ ...good, submittedAt: 'yesterday' }, 'submittedAt'],
      [{ ...good, responseId: '' }, 'responseId'],
      [{ ...good, extra: 1 }, '(body)'],
      [{ ...good, answers: { ...(good['answers'] as object), [q.grade]: 'Excellent' } }, `answers.${q.grade}`],
      [{ ...good, answers: { ...(good['answers'] as object), [q.caseRef]: '' } }, `answers.${q.caseRef}`],
    ];
    for (const [body, field] of cases) {
      const r = await post(body, token);
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ field });
    }
    expect(await counts(store.db)).toEqual({ responses: 0, unmatched: 0 });
  });

  it('takes its audiences from the app registration, and is not offered without a tenant and app id', () => {
    expect(formsPushAuthOf({ MicrosoftAppTenantId: TENANT, MicrosoftAppId: 'app-1', FORMS_PUSH_SECRET: SECRET }, 'bot.example')).toEqual({
      tenantId: TENANT, audiences: ['app-1', 'api://app-1', 'api://bot.example/app-1'], hmacSecret: SECRET,
    });
    expect(formsPushAuthOf({ MicrosoftAppTenantId: undefined, MicrosoftAppId: 'app-1', FORMS_PUSH_SECRET: undefined })).toBeNull();
  });
});
