import { ConnectorClient, StaticTokenProvider, type TokenProvider } from '../../delivery/connector-client';
import { decide } from '../../delivery/retry-policy';
import { startTeamsConnector, type FakeTeamsConnector } from '../fakes/teams-connector';

const TENANT = 'tenant-council';
const BOT = '28:audit-loop-bot';
const message = (text: string, messageKey?: string) => ({
  type: 'message',
  text,
  ...(messageKey ? { channelData: { auditLoop: { messageKey } } } : {}),
});

describe('connector client against the fake Teams connector', () => {
  let fake: FakeTeamsConnector;
  let client: ConnectorClient;

  beforeEach(async () => {
    fake = await startTeamsConnector({ token: 'good-token', seed: 7 });
    client = new ConnectorClient({ tokens: new StaticTokenProvider('good-token'), timeoutMs: 2_000 });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates one 1:1 conversation per user, sends to it and updates the sent card', async () => {
    const first = await client.createConversation(fake.serviceUrl, { botId: BOT, userId: '29:auditor-1', tenantId: TENANT });
    const again = await client.createConversation(fake.serviceUrl, { botId: BOT, userId: '29:auditor-1', tenantId: TENANT });
    expect(first.http).toMatchObject({ kind: 'response', status: 201 });
    const conversationId = first.value?.id ?? '';
    expect(again.value?.id).toBe(conversationId);

    const sent = await client.sendActivity(fake.serviceUrl, conversationId, message('Case CD490004 allocated', 'alloc:CD490004'));
    expect(decide(sent.http, 1, Date.now())).toEqual({ kind: 'delivered' });
    const activityId = sent.value?.id ?? '';
    const updated = await client.updateActivity(fake.serviceUrl, conversationId, activityId, message('Case CD490004 graded'));
    const reply = await client.replyToActivity(fake.serviceUrl, conversationId, activityId, message('Thanks'));

    expect(updated.value).toEqual({ id: activityId });
    expect(reply.http).toMatchObject({ status: 201 });
    expect(fake.delivered().map((d) => [d.kind, d.conversationId, d.messageKey])).toEqual([
      ['send', conversationId, 'alloc:CD490004'],
      ['update', conversationId, null],
      ['reply', conversationId, null],
    ]);
  });

  it('answers 401 to a missing or wrong bearer token', async () => {
    const conversationId = fake.addConversation({ tenantId: TENANT, userId: '29:a' });
    const wrong = new ConnectorClient({ tokens: new StaticTokenProvider('stolen') });
    const result = await wrong.sendActivity(fake.serviceUrl, conversationId, message('hi'));
    const bare = await fetch(`${fake.url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, { method: 'POST', body: '{}' });
    expect(result.http).toMatchObject({ kind: 'response', status: 401 });
    expect(bare.status).toBe(401);
    expect(decide(result.http, 1, Date.now())).toMatchObject({ kind: 'failed', status: 401 });
    expect(fake.delivered()).toHaveLength(0);
  });

  it('issues client-credentials tokens that the connector then accepts', async () => {
    await fake.close();
    fake = await startTeamsConnector({ credentials: { clientId: 'app-id', clientSecret: 's3cret' } });
    const tokens: TokenProvider = {
      async getToken() {
        const form = new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'app-id',
          client_secret: 's3cret',
          scope: 'https://api.botframework.com/.default',
        });
        const res = await fetch(`${fake.url}/botframework.com/oauth2/v2.0/token`, { method: 'POST', body: form });
        const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
        expect(body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
        return body.access_token;
      },
    };
    const created = await new ConnectorClient({ tokens }).createConversation(fake.serviceUrl, { botId: BOT, userId: '29:b', tenantId: TENANT });
    expect(created.http).toMatchObject({ status: 201 });

    const badSecret = await fetch(`${fake.url}/botframework.com/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app-id', client_secret: 'nope', scope: 'https://api.botframework.com/.default' }),
    });
    expect(badSecret.status).toBe(401);
  });

  it('answers 404 for an unknown conversation and for updating an activity it never saw', async () => {
    const missing = await client.sendActivity(fake.serviceUrl, 'a:nobody', message('hi'));
    const conversationId = fake.addConversation({ tenantId: TENANT, userId: '29:c' });
    const stale = await client.updateActivity(fake.serviceUrl, conversationId, '1:never-sent', message('hi'));
    expect(decide(missing.http, 1, Date.now())).toMatchObject({ kind: 'failed', status: 404, code: 'ConversationNotFound' });
    expect(decide(stale.http, 1, Date.now())).toMatchObject({ kind: 'failed', status: 404, code: 'ActivityNotFoundInConversation' });
  });

  /** A frozen clock makes every request land in the same instant however loaded the machine is. */
  async function frozenConnector(): Promise<FakeTeamsConnector> {
    await fake.close();
    return startTeamsConnector({ token: 'good-token', clock: () => Date.parse('2025-03-03T09:00:00Z') });
  }

  it('rejects the 8th send to one conversation within a second with 429 and a Retry-After in seconds', async () => {
    fake = await frozenConnector();
    const conversationId = fake.addConversation({ tenantId: TENANT, userId: '29:d' });
    const results = [];
    for (let i = 0; i < 8; i += 1) results.push(await client.sendActivity(fake.serviceUrl, conversationId, message(`m${i}`)));
    expect(results.slice(0, 7).every((r) => r.http.kind === 'response' && r.http.status === 201)).toBe(true);
    const last = results[7]?.http;
    expect(last).toMatchObject({ kind: 'response', status: 429, retryAfter: expect.stringMatching(/^[1-9]\d*$/) });
    expect(last && decide(last, 1, Date.now())).toMatchObject({ kind: 'retry', fromRetryAfter: true });
    expect(fake.delivered()).toHaveLength(7);
  });

  it('holds a tenant to 50 requests a second, counting conversation creation', async () => {
    fake = await frozenConnector();
    const creates = await Promise.all(
      Array.from({ length: 51 }, (_, i) => client.createConversation(fake.serviceUrl, { botId: BOT, userId: `29:u${i}`, tenantId: TENANT })),
    );
    const statuses = creates.map((c) => (c.http.kind === 'response' ? c.http.status : 0));
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    const other = await client.createConversation(fake.serviceUrl, { botId: BOT, userId: '29:u0', tenantId: 'another-tenant' });
    expect(other.http).toMatchObject({ status: 201 });
  });

  it.each(['ConversationBlockedByUser', 'MessageWritesBlocked'] as const)('reports a blocked user as 403 %s', async (style) => {
    fake.setBlockedStyle(style);
    const conversationId = fake.addConversation({ tenantId: TENANT, userId: '29:blocker' });
    fake.block({ userId: '29:blocker' });
    const result = await client.sendActivity(fake.serviceUrl, conversationId, message('hi'));
    expect(decide(result.http, 1, Date.now())).toMatchObject({ kind: 'blocked', code: style });
    fake.unblock({ userId: '29:blocker' });
    const after = await client.sendActivity(fake.serviceUrl, conversationId, message('hi'));
    expect(after.http).toMatchObject({ status: 201 });
  });

  it('injects the next failures in order, including 412 and a forced 429', async () => {
    const conversationId = fake.addConversation({ tenantId: TENANT, userId: '29:e' });
    fake.injectFailures(1, { status: 412 });
    fake.injectFailures(1, { status: 502 });
    fake.injectFailures(1, { status: 429, retryAfterSeconds: 4 });
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push((await client.sendActivity(fake.serviceUrl, conversationId, message('x'))).http);
    expect(results.map((r) => (r.kind === 'response' ? r.status : r.kind))).toEqual([412, 502, 429, 201]);
    expect(results[0]).toMatchObject({ body: { error: { code: 'PreconditionFailed' } } });
    expect(results[2]).toMatchObject({ retryAfter: '4' });
  });

  it('fails the same requests for the same seed', async () => {
    const pattern = async (connector: FakeTeamsConnector) => {
      connector.injectFailureRate(0.4);
      const conversationId = connector.addConversation({ tenantId: TENANT, userId: '29:f' });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const r = (await client.sendActivity(connector.serviceUrl, conversationId, message('x'))).http;
        statuses.push(r.kind === 'response' ? r.status : 0);
      }
      return statuses;
    };
    const twin = await startTeamsConnector({ token: 'good-token', seed: 7 });
    try {
      const a = await pattern(fake);
      const b = await pattern(twin);
      expect(a).toEqual(b);
      expect(a.some((s) => s >= 500)).toBe(true);
      expect(a.some((s) => s === 201)).toBe(true);
    } finally {
      await twin.close();
    }
  });

  it('times out a slow response as a retryable error, although Teams already delivered the message', async () => {
    const quick = new ConnectorClient({ tokens: new StaticTokenProvider('good-token'), timeoutMs: 100 });
    const conversationId = fake.addConversation({ tenantId: TENANT, userId: '29:g' });
    fake.injectDelay(1, 1_000);
    const result = await quick.sendActivity(fake.serviceUrl, conversationId, message('slow', 'k-slow'));
    expect(result.http).toMatchObject({ kind: 'network-error', code: 'timeout' });
    expect(decide(result.http, 1, Date.now())).toMatchObject({ kind: 'retry' });
    expect(fake.delivered().map((d) => d.messageKey)).toEqual(['k-slow']);
  });

  it('reports a refused connection as a network error instead of throwing, and never as having left', async () => {
    const url = fake.serviceUrl;
    await fake.close();
    let wired = 0;
    const result = await client.sendActivity(url, 'a:x', message('hi'), { onWire: () => (wired += 1) });
    expect(result.http).toMatchObject({ kind: 'network-error', code: 'network' });
    expect(wired).toBe(0);
    fake = await startTeamsConnector();
  });

  it('says once when a request has left, before Teams answers it', async () => {
    const conversationId = fake.addConversation({ tenantId: TENANT, userId: '29:w' });
    fake.injectDelay(1, 200);
    const events: string[] = [];
    const sending = client.sendActivity(fake.serviceUrl, conversationId, message('hi', 'k-wire'), { onWire: () => events.push('left') });
    const result = await sending;
    events.push('answered');
    expect(result.value).not.toBeNull();
    expect(events).toEqual(['left', 'answered']);
  });

});
