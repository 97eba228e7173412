/**
 * Errors from Microsoft Graph, reduced to the few cases the app branches on. Each message says what to fix,
 * because the person reading it is usually an administrator with the Entra ID portal open.
 */
import { GraphError as LibraryGraphError } from '@microsoft/microsoft-graph-client';
import { retryAfterMs } from '../http/retry-after';

export type GraphErrorCode =
  | 'THROTTLED' // 429 still after the retries; try again after retryAfterSeconds
  | 'NOT_FOUND'
  | 'CONSENT_MISSING' // 403: an application permission is not granted (or admin consent not given)
  | 'UNAUTHENTICATED' // 401 or the credential could not get a token
  | 'UNAVAILABLE' // 5xx after the retries, or the network failed
  | 'MALFORMED' // Graph answered, but not in the shape the documented API promises
  | 'REJECTED'; // any other 4xx: the request itself was wrong

/** What the app was trying to do, and which application permission that needs (for the 403 message). */
export interface GraphOperation {
  readonly what: string;
  readonly permission: string;
}

export class GraphError extends Error {
  constructor(
    readonly code: GraphErrorCode,
    message: string,
    readonly status: number | null = null,
    readonly graphCode: string | null = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** Throttled or unavailable: worth trying again later, unlike a refusal (permission, not found, bad request). */
export function isTransientGraphError(e: unknown): e is GraphError {
  return e instanceof GraphError && (e.code === 'THROTTLED' || e.code === 'UNAVAILABLE');
}

/** Retry-After in whole seconds, rounded up, as GraphError carries it (see http/retry-after.ts). */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  const ms = retryAfterMs(value, nowMs);
  return ms === null ? null : Math.ceil(ms / 1000);
}

/** The error for an HTTP status from Graph (a whole response, or one item of a $batch). */
export function errorForStatus(
  op: GraphOperation,
  status: number,
  graphCode: string | null,
  retryAfterSeconds: number | null,
): GraphError {
  const detail = graphCode ? `${status} ${graphCode}` : String(status);
  if (status === 429) {
    const wait = retryAfterSeconds === null ? 'a few minutes' : `${retryAfterSeconds} s`;
    return new GraphError('THROTTLED', `Graph throttled the request to ${op.what} (${detail}); try again after ${wait}.`, status, graphCode, retryAfterSeconds);
  }
  if (status === 404) {
    return new GraphError('NOT_FOUND', `Graph could not find what was asked for when trying to ${op.what} (${detail}); check the id is right and still exists.`, status, graphCode);
  }
  if (status === 403) {
    return new GraphError(
      'CONSENT_MISSING',
      `Graph refused to ${op.what} (${detail}). Grant the application permission ${op.permission} to the Audit Loop app registration in Entra ID and have an administrator grant admin consent.`,
      status,
      graphCode,
    );
  }
  if (status === 401) {
    return new GraphError('UNAUTHENTICATED', `Graph did not accept the app's token when trying to ${op.what} (${detail}); check the tenant id, client id and secret or certificate in the Graph configuration.`, status, graphCode);
  }
  if (status <= 0) {
    return new GraphError('UNAVAILABLE', `Could not reach Graph to ${op.what} (${graphCode ?? 'network error'}); check the network and the Graph base URL.`, null, graphCode);
  }
  if (status >= 500) {
    return new GraphError('UNAVAILABLE', `Graph was unavailable when trying to ${op.what} (${detail}); it will be tried again later.`, status, graphCode, retryAfterSeconds);
  }
  return new GraphError('REJECTED', `Graph rejected the request to ${op.what} (${detail}); this is a bug in Audit Loop or an id in its configuration.`, status, graphCode);
}

function headerValue(headers: unknown, name: string): string | null {
  return headers instanceof Headers ? headers.get(name) : null;
}

/** Converts whatever the Graph client threw into a GraphError. */
export function toGraphError(error: unknown, op: GraphOperation): GraphError {
  if (error instanceof GraphError) return error;
  if (error instanceof LibraryGraphError) {
    const retryAfter = parseRetryAfter(headerValue(error.headers, 'Retry-After'));
    // The library puts the JS error's name into `code` when no HTTP response came back.
    const credentialFailure = error.code === 'CredentialUnavailableError' || error.code === 'AuthenticationRequiredError' || error.code === 'AuthenticationError';
    if (credentialFailure) return errorForStatus(op, 401, error.code, null);
    return errorForStatus(op, error.statusCode, error.code, retryAfter);
  }
  const name = error instanceof Error ? error.name : 'Error';
  if (name === 'CredentialUnavailableError' || name === 'AuthenticationError' || name === 'AuthenticationRequiredError') {
    return errorForStatus(op, 401, name, null);
  }
  const text = error instanceof Error ? error.message : String(error);
  return new GraphError('UNAVAILABLE', `Could not reach Graph to ${op.what}: ${text}`, null, name);
}

/** Run one Graph call, turning any failure into a GraphError. */
export async function graphCall<T>(op: GraphOperation, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGraphError(error, op);
  }
}
