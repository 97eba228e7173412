/**
 * `npm run bench -- dashboard [--sizes 10000,200000] [--repeats 15]`: the dashboard's data for one month, QA's view
 * (every team), over HTTP from the real router, with the store holding a short history and a long one. 1,000 audits
 * a month, 5% never returned; seeded with set-based SQL. Prints both times, both body sizes and their ratio: the
 * dashboard's cost should follow the month, not the history.
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { loadProfile } from '../audit/programme-profiles';
import type { Db } from '../store/db';
import { openStore } from '../store/open-store';
import { createDashboardRouter } from '../tab/dashboard-routes';

const PER_MONTH = 1_000;
const VIEWED = '2026-11';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
}

/** `months` months of 1,000 audits ending with the viewed month; every 20th never returned. */
function seedSql(months: number): string {
  return `
    INSERT INTO people (id, name, email, team, service_area, roles)
      SELECT 'p' || g, 'Person ' || g, 'p' || g || '@council.example', 'Team ' || (g % 30), 'Area ' || (g % 6), ARRAY['auditor']
      FROM generate_series(1, 300) g;
    INSERT INTO cases (case_ref, service_area, team, cohort)
      SELECT 'CD' || lpad(g::text, 6, '0'), 'Area ' || (g % 6), 'Team ' || (g % 30), 'CIN' FROM generate_series(1, 5000) g;
    INSERT INTO cycles (month, programme_id)
      SELECT to_char(DATE '${VIEWED}-01' - make_interval(months => g), 'YYYY-MM'), 'southampton-qaf-2023' FROM generate_series(0, ${months - 1}) g;
    INSERT INTO allocations (month, case_ref, auditor_id, kind, due_date, status, returned_at)
      SELECT c.month, 'CD' || lpad((((k - 1) % 5000) + 1)::text, 6, '0'), 'p' || ((k % 300) + 1), 'audit', (c.month || '-28')::date,
        CASE WHEN k % 20 = 0 THEN 'allocated' ELSE 'returned' END,
        CASE WHEN k % 20 = 0 THEN NULL ELSE (c.month || '-20')::timestamptz END
      FROM cycles c, generate_series(1, ${PER_MONTH}) k;
    INSERT INTO responses (allocation_id, grade, rationale, discussion_held, contact, good_practice, improvement, safeguarding_concern, source, submitted_by)
      SELECT a.id, (ARRAY['Outstanding', 'Good', 'Requires Improvement', 'Inadequate'])[1 + a.id % 4], 'Rationale', a.id % 3 <> 0, 'yes',
        'Chronology up to date', 'Contingency planning', false, 'card', a.auditor_id
      FROM allocations a WHERE a.status = 'returned';
    ANALYZE;`;
}

async function storeFor(label: string): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  const url = process.env['DATABASE_URL'];
  if (url) {
    const schema = `bench_dashboard_${label}_${process.pid}`;
    const db = await openStore({ databaseUrl: url, dataDir: '.', schema });
    return { db, cleanup: async () => { await db.exec(`DROP SCHEMA ${schema} CASCADE`); await db.close(); } };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-loop-dashboard-'));
  const db = await openStore({ dataDir: dir });
  return { db, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

async function measure(audits: number, repeats: number): Promise<{ audits: number; ms: number; bytes: number; overdueListed: number; overdueTotal: number }> {
  const { db, cleanup } = await storeFor(String(audits));
  try {
    await db.exec(seedSql(Math.max(1, Math.round(audits / PER_MONTH))));
    const app = express();
    app.use(createDashboardRouter({ db, profile: loadProfile('southampton-qaf-2023'), clock: { now: () => new Date('2026-12-01T10:00:00Z') }, auth: { mode: 'local' } }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tab/api/dashboard?month=${VIEWED}`;
    try {
      const times: number[] = [];
      let bytes = 0;
      type Body = { overdue: { items: unknown[]; total: number } };
      let body: Body | null = null as Body | null;
      // The first requests warm the caches and the JIT and are not counted: with one, the first size measured paid
      // for compiling what the second then reused (10,000 audits slower than 200,000 in one run).
      const WARM = 5;
      for (let i = 0; i < WARM + repeats; i++) {
        const start = performance.now();
        const res = await fetch(url);
        const text = await res.text();
        if (res.status !== 200) throw new Error(`dashboard answered ${res.status}: ${text.slice(0, 200)}`);
        if (i >= WARM) times.push(performance.now() - start);
        bytes = Buffer.byteLength(text);
        body = JSON.parse(text) as Body;
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? 0;
      return { audits, ms: Math.round(median * 10) / 10, bytes, overdueListed: body?.overdue.items.length ?? 0, overdueTotal: body?.overdue.total ?? 0 };
    } finally {
      server.close();
    }
  } finally {
    await cleanup();
  }
}

export async function dashboard(args: string[]): Promise<Record<string, unknown>> {
  const sizes = option(args, 'sizes', '10000,200000').split(',').map(Number);
  const repeats = Number(option(args, 'repeats', '15'));
  const results = [];
  for (const size of sizes) results.push(await measure(size, repeats));
  const first = results[0];
  const last = results[results.length - 1];
  return {
    bench: 'dashboard',
    store: process.env['DATABASE_URL'] ? 'postgres' : 'pglite',
    results,
    ratio: first && last && first.ms > 0 ? Math.round((last.ms / first.ms) * 100) / 100 : null,
  };
}
