/**
 * `npm run bench -- forms [--rows N] [--page-size N] [--throttle FRACTION] [--retry-after S]`: syncs a Forms workbook of
 * N rows (default 20,000) from the local Graph fake, with 429s injected on the row pages, into a fresh store, and
 * times a bare paging loop over an identical fake (same faults) to compare. ratio = seconds / bareSeconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProfile } from '../audit/programme-profiles';
import { formsQuestionsOf, type ProgrammeProfile } from '../audit/programme-profile';
import { fixedTokenCredential } from '../graph/credentials';
import { createGraphPort } from '../graph/graph-api';
import { createGraphClient } from '../graph/graph-client';
import { syncForms } from '../graph/forms-sync';
import type { GraphPort } from '../graph/graph-port';
import { openStore } from '../store/open-store';
import type { Db } from '../store/db';
import { FAKE_GRAPH_TOKEN, GraphFake } from '../test/fakes/graph-fake';
import type { FakeTable } from '../test/fakes/graph-fake-data';

const ITEM = { driveId: 'drive-qa', itemId: 'item-forms-workbook' };
let AUDITORS = 200;
const GRADES = ['Good', 'Requires Improvement', 'Good', 'Outstanding', 'Requires Improvement', 'Good', 'Good', 'Requires Improvement', 'Good', 'Good',
  'Good', 'Requires Improvement', 'Good', 'Outstanding', 'Requires Improvement', 'Good', 'Good', 'Requires Improvement', 'Good', 'Inadequate'];

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

const caseRef = (n: number): string => `CD${String(100000 + n).padStart(6, '0')}`;

/** Every tenth response names a case that is not allocated to its responder: kept as unmatched. */
function table(profile: ProgrammeProfile, rows: number): FakeTable {
  const q = formsQuestionsOf(profile);
  const columns = ['ID', 'Start time', 'Completion time', 'Email', 'Name', q.caseRef, q.grade, q.rationale, q.discussionHeld, q.contact, q.goodPractice, q.improvement, q.safeguardingConcern];
  const out: unknown[] = [];
  for (let i = 0; i < rows; i++) {
    const ref = i % 10 === 9 ? 'CD999999' : caseRef(i);
    out.push({ index: i, values: [[i + 1, 46_000 + i / 1000, 46_000.01 + i / 1000, `a${i % AUDITORS}@council.example`, 'Auditor', ref, GRADES[i % GRADES.length] ?? 'Good',
      'Plans reviewed', 'Yes', 'Not appropriate', 'Chronology up to date', 'Contingency planning', 'No']] });
  }
  return { ...ITEM, name: 'Table1', columns, rows: out };
}

async function seed(db: Db, rows: number): Promise<void> {
  await db.exec(`
    INSERT INTO people (id, name, email, team, service_area, manager_id, roles)
      SELECT 'a' || g, 'Auditor ' || g, 'a' || g || '@council.example', 'Team ' || (g % 20), 'CRS', NULL, ARRAY['auditor', 'team-manager']
      FROM generate_series(0, ${AUDITORS - 1}) g;
    INSERT INTO people (id, name, email, team, service_area, manager_id, roles) VALUES
      ('ad1', 'AD', 'ad1@council.example', 'Directorate', 'CRS', NULL, ARRAY['assistant-director']),
      ('qa1', 'QA', 'qa1@council.example', 'QA', 'QA', NULL, ARRAY['qa']);
    INSERT INTO cases (case_ref, service_area, team, allocated_worker_id, team_manager_id, cohort)
      SELECT 'CD' || lpad((100000 + g)::text, 6, '0'), 'CRS', 'Team ' || (g % 20), NULL, 'a' || ((g + 1) % ${AUDITORS}), 'CIN' FROM generate_series(0, ${rows - 1}) g;
    INSERT INTO cycles (month, programme_id) VALUES ('2026-11', 'bench');
    INSERT INTO allocations (month, case_ref, auditor_id, kind, due_date)
      SELECT '2026-11', 'CD' || lpad((100000 + g)::text, 6, '0'), 'a' || (g % ${AUDITORS}), 'audit', DATE '2026-11-28' FROM generate_series(0, ${rows - 1}) g;
  `);
}

async function fakeWithFaults(profile: ProgrammeProfile, rows: number, throttle: number, retryAfter: number): Promise<{ fake: GraphFake; graph: GraphPort }> {
  const fake = await GraphFake.start({ tables: [table(profile, rows)] });
  if (throttle > 0) fake.addFault({ path: '/rows', fraction: throttle, status: 429, retryAfterSeconds: retryAfter });
  const handle = createGraphClient(fixedTokenCredential(FAKE_GRAPH_TOKEN), { baseUrl: fake.baseUrl, maxRetries: 10, retryDelaySeconds: 1 });
  return { fake, graph: createGraphPort(handle) };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const rows = option(args, 'rows', 20_000);
  const pageSize = option(args, 'page-size', 1000);
  const throttle = option(args, 'throttle', 0.2);
  const retryAfter = option(args, 'retry-after', 1);
  AUDITORS = option(args, 'auditors', 200);
  const profile = loadProfile('southampton-qaf-2023');

  const bare = await fakeWithFaults(profile, rows, throttle, retryAfter);
  let bareRows = 0;
  const bareStart = performance.now();
  for await (const row of bare.graph.listWorkbookTableRows(ITEM, 'Table1', { pageSize })) bareRows += row.ok ? 1 : 1;
  const bareSeconds = (performance.now() - bareStart) / 1000;
  const bare429 = bare.fake.requests.filter((r) => r.status === 429).length;
  await bare.fake.close();

  const url = process.env['DATABASE_URL'];
  const schema = `bench_forms_${process.pid}`;
  // PGlite in a data directory on disk, as the bot keeps it by default (an in-memory one spends its time growing files).
  const dataDir = url ? null : mkdtempSync(path.join(tmpdir(), 'audit-loop-forms-'));
  const db = url ? await openStore({ databaseUrl: url, dataDir: '', schema }) : await openStore({ dataDir: dataDir ?? '' });
  try {
    await seed(db, rows);
    const synced = await fakeWithFaults(profile, rows, throttle, retryAfter);
    const start = performance.now();
    const r = await syncForms(db, profile, synced.graph, { item: ITEM, tableName: 'Table1', pageSize }, { now: () => new Date('2026-11-21T10:00:00Z') }, 'bench');
    const seconds = (performance.now() - start) / 1000;
    const throttled = synced.fake.requests.filter((q) => q.status === 429).length;
    await synced.fake.close();
    if (!r.complete || r.rowsRead !== rows || bareRows !== rows) throw new Error(`sync read ${r.rowsRead} of ${rows} rows (bare loop ${bareRows}): ${r.stoppedBy?.message ?? ''}`);
    const round = (n: number): number => Math.round(n * 1000) / 1000;
    return {
      rows: r.rowsRead, matched: r.matched, unmatched: r.unmatched, seconds: round(seconds), bareSeconds: round(bareSeconds), ratio: round(seconds / bareSeconds),
      throttled, bareThrottled: bare429, pageSize, auditors: AUDITORS, store: url ? 'postgresql' : 'pglite',
    };
  } finally {
    if (url) await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.close();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  }
}
