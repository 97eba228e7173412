/**
 * POST /api/messages against a real server on port 0, with real fetch. Bot Framework's OpenID metadata is served by a
 * local server that counts its requests: a refusal "without any network call" is one that left it at 0.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import pino from 'pino';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../audit/programme-profiles';
import type { AuthMode } from '../../server/auth-mode';
import { createServer, listen, type Listening } from '../../server/create-server';
import { openTestStore, type TestStore } from '../support/test-store';

const APP_ID = '0a1b2c3d-0000-4000-8000-000000000001';
const TENANT = '11111111-2222-4333-8444-555555555555';
const CHANNEL_ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'http://127.0.0.1:9/';
const KID = 'bf-test-key';

const AUTHENTICATED: AuthMode = {
  kind: 'bot-framework',
  credentials: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-secret', MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'SingleTenant' },
};
const LOCAL: AuthMode = { kind: 'local-anonymous', devUserId: null };

/** A card action from someone the programme does not know: the bot answers it in the HTTP response itself. */
const invoke = {
  type: 'invoke',
  name: 'adaptiveCard/action',
  value: { action: { type: 'Action.Execute', verb: 'myAudits', data: {} }, trigger: 'manual' },
  channelId: 'msteams',
  serviceUrl: SERVICE_URL,
  from: { id: '29:stranger', aadObjectId: 'aad-stranger' },
  recipient: { id: `28:${APP_ID}` },
  conversation: { id: 'a:1', conversationType: 'personal', tenantId: TENANT },
  id: 'act-1',
};

/** Bot Framework's OpenID configuration and key set, as login.botframework.com serves them, counting every request. */
class FakeOpenIdMetadata {
  private constructor(private readonly server: Server, readonly url: string, private readonly seen: { requests: number }) {}

  /** Requests served so far: the configuration and the key set each count one. */
  get requests(): number {
    return this.seen.requests;
  }

  static async start(jwk: Record<string, unknown>): Promise<FakeOpenIdMetadata> {
    const seen = { requests: 0 };
    const server = createHttpServer((req, res) => {
      seen.requests += 1;
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/.well-known/keys` }));
      else if (req.url === '/v1/.well-known/keys') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeOpenIdMetadata(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`, seen);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

/** A port nothing listens on: the key fetch is refused, as it is when login.botframework.com cannot be reached. */
async function closedPort(): Promise<number> {
  const s = createHttpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** What Bot Framework's channel sends: RS256, our app id as audience, its issuer, the activity's serviceUrl. */
function channelToken(privateKey: KeyLike, claims: JWTPayload = {}, kid = KID): Promise<string> {
  const now = nowSeconds();
  return new SignJWT({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, iat: now, nbf: now - 60, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .sign(privateKey);
}

/** The words of botbuilder and Node that must never reach a response body. */
function expectNoInternals(body: string): void {
  expect(body).not.toMatch(/botframework\.com|ENOTFOUND|ECONNREFUSED|getaddrinfo|req\.body|node_modules|\bat .+:\d+:\d+|Error:|<html/i);
}

describe('POST /api/messages', () => {
  let store: TestStore;
  let key: { publicKey: KeyLike; privateKey: KeyLike };
  let stranger: { publicKey: KeyLike; privateKey: KeyLike };
  let publishedKey: Record<string, unknown>;
  const open: Listening[] = [];
  const closing: FakeOpenIdMetadata[] = [];

  beforeAll(async () => {
    store = await openTestStore();
    key = await generateKeyPair('RS256');
    stranger = await generateKeyPair('RS256');
    publishedKey = { ...(await exportJWK(key.publicKey)), kid: KID, use: 'sig', endorsements: ['msteams'] };
  }, 60_000);
  afterEach(async () => {
    for (const l of open.splice(0)) await l.close();
    for (const m of closing.splice(0)) await m.close();
  });

  /**
   * Botbuilder caches keys per metadata URL for a day, so every server gets key metadata of its own: a count of 0
   * then means no fetch at all, not a warm cache.
   */
  async function freshMetadata(): Promise<FakeOpenIdMetadata> {
    const m = await FakeOpenIdMetadata.start(publishedKey);
    closing.push(m);
    return m;
  }
  afterAll(async () => {
    await store.cleanup();
  });

  async function start(mode: AuthMode, openIdMetadataUrl: string, nodeEnv?: 'production'): Promise<string> {
    // Express reads NODE_ENV when the app is made (its error pages show stacks outside production).
    const saved = process.env['NODE_ENV'];
    if (nodeEnv !== undefined) process.env['NODE_ENV'] = nodeEnv;
    const app = createServer({ db: store.db, profile: loadProfile(DEFAULT_PROFILE_ID), clock: { now: () => new Date() }, logger: pino({ level: 'silent' }), mode, openIdMetadataUrl });
    process.env['NODE_ENV'] = saved;
    const l = await listen(app, 0, '127.0.0.1');
    open.push(l);
    return `http://127.0.0.1:${l.port}`;
  }

  async function startWithKeys(mode: AuthMode, nodeEnv?: 'production'): Promise<{ base: string; keys: FakeOpenIdMetadata }> {
    const keys = await freshMetadata();
    return { base: await start(mode, keys.url, nodeEnv), keys };
  }

  const post = (base: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  async function expectRefused(res: Response, status: number): Promise<string> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expectNoInternals(text);
    const body = JSON.parse(text) as { error: unknown };
    expect(Object.keys(body)).toEqual(['error']);
    expect(typeof body.error).toBe('string');
    return body.error as string;
  }

  describe('an inbound token that could never pass is refused with 401 and no network call', () => {
    it('a request without a token', async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      expect(await expectRefused(await post(base, JSON.stringify(invoke)), 401)).toMatch(/Bearer token is missing/);
      expect(keys.requests).toBe(0);
    });

    it('a token signed with alg none', async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      const unsigned = `${b64url({ alg: 'none', typ: 'JWT', kid: KID })}.${b64url({ iss: CHANNEL_ISSUER, aud: APP_ID, exp: nowSeconds() + 600, serviceurl: SERVICE_URL })}.`;
      expect(await expectRefused(await post(base, JSON.stringify(invoke), bearer(unsigned)), 401)).toMatch(/RS256/);
      expect(keys.requests).toBe(0);
    });

    it('a token signed with HS256 (a shared secret anyone could guess)', async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      const hmac = await new SignJWT({ serviceurl: SERVICE_URL })
        .setProtectedHeader({ alg: 'HS256', kid: KID })
        .setIssuer(CHANNEL_ISSUER)
        .setAudience(APP_ID)
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
      expect(await expectRefused(await post(base, JSON.stringify(invoke), bearer(hmac)), 401)).toMatch(/RS256/);
      expect(keys.requests).toBe(0);
    });

    it('a token that expired beyond the five minutes of clock skew', async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      const expired = await channelToken(key.privateKey, { exp: nowSeconds() - 6 * 60, nbf: nowSeconds() - 3600, iat: nowSeconds() - 3600 });
      expect(await expectRefused(await post(base, JSON.stringify(invoke), bearer(expired)), 401)).toMatch(/expired/);
      expect(keys.requests).toBe(0);
    });

    it('a token for another audience', async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      const other = await channelToken(key.privateKey, { aud: '99999999-0000-4000-8000-000000000009' });
      expect(await expectRefused(await post(base, JSON.stringify(invoke), bearer(other)), 401)).toMatch(/another app/);
      expect(keys.requests).toBe(0);
    });

    it("a token from another issuer, such as another tenant's Entra", async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      for (const iss of ['https://login.microsoftonline.com/99999999-8888-4777-8666-555555555555/v2.0', 'https://evil.example']) {
        const other = await channelToken(key.privateKey, { iss });
        expect(await expectRefused(await post(base, JSON.stringify(invoke), bearer(other)), 401)).toMatch(/not issued by Bot Framework/);
      }
      expect(keys.requests).toBe(0);
    });

    it('a header that is not a JSON Web Token at all', async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      expect(await expectRefused(await post(base, JSON.stringify(invoke), bearer('not-a-jwt')), 401)).toMatch(/not a JSON Web Token/);
      expect(keys.requests).toBe(0);
    });
  });

  describe('a well-formed token goes on to botbuilder, which checks the signature against the published keys', () => {
    it('signed with a published key, the activity reaches the bot and its invoke response comes back unchanged', async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      const res = await post(base, JSON.stringify(invoke), bearer(await channelToken(key.privateKey)));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard' } });
      expect(keys.requests).toBe(2); // the OpenID configuration, then its key set
    });

    it('signed with a key Bot Framework does not publish, it is refused with 401 in our words', async () => {
      const { base, keys } = await startWithKeys(AUTHENTICATED);
      // Botbuilder prints the keys it tried to the console itself; the test keeps its output to what it checks.
      const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const forged = await expectRefused(await post(base, JSON.stringify(invoke), bearer(await channelToken(stranger.privateKey))), 401);
      consoleError.mockRestore();
      expect(forged).toBe('The Bearer token could not be verified.');
      expect(keys.requests).toBe(2);
    });

    it("naming the published key but another activity's serviceUrl, it is refused with 401", async () => {
      const { base } = await startWithKeys(AUTHENTICATED);
      const res = await post(base, JSON.stringify(invoke), bearer(await channelToken(key.privateKey, { serviceurl: 'https://smba.example.test/elsewhere/' })));
      expect(await expectRefused(res, 401)).toBe('The Bearer token could not be verified.');
    });

    it("when Bot Framework's keys cannot be fetched, it answers 503 with a plain sentence", async () => {
      const base = await start(AUTHENTICATED, `http://127.0.0.1:${await closedPort()}/v1/.well-known/openidconfiguration`);
      const sentence = await expectRefused(await post(base, JSON.stringify(invoke), bearer(await channelToken(key.privateKey))), 503);
      expect(sentence).toBe("The bot cannot check Bot Framework's signature right now; try again shortly.");
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    });
  });

  it('every malformed request gets a 4xx with a short JSON error of our own, in every mode, and the server stays up', async () => {
    const token = await channelToken(key.privateKey);
    const cases: { name: string; body: string; headers?: Record<string, string>; status: number; error: RegExp }[] = [
      { name: 'not JSON', body: '{"type": "message", ', status: 400, error: /^The request body is not JSON\.$/ },
      { name: 'not sent as JSON', body: 'hello', headers: { 'content-type': 'text/plain' }, status: 415, error: /^Send the activity as JSON/ },
      { name: 'a JSON array', body: '[1]', status: 400, error: /^The request body must be one activity, as a JSON object\.$/ },
      { name: 'an empty body', body: '', status: 400, error: /^The activity has no type\.$/ },
      { name: 'an empty object', body: '{}', status: 400, error: /^The activity has no type\.$/ },
      { name: 'no activity type', body: JSON.stringify({ ...invoke, type: undefined }), status: 400, error: /^The activity has no type\.$/ },
      { name: 'an invoke without a value', body: JSON.stringify({ ...invoke, value: undefined }), status: 400, error: /^An invoke activity needs a value\.$/ },
      { name: 'an invoke without a name', body: JSON.stringify({ ...invoke, name: undefined }), status: 400, error: /^An invoke activity needs a name\.$/ },
      { name: 'a body over the 1 MB limit', body: JSON.stringify({ ...invoke, text: 'x'.repeat(1024 * 1024) }), status: 413, error: /^The request body is larger than 1 MB\.$/ },
    ];
    const modes = [
      { mode: LOCAL, headers: {} },
      { mode: AUTHENTICATED, headers: bearer(token) },
      { mode: AUTHENTICATED, headers: bearer(token), nodeEnv: 'production' as const },
    ];
    for (const { mode, headers, nodeEnv } of modes) {
      const { base, keys } = await startWithKeys(mode, nodeEnv);
      for (const c of cases) {
        const res = await post(base, c.body, { ...headers, ...c.headers });
        const where = { case: c.name, mode: mode.kind, nodeEnv };
        expect({ ...where, status: res.status }).toEqual({ ...where, status: c.status });
        expect(await expectRefused(res, c.status)).toMatch(c.error);
      }
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      // The shape is refused before the signature is checked: none of these cost a key fetch either.
      expect(keys.requests).toBe(0);
    }
  });

  it('in local anonymous mode a well-formed activity reaches the bot as before', async () => {
    const { base } = await startWithKeys(LOCAL);
    const res = await post(base, JSON.stringify(invoke));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  });

  it("in local anonymous mode a message is answered through the channel's connector, as the Playground sees it", async () => {
    const replies: string[] = [];
    const connector = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        replies.push(`${req.method} ${req.url} ${body}`);
        res.setHeader('content-type', 'application/json');
        res.end('{"id":"reply-1"}');
      });
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    try {
      const { base } = await startWithKeys(LOCAL);
      const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
      const res = await post(base, JSON.stringify({ ...invoke, type: 'message', text: 'help', name: undefined, value: undefined, serviceUrl }));
      expect(res.status).toBe(200);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatch(/^POST \/v3\/conversations\/a%3A1\/activities\/act-1 .*AdaptiveCard/);
    } finally {
      await new Promise<void>((resolve) => connector.close(() => resolve()));
    }
  });
});
