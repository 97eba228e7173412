/**
 * A local Microsoft Graph for tests: a real HTTP server on port 0 serving /v1.0 with a required bearer
 * token, seeded data, JSON batching, paging, fault injection (429 with Retry-After, 5xx, 403 consent
 * missing) and counters of every request, so tests assert on what really went over the wire.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedOrganisation, type FakeAutoReplies, type FakeTable, type FakeUser } from './graph-fake-data';
import { graphError, routeRequest, type FakeResponse, type FakeState, type SentMail } from './graph-fake-routes';

export const FAKE_GRAPH_TOKEN = 'fake-graph-token';
const VERSION = '/v1.0';

export interface FaultRule {
  /** Matches when the request's path (below /v1.0, with query) contains this or matches the pattern. */
  path?: string | RegExp;
  method?: string;
  /** Fail the Nth matching request (1-based) … */
  nth?: number;
  /** … and this many in a row from there (default 1). */
  times?: number;
  /** Or fail this fraction of matching requests (deterministic pseudo-random). Neither: fail all. */
  fraction?: number;
  /** 'drop': close the connection without an answer, as a reset or a server-closed keep-alive socket does. */
  status: 429 | 403 | 500 | 502 | 503 | 504 | 'drop';
  retryAfterSeconds?: number;
  /** The error code in the body; 403 defaults to Authorization_RequestDenied. */
  graphCode?: string;
}

export interface RecordedRequest {
  method: string;
  /** Below /v1.0, with the query string. */
  path: string;
  status: number;
  at: number;
  inBatch: boolean;
}

export interface GraphFakeOptions {
  token?: string;
  users?: FakeUser[];
  tables?: FakeTable[];
  paging?: 'skip' | 'nextLink';
  maxPageSize?: number;
}

interface ActiveFault {
  rule: FaultRule;
  seen: number;
}

const DEFAULT_CODES: Record<number, string> = { 429: 'TooManyRequests', 403: 'Authorization_RequestDenied', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' };

export class GraphFake {
  readonly requests: RecordedRequest[] = [];
  /** Sizes of the $batch requests received, in order. */
  readonly batchSizes: number[] = [];
  private readonly faults: ActiveFault[] = [];
  private readonly itemFaults: ActiveFault[] = [];
  private random = 0x2f6b1d;
  private readonly state: FakeState;
  private baseUrlValue = '';

  private constructor(
    private readonly server: Server,
    private readonly token: string,
    options: GraphFakeOptions,
  ) {
    this.state = {
      users: options.users ?? seedOrganisation(),
      tables: options.tables ?? [],
      paging: options.paging ?? 'skip',
      maxPageSize: options.maxPageSize ?? 1000,
      sentMail: [],
      installs: new Map(),
      versionRoot: () => `${this.baseUrlValue}${VERSION}`,
    };
  }

  static async start(options: GraphFakeOptions = {}): Promise<GraphFake> {
    const server = createServer();
    const fake = new GraphFake(server, options.token ?? FAKE_GRAPH_TOKEN, options);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.baseUrlValue = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Scheme, host and port, without the version: what the client's baseUrl is set to. */
  get baseUrl(): string {
    return this.baseUrlValue;
  }

  get sentMail(): readonly SentMail[] {
    return this.state.sentMail;
  }

  get users(): FakeUser[] {
    return this.state.users;
  }

  addTable(table: FakeTable): void {
    this.state.tables.push(table);
  }

  setAutoReplies(userId: string, setting: FakeAutoReplies): void {
    const u = this.state.users.find((x) => x.id === userId);
    if (!u) throw new Error(`no fake user ${userId}`);
    u.autoReplies = setting;
  }

  markInstalled(userId: string, teamsAppId: string): void {
    const mine = this.state.installs.get(userId) ?? new Map<string, string>();
    mine.set(teamsAppId, `inst-${userId}-${teamsAppId}`);
    this.state.installs.set(userId, mine);
  }

  /** Faults on top-level HTTP requests (a whole $batch included). */
  addFault(rule: FaultRule): void {
    this.faults.push({ rule, seen: 0 });
  }

  /** Faults on the individual items inside $batch requests. */
  addBatchItemFault(rule: FaultRule): void {
    this.itemFaults.push({ rule, seen: 0 });
  }

  clearFaults(): void {
    this.faults.length = 0;
    this.itemFaults.length = 0;
  }

  /** How many requests (top-level and batch items) matched; faulted ones included. */
  count(path?: string | RegExp, options: { method?: string; inBatch?: boolean } = {}): number {
    return this.requests.filter(
      (r) =>
        matches(r.path, path) &&
        (options.method === undefined || r.method === options.method) &&
        (options.inBatch === undefined || r.inBatch === options.inBatch),
    ).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private nextRandom(): number {
    // mulberry32: the same fraction of faults on every run.
    let t = (this.random = (this.random + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private injected(faults: ActiveFault[], method: string, path: string): FakeResponse | 'drop' | null {
    for (const fault of faults) {
      const { rule } = fault;
      if (!matches(path, rule.path) || (rule.method !== undefined && rule.method !== method)) continue;
      fault.seen += 1;
      const hit =
        rule.nth !== undefined
          ? fault.seen >= rule.nth && fault.seen < rule.nth + (rule.times ?? 1)
          : rule.fraction !== undefined
            ? this.nextRandom() < rule.fraction
            : true;
      if (!hit) continue;
      if (rule.status === 'drop') return 'drop';
      const headers: Record<string, string> = rule.retryAfterSeconds !== undefined ? { 'Retry-After': String(rule.retryAfterSeconds) } : {};
      const message = rule.status === 403 ? 'Insufficient privileges to complete the operation.' : 'Injected fault.';
      return graphError(rule.status, rule.graphCode ?? DEFAULT_CODES[rule.status] ?? 'Error', message, headers);
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.baseUrlValue);
    const method = req.method ?? 'GET';
    const path = url.pathname.startsWith(VERSION) ? url.pathname.slice(VERSION.length) : url.pathname;
    const record: RecordedRequest = { method, path: path + url.search, status: 0, at: Date.now(), inBatch: false };
    this.requests.push(record);
    let response: FakeResponse;
    let body: unknown = null;
    let unreadable = false;
    try {
      body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
    } catch {
      unreadable = true;
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      response = graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    } else if (unreadable) {
      response = graphError(400, 'BadRequest', 'Unable to read JSON request payload.');
    } else if (!url.pathname.startsWith(`${VERSION}/`)) {
      response = graphError(400, 'BadRequest', 'Invalid version.');
    } else {
      const fault = this.injected(this.faults, method, record.path);
      if (fault === 'drop') {
        res.socket?.destroy();
        return;
      }
      response = fault ?? (path === '/$batch' && method === 'POST' ? this.batch(body) : routeRequest(this.state, method, path, url.searchParams, body));
    }
    record.status = response.status;
    const headers: Record<string, string> = { ...(response.headers ?? {}) };
    if (response.body !== undefined) headers['Content-Type'] = 'application/json';
    res.writeHead(response.status, headers);
    res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  }

  private batch(body: unknown): FakeResponse {
    const requests = (body as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) return graphError(400, 'BadRequest', 'Invalid batch payload format.');
    if (requests.length > 20) return graphError(400, 'BadRequest', 'The number of requests in the batch exceeded 20.');
    this.batchSizes.push(requests.length);
    const responses = requests.map((item: { id?: unknown; method?: unknown; url?: unknown; body?: unknown }) => {
      const id = String(item.id);
      const method = typeof item.method === 'string' ? item.method.toUpperCase() : 'GET';
      const url = new URL(typeof item.url === 'string' ? item.url.replace(/^\/?/, '/') : '/', 'http://batch');
      const record: RecordedRequest = { method, path: url.pathname + url.search, status: 0, at: Date.now(), inBatch: true };
      this.requests.push(record);
      const itemFault = this.injected(this.itemFaults, method, record.path);
      // A batch item has no connection of its own to drop: a 'drop' rule only applies to whole requests.
      const answer = (itemFault === 'drop' ? null : itemFault) ?? routeRequest(this.state, method, url.pathname, url.searchParams, item.body ?? null);
      record.status = answer.status;
      const headers = { ...(answer.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(answer.headers ?? {}) };
      return { id, status: answer.status, headers, ...(answer.body !== undefined ? { body: answer.body } : {}) };
    });
    return { status: 200, body: { responses } };
  }
}

function matches(path: string, pattern: string | RegExp | undefined): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}
