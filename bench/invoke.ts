/**
 * `npm run bench -- invoke [--store pglite|pg] [--concurrency 1,10,100] [--submits 100,300,500] [--lists 100,300,500]
 *  [--cpu-prof DIR]`
 *
 * Card actions over HTTP against the real server (server/start-server.ts, as `npm start` runs it) in a process of its
 * own, started with `npm start`'s node flags: Bot Framework authentication on, every request carrying an RS256 channel
 * token signed by a local issuer whose OpenID metadata and keys botbuilder fetches (bench/invoke-server.ts points it
 * there; nothing else differs from production). The store holds 300 people, 5,000 cases and 1,000 of this month's
 * allocations, seeded with set-based SQL before the server opens it.
 *
 * Two requests, each sent as the allocated auditor (`from.aadObjectId`):
 * - `grade.submit`: an `adaptiveCard/action` invoke with a full form, a distinct allocated audit each time; the
 *   response is the confirmation card.
 * - `my audits`: the typed command, as a message with `deliveryMode: expectReplies`, so the bot's card comes back in
 *   the HTTP response (the same turn and store reads as in Teams, without posting the reply to a connector, which
 *   would need an Entra token from the internet).
 * Each phase runs at one concurrency (that many requests in flight at all times). Per phase: p50/p95/p99/max, errors,
 * requests a second, and the server's CPU ms per request (utime + stime of its process from /proc, before and after).
 * After the run the store is read: every submit answered 200 must have exactly one response and one return.
 *
 * --store: pg needs DATABASE_URL (a server): the bench creates a database of its own there and drops it at the end.
 * Without --store, DATABASE_URL picks pg, as the other benchmarks do. --cpu-prof DIR writes the server's V8 profile.
 */
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { Client } from 'pg';
import { londonDateOf } from '../audit/london-time';
import type { Db } from '../store/db';
import { openStore } from '../store/open-store';
import type { OPENID_ENV } from './invoke-server';

const APP_ID = '0b1c2d3e-0000-4000-8000-00000000be7c';
const TENANT = '22222222-3333-4444-8555-666666666666';
const CHANNEL_ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';
const KID = 'bench-invoke-key';
const PEOPLE = 300;
const CASES = 5_000;
const ALLOCATIONS = 1_000;
const OPENID: typeof OPENID_ENV = 'INVOKE_OPENID_URL';

export class InvokeBenchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvokeBenchError';
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function numbers(args: string[], name: string, fallback: number[]): number[] {
  const raw = option(args, name);
  if (raw === undefined) return fallback;
  const list = raw.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 0)) throw new InvokeBenchError(`--${name} takes whole numbers separated by commas`);
  return list;
}

/** Bot Framework's OpenID configuration and key set, as login.botframework.com serves them. */
async function startIssuer(jwk: Record<string, unknown>): Promise<{ url: string; server: Server }> {
  const server = createHttpServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/.well-known/keys` }));
    else if (req.url === '/v1/.well-known/keys') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`, server };
}

/** What Bot Framework's channel sends: RS256, the bot's app id as audience, its issuer, the activity's serviceUrl. */
function channelToken(privateKey: KeyLike): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, iat: now, nbf: now - 60, exp: now + 3600 })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .sign(privateKey);
}

function seedSql(month: string): string {
  return `
    INSERT INTO people (id, name, email, team, service_area, roles, aad_object_id)
      SELECT 'p' || g, 'Person ' || g, 'p' || g || '@council.example', 'Team ' || (g % 30), 'Area ' || (g % 6), ARRAY['auditor'],
        'aad-p' || g
      FROM generate_series(1, ${PEOPLE}) g;
    INSERT INTO cases (case_ref, service_area, team, cohort)
      SELECT 'CD' || lpad(g::text, 6, '0'), 'Area ' || (g % 6), 'Team ' || (g % 30), 'CIN' FROM generate_series(1, ${CASES}) g;
    INSERT INTO cycles (month, programme_id) VALUES ('${month}', 'southampton-qaf-2023');
    INSERT INTO allocations (month, case_ref, auditor_id, kind, due_date)
      SELECT '${month}', 'CD' || lpad((k * 5)::text, 6, '0'), 'p' || ((k % ${PEOPLE}) + 1), 'audit', ('${month}' || '-28')::date
      FROM generate_series(1, ${ALLOCATIONS}) k;
    ANALYZE;`;
}

interface BenchStore {
  kind: 'pglite' | 'postgres';
  /** The server's environment for this store. */
  env: Record<string, string>;
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

async function benchStore(kind: 'pglite' | 'postgres'): Promise<BenchStore> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-loop-invoke-'));
    return { kind, env: { AUDIT_LOOP_DATA_DIR: dir }, open: () => openStore({ dataDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env['DATABASE_URL'] ?? '';
  if (server === '') throw new InvokeBenchError('--store pg needs DATABASE_URL: a PostgreSQL server the bench may create a database on');
  const name = `bench_invoke_${process.pid}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind,
    env: { DATABASE_URL: databaseUrl },
    open: () => openStore({ databaseUrl, dataDir: '' }),
    cleanup: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const TICKS_PER_SECOND = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The process's CPU time so far (user + system), in ms, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // utime, stime: fields 14 and 15
}

async function freePort(): Promise<number> {
  const s = createHttpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

interface RunningServer {
  child: ChildProcess;
  base: string;
  stderr: () => string;
  stop(): Promise<void>;
}

async function startBot(store: BenchStore, openIdUrl: string, cpuProfDir: string | null): Promise<RunningServer> {
  const port = await freePort();
  const entry = path.join(__dirname, `invoke-server${path.extname(__filename)}`);
  // `npm run bench` runs with `npm start`'s flags, and fork passes this process's on.
  const execArgv = [...process.execArgv, ...(cpuProfDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`])];
  const child = fork(entry, [], {
    execArgv,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'info',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'bench-not-a-secret',
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppType: 'SingleTenant',
      [OPENID]: openIdUrl,
      ...store.env,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const up = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new InvokeBenchError(`the server did not start: ${err.slice(-1_000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    stderr: () => err,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new InvokeBenchError(`the server exited with ${code}: ${err.slice(-1_000)}`);
    },
  };
}

interface Target {
  allocationId: number;
  auditorId: string;
}

function activityBase(personId: string, id: string): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { id: `29:${personId}`, aadObjectId: `aad-${personId}`, name: 'Bench user' },
    recipient: { id: `28:${APP_ID}`, name: 'Audit Loop' },
    conversation: { id: `a:${personId}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    id,
    timestamp: new Date().toISOString(),
    locale: 'en-GB',
  };
}

function submitActivity(t: Target): string {
  return JSON.stringify({
    ...activityBase(t.auditorId, `submit-${t.allocationId}`),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'grade.submit',
        data: {
          allocationId: t.allocationId,
          formVersion: 1,
          grade: 'Good',
          rationale: 'The plan is specific and reviewed on time; the chronology is current and the child was seen alone.',
          discussionHeld: 'yes',
          contact: 'yes',
          contactViews: 'The parent said the plan felt clear and the child said they liked the new school.',
          goodPractice: 'Direct work with the child recorded in their own words; management oversight every month.',
          improvement: 'Contingency planning should say who does what if the placement ends.',
          safeguardingConcern: 'false',
        },
      },
      trigger: 'manual',
    },
  });
}

function myAuditsActivity(personId: string, n: number): string {
  return JSON.stringify({ ...activityBase(personId, `list-${n}`), type: 'message', text: 'my audits', deliveryMode: 'expectReplies' });
}

interface PhaseResult {
  concurrency: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  requestsPerSecond: number;
  serverCpuMsPerRequest: number;
}

const round = (n: number): number => Math.round(n * 10) / 10;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

/**
 * Sends the bodies with `concurrency` in flight at all times; `ok` judges each answer. Returns the figures and the
 * indexes of the bodies answered well.
 */
async function phase(bot: RunningServer, token: string, bodies: readonly string[], concurrency: number, ok: (status: number, text: string) => boolean): Promise<{ result: PhaseResult; succeeded: number[] }> {
  const latencies: number[] = [];
  const succeeded: number[] = [];
  let errors = 0;
  let next = 0;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const cpuBefore = cpuMs(bot.child.pid as number);
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const i = next++;
      const t0 = performance.now();
      try {
        const res = await fetch(`${bot.base}/api/messages`, { method: 'POST', headers, body: bodies[i] as string });
        const text = await res.text();
        latencies.push(performance.now() - t0);
        if (ok(res.status, text)) succeeded.push(i);
        else errors += 1;
      } catch {
        latencies.push(performance.now() - t0);
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  const elapsed = performance.now() - started;
  const cpu = cpuMs(bot.child.pid as number) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    result: {
      concurrency,
      requests: bodies.length,
      p50Ms: round(quantile(latencies, 0.5)),
      p95Ms: round(quantile(latencies, 0.95)),
      p99Ms: round(quantile(latencies, 0.99)),
      maxMs: round(latencies[latencies.length - 1] ?? 0),
      errors,
      requestsPerSecond: round(bodies.length / (elapsed / 1000)),
      serverCpuMsPerRequest: round(bodies.length === 0 ? 0 : cpu / bodies.length),
    },
    succeeded,
  };
}

const submitOk = (status: number, text: string): boolean => status === 200 && text.includes('Audit recorded');
const listOk = (status: number, text: string): boolean => status === 200 && text.includes('AdaptiveCard') && text.includes('CD0');

function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const storeArg = option(args, 'store') ?? (process.env['DATABASE_URL'] ? 'pg' : 'pglite');
  if (storeArg !== 'pg' && storeArg !== 'pglite') throw new InvokeBenchError('--store takes pglite or pg');
  const concurrency = numbers(args, 'concurrency', [1, 10, 100]);
  const submits = numbers(args, 'submits', [100, 300, 500]);
  const lists = numbers(args, 'lists', [100, 300, 500]);
  const cpuProfDir = option(args, 'cpu-prof') ?? null;
  const warmSubmits = 30;
  const warmLists = 30;
  if (submits.length !== concurrency.length || lists.length !== concurrency.length) throw new InvokeBenchError('--submits and --lists need one count per concurrency');
  if (submits.reduce((a, b) => a + b, 0) + warmSubmits > ALLOCATIONS) throw new InvokeBenchError(`at most ${ALLOCATIONS - warmSubmits} submits in all: one allocation each`);

  const store = await benchStore(storeArg === 'pg' ? 'postgres' : 'pglite');
  const key = await generateKeyPair('RS256');
  const issuer = await startIssuer({ ...(await exportJWK(key.publicKey)), kid: KID, use: 'sig', endorsements: ['msteams'] });
  let bot: RunningServer | null = null;
  try {
    const month = londonDateOf(new Date()).slice(0, 7);
    let db = await store.open();
    await db.exec(seedSql(month));
    const targets = (await db.query<{ id: number; auditor_id: string }>('SELECT id, auditor_id FROM allocations ORDER BY id'))
      .map((r): Target => ({ allocationId: r.id, auditorId: r.auditor_id }));
    await db.close();

    bot = await startBot(store, issuer.url, cpuProfDir);
    const token = await channelToken(key.privateKey);
    const loadBefore = loadavg();
    // Warm-up, not counted: the signing keys fetched, the code paths compiled.
    const warm = targets.slice(ALLOCATIONS - warmSubmits);
    await phase(bot, token, warm.map(submitActivity), 1, submitOk);
    await phase(bot, token, Array.from({ length: warmLists }, (_, i) => myAuditsActivity(`p${(i % PEOPLE) + 1}`, i)), 1, listOk);

    const submitPhases: PhaseResult[] = [];
    const listPhases: PhaseResult[] = [];
    const answered: number[] = [];
    let offset = 0;
    for (const [i, c] of concurrency.entries()) {
      const batch = targets.slice(offset, offset + (submits[i] as number));
      offset += batch.length;
      const s = await phase(bot, token, batch.map(submitActivity), c, submitOk);
      submitPhases.push(s.result);
      answered.push(...s.succeeded.map((j) => (batch[j] as Target).allocationId));
      const bodies = Array.from({ length: lists[i] as number }, (_, j) => myAuditsActivity(`p${((j * 7) % PEOPLE) + 1}`, j));
      listPhases.push((await phase(bot, token, bodies, c, listOk)).result);
    }
    const loadAfter = loadavg();
    await bot.stop();
    bot = null;

    // Every submit recorded once: one response and one return in the audit log for each allocation submitted.
    db = await store.open();
    const sent = [...targets.slice(0, offset), ...warm].map((t) => t.allocationId);
    const rows = await db.query<{ allocation_id: number; responses: number; returns: number; status: string }>(
      `SELECT a.id AS allocation_id, a.status,
         (SELECT count(*)::int FROM responses r WHERE r.allocation_id = a.id) AS responses,
         (SELECT count(*)::int FROM audit_log l WHERE l.entity = 'allocation' AND l.entity_id = a.id::text AND l.action = 'allocation.return') AS returns
       FROM allocations a WHERE a.id = ANY($1::int[])`,
      [sent],
    );
    await db.close();
    const once = rows.filter((r) => r.responses === 1 && r.returns === 1 && r.status === 'returned').length;
    const answeredSet = new Set(answered);
    const answeredButMissing = rows.filter((r) => answeredSet.has(r.allocation_id) && r.responses !== 1).length;
    return {
      bench: 'invoke',
      store: store.kind,
      seeded: { people: PEOPLE, cases: CASES, allocations: ALLOCATIONS },
      auth: 'bot-framework (RS256 channel token, local issuer)',
      loadAverage: { before: loadBefore, after: loadAfter },
      submit: submitPhases,
      myAudits: listPhases,
      recorded: { submitted: sent.length, recordedOnce: once, duplicated: rows.filter((r) => r.responses > 1 || r.returns > 1).length, answeredButMissing },
      ...(cpuProfDir === null ? {} : { cpuProfDir }),
    };
  } finally {
    if (bot !== null) await bot.stop().catch(() => undefined);
    issuer.server.closeAllConnections();
    issuer.server.close();
    await store.cleanup();
  }
}
