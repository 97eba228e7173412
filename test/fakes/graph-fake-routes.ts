/**
 * The resources of the Graph fake, answering as Graph v1.0 documents them. One function serves both plain
 * requests and the items of a $batch, as Graph does.
 */
import type { FakeUser } from './graph-fake-data';

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface SentMail {
  from: string;
  body: unknown;
}

/** A file in a drive: its bytes and the eTag Graph gives it (a new one whenever the bytes change). */
export interface FakeDriveItem {
  name: string;
  bytes: Buffer;
  eTag: string;
}

export interface FakeState {
  users: FakeUser[];
  /** `${driveId}/${itemId}` → file. */
  items: Map<string, FakeDriveItem>;
  /** Where /content redirects to: the fake's second host (scheme, host and port). */
  downloadRoot: () => string;
  sentMail: SentMail[];
  /** userId → teamsAppId → installation id */
  installs: Map<string, Map<string, string>>;
  versionRoot: () => string;
}

export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, body: { error: { code, message, innerError: { 'request-id': 'fake', date: new Date().toISOString() } } } };
}

const ok = (body: unknown, status = 200): FakeResponse => ({ status, body });

function findUser(state: FakeState, idOrUpn: string): FakeUser | undefined {
  const key = idOrUpn.toLowerCase();
  return state.users.find((u) => u.id === idOrUpn || u.userPrincipalName.toLowerCase() === key);
}

function person(u: FakeUser): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.user', id: u.id, displayName: u.displayName, mail: u.mail, userPrincipalName: u.userPrincipalName };
}

function sendMail(state: FakeState, u: FakeUser, body: unknown): FakeResponse {
  const message = (body as { message?: { toRecipients?: unknown; body?: { contentType?: unknown } } } | null)?.message;
  if (!message || !Array.isArray(message.toRecipients) || message.toRecipients.length === 0) {
    return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
  }
  if (message.body?.contentType !== 'HTML' && message.body?.contentType !== 'Text') return graphError(400, 'RequestBodyRead', 'Invalid body content type.');
  state.sentMail.push({ from: u.id, body });
  return { status: 202 };
}

function installApp(state: FakeState, u: FakeUser, body: unknown): FakeResponse {
  const bind = (body as Record<string, unknown> | null)?.['teamsApp@odata.bind'];
  const match = typeof bind === 'string' ? /\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind) : null;
  if (!match?.[1]) return graphError(400, 'BadRequest', 'teamsApp@odata.bind is missing or invalid.');
  const appId = decodeURIComponent(match[1]);
  const mine = state.installs.get(u.id) ?? new Map<string, string>();
  state.installs.set(u.id, mine);
  if (mine.has(appId)) return graphError(409, 'Conflict', 'App is already installed for this user.');
  mine.set(appId, `inst-${u.id}-${appId}`);
  return { status: 201 };
}

/** GET a driveItem ($select honoured for id, name, eTag) or its /content (302 to the download host, or 304). */
function driveItem(state: FakeState, seg: readonly string[], query: URLSearchParams, headers: Readonly<Record<string, string>>): FakeResponse {
  const key = `${seg[1] ?? ''}/${seg[3] ?? ''}`;
  const item = state.items.get(key);
  if (!item) return graphError(404, 'itemNotFound', 'The resource could not be found.');
  if (seg.length === 4) {
    const all: Record<string, unknown> = { id: seg[3], name: item.name, eTag: item.eTag, cTag: item.eTag, size: item.bytes.length, file: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } };
    const select = query.get('$select');
    return ok(select === null ? all : Object.fromEntries(select.split(',').filter((f) => f in all).map((f) => [f, all[f]])));
  }
  if (headers['if-none-match'] === item.eTag) return { status: 304, headers: { ETag: item.eTag } };
  return { status: 302, headers: { Location: `${state.downloadRoot()}/download/${encodeURIComponent(key)}?tempauth=fake-preauthenticated`, ETag: item.eTag } };
}

/** Serves one request; `path` is below /v1.0 with segments still encoded. */
export function routeRequest(state: FakeState, method: string, path: string, query: URLSearchParams, body: unknown, headers: Readonly<Record<string, string>> = {}): FakeResponse {
  const seg = path.split('/').slice(1).map(decodeURIComponent);
  const notFound = graphError(404, 'Request_ResourceNotFound', `Resource '${seg.at(-1) ?? ''}' does not exist or one of its queried reference-property objects are not present.`);
  if (seg[0] === 'users' && seg.length === 1 && method === 'GET') {
    const filter = /^mail eq '((?:[^']|'')*)'$/.exec(query.get('$filter') ?? '');
    if (!filter?.[1]) return graphError(400, 'Request_UnsupportedQuery', 'The fake supports only $filter=mail eq \'…\'.');
    const wanted = filter[1].replace(/''/g, "'").toLowerCase();
    return ok({ value: state.users.filter((u) => u.mail?.toLowerCase() === wanted).map(person) });
  }
  if (seg[0] === 'users' && seg[1] !== undefined) {
    const u = findUser(state, seg[1]);
    if (!u) return graphError(404, 'Request_ResourceNotFound', `Resource '${seg[1]}' does not exist or one of its queried reference-property objects are not present.`);
    const rest = seg.slice(2).join('/');
    if (rest === '' && method === 'GET') return ok(person(u));
    if (rest === 'manager' && method === 'GET') {
      const manager = u.managerId === null ? undefined : findUser(state, u.managerId);
      return manager ? ok(person(manager)) : notFound;
    }
    if (rest === 'mailboxSettings/automaticRepliesSetting' && method === 'GET') {
      return ok({ '@odata.context': `${state.versionRoot()}/$metadata#users('${u.id}')/mailboxSettings/automaticRepliesSetting`, externalAudience: 'none', ...(u.autoReplies ?? { status: 'disabled' }) });
    }
    if (rest === 'sendMail' && method === 'POST') return sendMail(state, u, body);
    if (rest === 'teamwork/installedApps' && method === 'POST') return installApp(state, u, body);
    if (rest === 'teamwork/installedApps' && method === 'GET') {
      const appFilter = /^teamsApp\/id eq '([^']*)'$/.exec(query.get('$filter') ?? '');
      const installed = [...(state.installs.get(u.id) ?? new Map<string, string>()).entries()].filter(([appId]) => !appFilter || appFilter[1] === appId);
      return ok({ value: installed.map(([appId, id]) => ({ id, teamsApp: { id: appId } })) });
    }
    if (seg[2] === 'teamwork' && seg[3] === 'installedApps' && seg[5] === 'chat' && seg.length === 6 && method === 'GET') {
      const known = [...(state.installs.get(u.id)?.values() ?? [])].includes(seg[4] ?? '');
      return known ? ok({ id: `19:${u.id}_${seg[4]}@unq.gbl.spaces`, chatType: 'oneOnOne' }) : notFound;
    }
    return notFound;
  }
  if (seg[0] === 'drives' && seg[2] === 'items' && method === 'GET' && (seg.length === 4 || (seg.length === 5 && seg[4] === 'content'))) {
    return driveItem(state, seg, query, headers);
  }
  return graphError(400, 'BadRequest', `Unsupported segment in the fake: ${method} ${path}`);
}
