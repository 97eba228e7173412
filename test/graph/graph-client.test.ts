import { createServer } from 'node:net';
import { fixedTokenCredential, GraphCredentialConfigSchema, createCredential } from '../../graph/credentials';
import { createGraphClient, GraphClientConfigSchema } from '../../graph/graph-client';
import { createGraphPort } from '../../graph/graph-api';
import { GraphError } from '../../graph/graph-errors';
import { createGraph } from '../../graph';
import { FAKE_GRAPH_TOKEN, GraphFake } from '../fakes/graph-fake';
import { rejectionOf, startGraphHarness, type GraphHarness } from './graph-harness';

describe('Graph client against the local fake', () => {
  let h: GraphHarness;
  afterEach(async () => {
    await h?.fake.close();
  });

  it('sends the credential’s token as a bearer token to the configured base URL', async () => {
    h = await startGraphHarness();
    const person = await h.graph.getUser('u-sw-001');
    expect(person).toEqual({ id: 'u-sw-001', displayName: 'Social Worker 001', mail: 'sw001@council.example', userPrincipalName: 'sw001@council.example' });
    expect(h.fake.count('/users/u-sw-001')).toBe(1);
    expect(h.handle.root).toBe(`${h.fake.baseUrl}/v1.0`);
  });

  it('reports a token Graph does not accept as UNAUTHENTICATED, saying which settings to check', async () => {
    h = await startGraphHarness({ token: 'someone-elses-token' });
    const error = await rejectionOf(h.graph.getUser('u-sw-001'));
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect((error as GraphError).message).toMatch(/tenant id, client id and secret or certificate/);
  });

  it('waits for the Retry-After of a 429 before the RetryHandler sends the request again', async () => {
    h = await startGraphHarness();
    h.fake.addFault({ path: '/users/u-sw-002', nth: 1, status: 429, retryAfterSeconds: 1 });
    await expect(h.graph.getUser('u-sw-002')).resolves.toMatchObject({ id: 'u-sw-002' });
    const tries = h.fake.requests.filter((r) => r.path.startsWith('/users/u-sw-002'));
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    const [first, second] = tries;
    // Lower bound only: the second try must not come before the server said it may.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxRetries and reports THROTTLED with the server’s Retry-After', async () => {
    h = await startGraphHarness({ client: { maxRetries: 2 } });
    h.fake.addFault({ path: '/users/u-sw-003', status: 429, retryAfterSeconds: 0 });
    const error = await rejectionOf(h.graph.getUser('u-sw-003'));
    expect(error).toMatchObject({ code: 'THROTTLED', status: 429, retryAfterSeconds: 0 });
    expect(h.fake.count('/users/u-sw-003')).toBe(3);
  });

  it('reads again when the connection drops before an answer, up to three tries, then reports UNAVAILABLE', async () => {
    h = await startGraphHarness();
    h.fake.addFault({ path: '/users/u-sw-006', nth: 1, times: 2, status: 'drop' });
    await expect(h.graph.getUser('u-sw-006')).resolves.toMatchObject({ id: 'u-sw-006' });
    expect(h.fake.count('/users/u-sw-006')).toBe(3);
    h.fake.addFault({ path: '/users/u-sw-007', status: 'drop' });
    await expect(h.graph.getUser('u-sw-007')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(h.fake.count('/users/u-sw-007')).toBe(3);
  });

  it('never sends mail twice because a connection dropped: only reads are repeated', async () => {
    h = await startGraphHarness();
    h.fake.addFault({ path: '/sendMail', status: 'drop' });
    await expect(h.graph.sendMail('u-sw-001', { to: ['tm@council.example'], subject: 'CD490004', html: '<p>CD490004</p>', importance: 'high' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(h.fake.requests.filter((r) => r.path.includes('/sendMail'))).toHaveLength(1);
  });

  it('retries a 503 and succeeds, but reports a 500 at once as UNAVAILABLE', async () => {
    h = await startGraphHarness();
    h.fake.addFault({ path: '/users/u-sw-004', nth: 1, status: 503, retryAfterSeconds: 0 });
    h.fake.addFault({ path: '/users/u-sw-005', status: 500 });
    await expect(h.graph.getUser('u-sw-004')).resolves.toMatchObject({ id: 'u-sw-004' });
    expect(h.fake.count('/users/u-sw-004')).toBe(2);
    await expect(h.graph.getUser('u-sw-005')).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 500 });
    expect(h.fake.count('/users/u-sw-005')).toBe(1);
  });

  it('turns a 403 Authorization_RequestDenied into CONSENT_MISSING naming the permission to grant', async () => {
    h = await startGraphHarness();
    h.fake.addFault({ path: '/mailboxSettings', status: 403 });
    const error = await rejectionOf(h.graph.getAutomaticReplies('u-sw-001'));
    expect(error).toMatchObject({ code: 'CONSENT_MISSING', status: 403, graphCode: 'Authorization_RequestDenied' });
    expect((error as GraphError).message).toContain('Grant the application permission MailboxSettings.Read');
    expect((error as GraphError).message).toContain('admin consent');
  });

  it('reports NOT_FOUND for a user who does not exist', async () => {
    h = await startGraphHarness();
    await expect(h.graph.getUser('u-nobody')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('Graph client configuration', () => {
  it('reports an unreachable Graph as UNAVAILABLE', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const graph = createGraphPort(createGraphClient(fixedTokenCredential('t'), { baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }));
    await expect(graph.getUser('u-sw-001')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('defaults to the public Graph endpoint and refuses plain http anywhere but this machine', () => {
    expect(GraphClientConfigSchema.parse({})).toMatchObject({ baseUrl: 'https://graph.microsoft.com', version: 'v1.0', maxRetries: 3 });
    expect(GraphClientConfigSchema.safeParse({ baseUrl: 'http://graph.example.org' }).success).toBe(false);
    expect(GraphClientConfigSchema.safeParse({ baseUrl: 'https://graph.microsoft.com/v1.0' }).success).toBe(false);
    expect(GraphClientConfigSchema.safeParse({ baseUrl: 'http://localhost:4000' }).success).toBe(true);
    expect(GraphClientConfigSchema.safeParse({ maxRetries: 11 }).success).toBe(false);
  });

  it('builds the credential the configuration names, and rejects incomplete ones', async () => {
    const tenantId = '11111111-2222-3333-4444-555555555555';
    const clientId = '66666666-7777-8888-9999-000000000000';
    const secret = createCredential(GraphCredentialConfigSchema.parse({ kind: 'client-secret', tenantId, clientId, clientSecret: 's3cret' }));
    expect(secret.constructor.name).toBe('ClientSecretCredential');
    const certificate = createCredential(GraphCredentialConfigSchema.parse({ kind: 'certificate', tenantId, clientId, certificatePath: '/etc/audit-loop/graph.pem' }));
    expect(certificate.constructor.name).toBe('ClientCertificateCredential');
    const managed = createCredential(GraphCredentialConfigSchema.parse({ kind: 'managed-identity' }));
    expect(managed.constructor.name).toBe('ManagedIdentityCredential');
    expect(GraphCredentialConfigSchema.safeParse({ kind: 'client-secret', tenantId, clientId, clientSecret: '' }).success).toBe(false);
    expect(GraphCredentialConfigSchema.safeParse({ kind: 'client-secret', tenantId: 'contoso', clientId, clientSecret: 'x' }).success).toBe(false);
    await expect(fixedTokenCredential('abc').getToken([])).resolves.toMatchObject({ token: 'abc' });
  });
});

describe('building Graph from configuration', () => {
  it('builds a working GraphPort from one config object pointed at the fake', async () => {
    const fake = await GraphFake.start();
    try {
      const graph = createGraph({ credential: { kind: 'fixed-token', token: FAKE_GRAPH_TOKEN }, client: { baseUrl: fake.baseUrl } });
      await expect(graph.getManager('u-sw-002')).resolves.toMatchObject({ id: 'u-tm-2' });
      expect(fake.count('/users/u-sw-002/manager')).toBe(1);
    } finally {
      await fake.close();
    }
  });
});
