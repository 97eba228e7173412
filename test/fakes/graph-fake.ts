/**
 * A local Microsoft Graph for tests: a real HTTP server on port 0 serving /v1.0 with a required bearer
 * token, seeded data, JSON batching, fault injection (429 with Retry-After, 5xx, 403 consent missing) and
 * counters of every request, so tests assert on what really went over the wire.
 *
 * It tells the truth about the two things the Forms sync depends on: drive items' /content answers 302 to a second
 * local host (the pre-authenticated download URL) that refuses any request carrying an Authorization header, with
 * eTags and 304 for If-None-Match; and the workbook API (any /workbook/ path) answers an app-only token with the
 * 403 a tenant enforcing Graph's documented rule gives (the workbook API supports delegated permissions only).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedOrganisation, xlsxOf, type FakeAutoReplies, type FakeTable, type FakeUser } from './graph-fake-data';
import { graphError, routeRequest, type FakeResponse, type FakeState, type SentMail } from './graph-fake-routes';

/** A token shaped like Entra's (unsigned: the fake checks it by value): `roles` and no `scp` is app-only. */
export function fakeToken(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'none' })}.${part({ aud: 'https://graph.microsoft.com', tid: 'fake-tenant', ...claims })}.fake`;
}

/** The app's own token, as the managed identity, client secret or certificate gets it: app-only. */
export const FAKE_GRAPH_TOKEN = fakeToken({ idtyp: 'app', roles: ['Files.Read.All', 'User.Read.All', 'Mail.Send', 'MailboxSettings.Read'] });
/** A signed-in user's token (delegated), which the fake also accepts: the workbook API is not refused to it. */
export const FAKE_DELEGATED_TOKEN = fakeToken({ idtyp: 'user', scp: 'Files.ReadWrite User.Read' });

/** App-only when the token carries application roles and no delegated scopes, as Graph tells them apart. */
export function isAppOnly(token: string): boolean {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scp?: unknown; roles?: unknown; idtyp?: unknown };
    return claims.idtyp === 'app' || (claims.scp === undefined && Array.isArray(claims.roles));
  } catch {
    return false;
  }
}
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
  /** The app-only token accepted (FAKE_GRAPH_TOKEN unless told). FAKE_DELEGATED_TOKEN is accepted too. */
  token?: string;
  users?: FakeUser[];
  /** Forms workbooks, served as .xlsx from their drive items. */
  tables?: FakeTable[];
}

/** A request that reached the download host. */
export interface DownloadRequest {
  path: string;
  /** The Authorization header it carried, if any: the host refuses it, and tests check it never arrives. */
  authorization: string | undefined;
  status: number;
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
  /** Every request the download host received. */
  readonly downloads: DownloadRequest[] = [];
  private readonly faults: ActiveFault[] = [];
  private readonly itemFaults: ActiveFault[] = [];
  private readonly downloadFaults: ActiveFault[] = [];
  private readonly versions = new Map<string, number>();
  private downloadRootValue = '';
  private random = 0x2f6b1d;
  private readonly state: FakeState;
  private baseUrlValue = '';

  private constructor(
    private readonly server: Server,
    private readonly downloadServer: Server,
    private readonly token: string,
    options: GraphFakeOptions,
  ) {
    this.state = {
      users: options.users ?? seedOrganisation(),
      items: new Map(),
      downloadRoot: () => this.downloadRootValue,
      sentMail: [],
      installs: new Map(),
      versionRoot: () => `${this.baseUrlValue}${VERSION}`,
    };
  }

  static async start(options: GraphFakeOptions = {}): Promise<GraphFake> {
    const server = createServer();
    const downloadServer = createServer();
    const fake = new GraphFake(server, downloadServer, options.token ?? FAKE_GRAPH_TOKEN, options);
    server.on('request', (req, res) => void fake.handle(req, res));
    downloadServer.on('request', (req, res) => fake.serveDownload(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Another port is another origin than Graph's, as SharePoint's download host is.
    await new Promise<void>((resolve) => downloadServer.listen(0, '127.0.0.1', resolve));
    fake.baseUrlValue = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fake.downloadRootValue = `http://127.0.0.1:${(downloadServer.address() as AddressInfo).port}`;
    for (const table of options.tables ?? []) await fake.putTable(table);
    return fake;
  }

  /** Scheme, host and port of the download host. */
  get downloadRoot(): string {
    return this.downloadRootValue;
  }

  /** Puts (or replaces) the workbook of a table; a changed file gets a new eTag, an identical one keeps its eTag. */
  async putTable(table: FakeTable): Promise<void> {
    this.putFile(table.driveId, table.itemId, table.name, await xlsxOf(table));
  }

  putFile(driveId: string, itemId: string, name: string, bytes: Buffer): void {
    const key = `${driveId}/${itemId}`;
    const current = this.state.items.get(key);
    if (current !== undefined && current.bytes.equals(bytes)) return;
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    this.state.items.set(key, { name, bytes, eTag: `"{${itemId.toUpperCase()}},${version}"` });
  }

  /** The eTag Graph currently gives the item. */
  eTagOf(driveId: string, itemId: string): string | undefined {
    return this.state.items.get(`${driveId}/${itemId}`)?.eTag;
  }

  /** Faults on the download host (path below it, e.g. '/download/'). */
  addDownloadFault(rule: FaultRule): void {
    this.downloadFaults.push({ rule, seen: 0 });
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
    this.downloadFaults.length = 0;
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
    for (const server of [this.server, this.downloadServer]) {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    }
  }

  /** The pre-authenticated download URL's host: bytes for a request without credentials, 401 for one with them. */
  private serveDownload(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.downloadRootValue);
    const record: DownloadRequest = { path: url.pathname + url.search, authorization: req.headers.authorization, status: 0 };
    this.downloads.push(record);
    const send = (r: FakeResponse, bytes?: Buffer): void => {
      record.status = r.status;
      if (bytes !== undefined) {
        res.writeHead(r.status, { ...(r.headers ?? {}), 'Content-Length': String(bytes.length) });
        res.end(bytes);
        return;
      }
      res.writeHead(r.status, { ...(r.headers ?? {}), 'Content-Type': 'application/json' });
      res.end(JSON.stringify(r.body));
    };
    // SharePoint refuses a bearer token on a pre-authenticated URL; so does the fake, and records that it came.
    if (req.headers.authorization !== undefined) return send(graphError(401, 'invalidRequest', 'A pre-authenticated download URL does not accept an Authorization header.'));
    const fault = this.injected(this.downloadFaults, req.method ?? 'GET', record.path);
    if (fault === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (fault !== null) return send(fault);
    const match = /^\/download\/([^/]+)$/.exec(url.pathname);
    const item = match?.[1] === undefined ? undefined : this.state.items.get(decodeURIComponent(match[1]));
    if (item === undefined || url.searchParams.get('tempauth') === null) return send(graphError(404, 'itemNotFound', 'The resource could not be found.'));
    send({ status: 200, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ETag: item.eTag } }, item.bytes);
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
    const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const appOnly = presented !== undefined && isAppOnly(presented);
    if (presented !== this.token && presented !== FAKE_DELEGATED_TOKEN) {
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
      const headers = { 'if-none-match': String(req.headers['if-none-match'] ?? '') };
      response = fault ?? (path === '/$batch' && method === 'POST' ? this.batch(body, appOnly) : workbookRefusal(path, appOnly) ?? routeRequest(this.state, method, path, url.searchParams, body, headers));
    }
    record.status = response.status;
    const headers: Record<string, string> = { ...(response.headers ?? {}) };
    if (response.body !== undefined) headers['Content-Type'] = 'application/json';
    res.writeHead(response.status, headers);
    res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  }

  private batch(body: unknown, appOnly: boolean): FakeResponse {
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
      const answer = (itemFault === 'drop' ? null : itemFault) ?? workbookRefusal(url.pathname, appOnly) ?? routeRequest(this.state, method, url.pathname, url.searchParams, item.body ?? null);
      record.status = answer.status;
      const headers = { ...(answer.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(answer.headers ?? {}) };
      return { id, status: answer.status, headers, ...(answer.body !== undefined ? { body: answer.body } : {}) };
    });
    return { status: 200, body: { responses } };
  }
}

/**
 * Graph documents the workbook API (tables, rows, ranges…) for delegated permissions only ("Application: Not
 * supported"); a tenant enforcing that answers an app-only token with 403, and so does the fake. For a delegated
 * token the fake has no workbook API to offer.
 */
function workbookRefusal(path: string, appOnly: boolean): FakeResponse | null {
  if (!path.includes('/workbook/') && !path.endsWith('/workbook')) return null;
  if (appOnly) return graphError(403, 'AccessDenied', 'The workbook API does not support application permissions: app-only tokens are not allowed for this request.');
  return graphError(400, 'BadRequest', 'The fake does not serve the workbook API.');
}

function matches(path: string, pattern: string | RegExp | undefined): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}
