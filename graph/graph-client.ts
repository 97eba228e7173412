/**
 * The Microsoft Graph client: the library's Client over a middleware chain of our token handler and the
 * library's RetryHandler (429/503/504, honouring Retry-After), RedirectHandler, TelemetryHandler and
 * HTTPMessageHandler. The base URL is configurable so tests point the same code at the local fake.
 */
import { z } from 'zod';
import {
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { TokenCredential } from '@azure/identity';
import { ThrottlingObserver } from './graph-throttling';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export const GraphClientConfigSchema = z
  .object({
    /** Scheme and host only, e.g. https://graph.microsoft.com (or a national cloud, or the local fake). */
    baseUrl: z.url().default('https://graph.microsoft.com'),
    version: z.enum(['v1.0', 'beta']).default('v1.0'),
    scopes: z.array(z.string().min(1)).min(1).default(['https://graph.microsoft.com/.default']),
    /** Library limits: at most 10 retries, at most 180 s base delay. */
    maxRetries: z.number().int().min(0).max(10).default(3),
    retryDelaySeconds: z.number().min(0).max(180).default(3),
  })
  .superRefine((config, ctx) => {
    const url = new URL(config.baseUrl);
    if (url.pathname !== '/' || url.search !== '') {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'baseUrl is scheme and host only; the version goes in "version"' });
    }
    // A bearer token must never travel in clear text beyond this machine.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'baseUrl must be https (http is allowed only for localhost fakes)' });
    }
  });
export type GraphClientConfig = z.infer<typeof GraphClientConfigSchema>;
export type GraphClientConfigInput = z.input<typeof GraphClientConfigSchema>;

function requestUrl(request: RequestInfo): string {
  return typeof request === 'string' ? request : request.url;
}

function setHeader(context: Context, name: string, value: string): void {
  if (typeof context.request !== 'string') {
    context.request.headers.set(name, value);
    return;
  }
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) options.headers = [...headers.filter(([key]) => key.toLowerCase() !== name.toLowerCase()), [name, value]];
  else options.headers = { ...(headers ?? {}), [name]: value };
}

/**
 * Adds the bearer token, only to requests for the configured origin. Not the library's AuthenticationHandler:
 * that one recognises https URLs of known hosts only, so a localhost fake would silently get no token and
 * tests would no longer exercise the production path.
 */
class OriginAuthenticationHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly origin: string,
    private readonly provider: TokenCredentialAuthenticationProvider,
  ) {}

  async execute(context: Context): Promise<void> {
    if (new URL(requestUrl(context.request)).origin === this.origin) {
      const token = await this.provider.getAccessToken();
      setHeader(context, 'Authorization', `Bearer ${token}`);
    }
    if (!this.next) throw new Error('OriginAuthenticationHandler is not the last middleware; HTTPMessageHandler must follow it');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Sends a read again when the connection failed before any answer came (a pooled keep-alive socket the server had
 * just closed, a reset): the library's RetryHandler only looks at HTTP statuses, and a GET is safe to repeat.
 */
class ConnectionRetryHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly attempts: number) {}

  async execute(context: Context): Promise<void> {
    const method = (typeof context.request === 'string' ? context.options?.method : context.request.method) ?? 'GET';
    const idempotent = method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD';
    for (let attempt = 1; ; attempt++) {
      try {
        await this.next?.execute(context);
        return;
      } catch (error) {
        // fetch reports a failed connection as a TypeError (by name: it may come from another realm, as under jest);
        // anything else is not ours to repeat.
        const connectionFailed = typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TypeError';
        if (!idempotent || !connectionFailed || attempt >= this.attempts) throw error;
      }
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export interface GraphClientHandle {
  readonly client: Client;
  readonly config: GraphClientConfig;
  /** `${baseUrl}/${version}`: absolute links (e.g. @odata.nextLink) must start with this to be followed. */
  readonly root: string;
}

export function createGraphClient(credential: TokenCredential, input: GraphClientConfigInput = {}): GraphClientHandle {
  const config = GraphClientConfigSchema.parse(input);
  const origin = new URL(config.baseUrl).origin;
  const provider = new TokenCredentialAuthenticationProvider(credential, { scopes: config.scopes });
  const middleware: Middleware[] = [
    new OriginAuthenticationHandler(origin, provider),
    new ConnectionRetryHandler(3),
    new RetryHandler(new RetryHandlerOptions(config.retryDelaySeconds, config.maxRetries)),
    new ThrottlingObserver(),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new HTTPMessageHandler(),
  ];
  const client = Client.initWithMiddleware({ middleware, baseUrl: origin, defaultVersion: config.version });
  return { client, config, root: `${origin}/${config.version}` };
}

/**
 * The path-and-query of an absolute Graph link relative to the version root, for `client.api()`.
 * (The library re-parses only https links itself.) A link to any other origin is refused: the token goes with it.
 */
export function relativeToRoot(root: string, link: string): string | null {
  if (!link.startsWith(`${root}/`)) return null;
  return link.slice(root.length);
}
