/**
 * The fake Teams connector on a thread of its own. A test that checks Teams' real 1 s windows to the request must not
 * share an event loop with the sender: a pause in the sender's loop (a garbage collection, cold code) would delay the
 * fake stamping one request's arrival until the next is in, and count both in one window. Same fake, same protocol;
 * the test asks it for its counts over messages.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { startTeamsConnector, type DeliveredActivity, type FakeConnectorOptions } from './teams-connector';

const METHODS = ['addConversation', 'stats', 'duplicates', 'delivered', 'busiestWindow', 'close'] as const;
const RequestSchema = z.object({ id: z.number().int(), method: z.enum(METHODS), args: z.array(z.unknown()) });
const ReplySchema = z.union([
  z.object({ type: z.literal('ready'), url: z.string(), serviceUrl: z.string() }),
  z.object({ type: z.literal('result'), id: z.number().int(), value: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string() }),
]);
const BusiestSchema = z.object({ tenant: z.number().int(), conversation: z.number().int() });
const WindowLimitSchema = z.object({ windowMs: z.number(), max: z.number() });
const OptionsSchema = z.object({
  token: z.string().optional(),
  limits: z.object({ perConversation: z.array(WindowLimitSchema), perTenant: z.array(WindowLimitSchema) }).optional(),
});
const StatsSchema = z.object({ requests: z.number(), delivered: z.number(), throttled: z.number(), byStatus: z.record(z.string(), z.number()) });

/** Plain CommonJS, so the worker loads this module through tsx's hook (the tests run TypeScript). */
const ENTRY = `
const { workerData } = require('node:worker_threads');
require(workerData.tsxHook);
require(workerData.modulePath);`;

export interface ThreadedTeamsConnector {
  url: string;
  serviceUrl: string;
  addConversation(input: { tenantId: string; userId: string }): Promise<string>;
  stats(): Promise<z.infer<typeof StatsSchema>>;
  duplicates(): Promise<string[]>;
  delivered(): Promise<DeliveredActivity[]>;
  busiestWindow(windowMs: number): Promise<z.infer<typeof BusiestSchema>>;
  close(): Promise<void>;
}

export async function startTeamsConnectorInThread(options: Pick<FakeConnectorOptions, 'token' | 'limits'>): Promise<ThreadedTeamsConnector> {
  const worker = new Worker(ENTRY, { eval: true, workerData: { role: 'teams-connector', options, modulePath: __filename, tsxHook: require.resolve('tsx/cjs') } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready: ((v: { url: string; serviceUrl: string }) => void) | null = null;
  let failed: ((e: Error) => void) | null = null;
  const started = new Promise<{ url: string; serviceUrl: string }>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  worker.on('error', (e) => {
    failed?.(e);
    for (const p of pending.values()) p.reject(e);
  });
  worker.on('message', (raw: unknown) => {
    const m = ReplySchema.parse(raw);
    if (m.type === 'ready') return ready?.({ url: m.url, serviceUrl: m.serviceUrl });
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.type === 'result') p?.resolve(m.value);
    else p?.reject(new Error(m.message));
  });
  let next = 0;
  const call = (method: (typeof METHODS)[number], ...args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = (next += 1);
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args });
    });
  const { url, serviceUrl } = await started;
  return {
    url,
    serviceUrl,
    addConversation: async (input) => z.string().parse(await call('addConversation', input)),
    stats: async () => StatsSchema.parse(await call('stats')),
    duplicates: async () => z.array(z.string()).parse(await call('duplicates')),
    delivered: async () => (await call('delivered')) as DeliveredActivity[],
    busiestWindow: async (windowMs) => BusiestSchema.parse(await call('busiestWindow', windowMs)),
    close: async () => {
      await call('close');
      await worker.terminate();
    },
  };
}

/** In the worker: start the fake and answer the test's calls. */
async function serve(options: Pick<FakeConnectorOptions, 'token' | 'limits'>): Promise<void> {
  const fake = await startTeamsConnector(options);
  const port = parentPort;
  if (port === null) return;
  port.postMessage({ type: 'ready', url: fake.url, serviceUrl: fake.serviceUrl });
  port.on('message', (raw: unknown) => {
    const { id, method, args } = RequestSchema.parse(raw);
    void (async () => {
      try {
        const value: unknown = method === 'addConversation' ? fake.addConversation(z.object({ tenantId: z.string(), userId: z.string() }).parse(args[0]))
          : method === 'stats' ? fake.stats()
          : method === 'duplicates' ? fake.duplicates()
          : method === 'delivered' ? [...fake.delivered()]
          : method === 'busiestWindow' ? fake.busiestWindow(z.number().parse(args[0]))
          : await fake.close();
        port.postMessage({ type: 'result', id, value });
      } catch (e) {
        port.postMessage({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
}

if (!isMainThread && z.object({ role: z.literal('teams-connector') }).safeParse(workerData).success) {
  const { options } = z.object({ options: OptionsSchema }).parse(workerData);
  void serve({ ...(options.token === undefined ? {} : { token: options.token }), ...(options.limits === undefined ? {} : { limits: options.limits }) });
}
