/**
 * Downloading a drive item (the Forms response workbook) the way Graph documents for an app: `GET
 * /drives/{drive}/items/{item}/content` (application permission Files.Read.All, or Sites.Selected with read on the
 * site), which answers 302 to a pre-authenticated download URL. The workbook API (`/workbook/tables/…/rows`) is not
 * used: Graph documents it for delegated permissions only.
 *
 * The first hop goes through the Graph client (its token, retries on 429/5xx, throttling counts) with redirects
 * switched off; the second is a plain fetch with no Authorization header, so the bearer token never reaches the
 * download host whatever the client library or fetch would do on a cross-origin redirect.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { RedirectHandlerOptions, ResponseType } from '@microsoft/microsoft-graph-client';
import type { GraphClientHandle } from './graph-client';
import { GraphError, errorForStatus, graphCall, parseRetryAfter, type GraphOperation } from './graph-errors';
import type { DriveItemRef } from './graph-port';
import { DriveItemSchema, ODataErrorSchema, type DriveItemMeta } from './graph-schemas';

/** What the app needs to read the workbook: Files.Read.All, or Sites.Selected with read granted on its site. */
export const WORKBOOK_READ_PERMISSION = 'Files.Read.All (or Sites.Selected with read access granted on the site that holds the workbook)';

export type DownloadOutcome =
  | { readonly kind: 'unchanged'; readonly eTag: string }
  | { readonly kind: 'changed'; readonly eTag: string | null; readonly body: Readable };

export interface DownloadOptions {
  /** The download host's own 429/5xx answers are retried this many times (default: the client's maxRetries). */
  readonly maxRetries?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const e = encodeURIComponent;
const itemPath = (item: DriveItemRef): string => `/drives/${e(item.driveId)}/items/${e(item.itemId)}`;

async function errorOf(op: GraphOperation, response: Response): Promise<GraphError> {
  let code: string | null = null;
  try {
    const body = ODataErrorSchema.safeParse(await response.json());
    if (body.success) code = body.data.error.code;
  } catch {
    // Not JSON: the status says enough.
  }
  return errorForStatus(op, response.status, code, parseRetryAfter(response.headers.get('Retry-After')));
}

function bodyOf(response: Response, op: GraphOperation): Readable {
  if (response.body === null) throw new GraphError('MALFORMED', `The answer to ${op.what} had no content.`);
  return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
}

/** The pre-authenticated URL, refused unless https (http only for a local fake), as the Graph base URL is. */
function downloadUrl(location: string, op: GraphOperation): URL {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new GraphError('MALFORMED', `Graph's answer to ${op.what} redirected to "${location}", which is not an absolute URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new GraphError('MALFORMED', `Graph's answer to ${op.what} redirected to ${url.origin}, which is not https; not followed.`);
  }
  return url;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * GETs the item's content with If-None-Match: a 304 means the file has not changed since `ifNoneMatch` and nothing
 * is downloaded. Otherwise the body streams from the download host. The eTag comes from Graph's answer (or, failing
 * that, the download host's) for the next call.
 */
export async function downloadItem(handle: GraphClientHandle, item: DriveItemRef, ifNoneMatch: string | null, options: DownloadOptions = {}): Promise<DownloadOutcome> {
  const op: GraphOperation = { what: `download the Forms workbook ${item.driveId}/${item.itemId}`, permission: WORKBOOK_READ_PERMISSION };
  const first: Response = await graphCall(op, () => {
    let request = handle.client.api(`${itemPath(item)}/content`).responseType(ResponseType.RAW).middlewareOptions([new RedirectHandlerOptions(0)]);
    if (ifNoneMatch !== null) request = request.header('If-None-Match', ifNoneMatch);
    return request.get() as Promise<Response>;
  });
  const graphETag = first.headers.get('ETag');
  if (first.status === 304) {
    await first.body?.cancel();
    return { kind: 'unchanged', eTag: graphETag ?? ifNoneMatch ?? '' };
  }
  if (first.status === 200) return { kind: 'changed', eTag: graphETag, body: bodyOf(first, op) };
  if (!REDIRECTS.has(first.status)) throw await errorOf(op, first);
  await first.body?.cancel();
  const location = first.headers.get('Location');
  if (location === null) throw new GraphError('MALFORMED', `Graph's answer to ${op.what} was a ${first.status} without a Location.`);
  const url = downloadUrl(location, op);

  const download: GraphOperation = { what: `${op.what} from ${url.host}`, permission: op.permission };
  const maxRetries = options.maxRetries ?? handle.config.maxRetries;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      // No Authorization: the URL carries its own short-lived authorisation. Redirects are not followed either.
      response = await fetch(url, { redirect: 'manual', headers: { Accept: '*/*' } });
    } catch (error) {
      if (attempt < maxRetries) continue;
      throw new GraphError('UNAVAILABLE', `Could not reach ${url.host} to ${op.what}: ${error instanceof Error ? error.message : String(error)}`, null, 'network');
    }
    if (response.status === 200) return { kind: 'changed', eTag: graphETag ?? response.headers.get('ETag'), body: bodyOf(response, download) };
    const retryable = response.status === 429 || response.status >= 500;
    if (!retryable || attempt >= maxRetries) throw await errorOf(download, response);
    await response.body?.cancel();
    const wait = parseRetryAfter(response.headers.get('Retry-After')) ?? handle.config.retryDelaySeconds * 2 ** attempt;
    await sleep(wait * 1000);
  }
}

/** The item's id, name and eTag: one metadata GET, the start-up check that the app may read the workbook at all. */
export async function getItemMeta(handle: GraphClientHandle, item: DriveItemRef): Promise<DriveItemMeta> {
  const op: GraphOperation = { what: `read the Forms workbook's details (${item.driveId}/${item.itemId})`, permission: WORKBOOK_READ_PERMISSION };
  const raw: unknown = await graphCall(op, () => handle.client.api(`${itemPath(item)}?$select=id,name,eTag`).get());
  const parsed = DriveItemSchema.safeParse(raw);
  if (!parsed.success) throw new GraphError('MALFORMED', `Graph's answer to ${op.what} was not a driveItem: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
