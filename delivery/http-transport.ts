/**
 * The connector client's wire: one JSON request over node:http(s) on keep-alive agents. The global fetch() did the same
 * job with several times the allocations per request (streams, Headers, Request/Response objects), and at 50 requests
 * a second its short-lived state, caught in flight by the young-generation collector, filled the old generation and
 * pushed the bot's resident memory well past what it needs.
 */
import http from 'node:http';
import https from 'node:https';

export interface WireResponse {
  status: number;
  /** A response header by lower-case name; the first value if it was repeated. */
  header(name: string): string | null;
  body: string;
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  /** Called once the request has been handed to the operating system: the moment it really left. */
  onWire?: (() => void) | undefined;
}

export type Transport = (request: WireRequest) => Promise<WireResponse>;

const plain = { request: http.request, agent: new http.Agent({ keepAlive: true }) };
const secure = { request: https.request, agent: new https.Agent({ keepAlive: true }) };

/** Rejects on a network failure or when the signal aborts (with the signal's reason), never on an HTTP status. */
export const nodeHttpTransport: Transport = (request) =>
  new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const { request: send, agent } = url.protocol === 'https:' ? secure : plain;
    const body = Buffer.from(request.body, 'utf8');
    // An abort (the caller's timeout) wins over whatever error the torn-down socket reports.
    const fail = (error: unknown): void => reject(request.signal.aborted ? (request.signal.reason as unknown) : error);
    const req = send(
      url,
      { method: request.method, agent, headers: { ...request.headers, 'content-length': String(body.length) }, signal: request.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('response aborted')));
        res.on('end', () => {
          const headers = res.headers;
          resolve({
            status: res.statusCode ?? 0,
            header: (name) => {
              const value = headers[name];
              return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
            },
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', fail);
    if (request.onWire) req.once('finish', request.onWire);
    req.end(body);
  });
