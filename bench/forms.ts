/**
 * `npm run bench -- forms [--rows N] [--chunk-size N] [--throttled N] [--retry-after S]`: syncs a Forms workbook of N
 * rows (default 20,000) by download-and-parse from the local Graph fake, with N 429s (Retry-After S) on /content,
 * into a fresh store; then syncs again, which must be a 304 recording nothing. A bare download-and-parse of the same
 * file, through the same faults, is timed in the same run. ratio = seconds / bareSeconds; peakRssMb is the process's.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProfile } from '../audit/programme-profiles';
import { formsQuestionsOf, type ProgrammeProfile } from '../audit/programme-profile';
import { fixedTokenCredential } from '../graph/credentials';
import { createGraphPort } from '../graph/graph-api';
import { createGraphClient } from '../graph/graph-client';
import { syncForms } from '../programme/sync-forms-workbook';
import type { GraphPort } from '../graph/graph-port';
import { readXlsxLines } from '../imports/read-table';
import { openStore } from '../store/open-store';
import { FAKE_GRAPH_TOKEN, GraphFake } from '../test/fakes/graph-fake';
import type { FakeCell, FakeTable } from '../test/fakes/graph-fake-data';
import { peakRssMb } from '../test/support/peak-rss';

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
  const out: FakeCell[][] = [];
  for (let i = 0; i < rows; i++) {
    const ref = i % 10 === 9 ? 'CD999999' : caseRef(i);
    out.push([i + 1, 46_000 + i / 1000, 46_000.01 + i / 1000, `a${i % AUDITORS}@council.example`, 'Auditor', ref, GRADES[i % GRADES.length] ?? 'Good',
      'Plans reviewed', 'Yes', 'Not appropriate', 'Chronology up to date', 'Contingency planning', 'No']);
  }
  return { ...ITEM, name: 'Responses.xlsx', columns, rows: out };
}

function seedSql(rows: number): string {
  return `
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
  `;
}

async function fakeWithFaults(profile: ProgrammeProfile, rows: number, throttled: number, retryAfter: number): Promise<{ fake: GraphFake; graph: GraphPort }> {
  const fake = await GraphFake.start({ tables: [table(profile, rows)] });
  if (throttled > 0) fake.addFault({ path: '/content', nth: 1, times: throttled, status: 429, retryAfterSeconds: retryAfter });
  const handle = createGraphClient(fixedTokenCredential(FAKE_GRAPH_TOKEN), { baseUrl: fake.baseUrl, maxRetries: 10, retryDelaySeconds: 1 });
  return { fake, graph: createGraphPort(handle) };
}

const PREPARE = `
const [openStorePath, dataDir, sql] = process.argv.slice(1);
(async () => {
  const db = await require(openStorePath).openStore({ dataDir });
  await db.exec(sql);
  await db.close();
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;

function prepareEmbedded(dataDir: string, sql: string): Promise<void> {
  const args = ['-e', PREPARE, path.join(__dirname, '../store/open-store.js'), dataDir, sql];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 300_000, maxBuffer: 1 << 20 }, (error, _out, stderr) => (error === null ? resolve() : reject(new Error(`preparing the store failed: ${stderr || error.message}`))));
  });
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const rows = option(args, 'rows', 20_000);
  const chunkSize = option(args, 'chunk-size', 500);
  const throttled = option(args, 'throttled', 2);
  const retryAfter = option(args, 'retry-after', 1);
  AUDITORS = option(args, 'auditors', 200);
  const profile = loadProfile('southampton-qaf-2023');

  // Bare: the same download (same 429s) and the same parser, no store.
  const bare = await fakeWithFaults(profile, rows, throttled, retryAfter);
  const bareStart = performance.now();
  const got = await bare.graph.downloadDriveItem(ITEM, null);
  let bareRows = -1; // the header
  if (got.kind === 'changed') for await (const line of readXlsxLines(got.body, 'bench')) bareRows += line.values.length > 0 ? 1 : 1;
  const bareSeconds = (performance.now() - bareStart) / 1000;
  const bare429 = bare.fake.requests.filter((r) => r.status === 429).length;
  await bare.fake.close();

  const url = process.env['DATABASE_URL'];
  const schema = `bench_forms_${process.pid}`;
  // PGlite in a data directory on disk, as the bot keeps it by default (an in-memory one spends its time growing files).
  const dataDir = url ? null : mkdtempSync(path.join(tmpdir(), 'audit-loop-forms-'));
  // The embedded store is created, migrated and seeded by a short-lived process, as a bot's store exists before its
  // syncs: migrating takes PGlite to ~650 MB that is never handed back, which is the store's start-up, not the sync's.
  if (dataDir !== null) await prepareEmbedded(dataDir, seedSql(rows));
  // The fake (and the .xlsx it serves) is made before the store opens: its memory is the test rig's, not the sync's.
  const synced = await fakeWithFaults(profile, rows, throttled, retryAfter);
  const db = url ? await openStore({ databaseUrl: url, dataDir: '', schema }) : await openStore({ dataDir: dataDir ?? '' });
  try {
    if (url) await db.exec(seedSql(rows));
    // The store's own high-water mark before the sync, so the sync's share of peakRssMb can be told apart.
    const peakBeforeSyncMb = peakRssMb();
    const clock = { now: () => new Date('2026-11-21T10:00:00Z') };
    const start = performance.now();
    const r = await syncForms(db, profile, synced.graph, { item: ITEM, chunkSize }, clock, 'bench');
    const seconds = (performance.now() - start) / 1000;
    const againStart = performance.now();
    const again = await syncForms(db, profile, synced.graph, { item: ITEM, chunkSize }, clock, 'bench');
    const againSeconds = (performance.now() - againStart) / 1000;
    const throttledSeen = synced.fake.requests.filter((q) => q.status === 429).length;
    const statuses = synced.fake.requests.map((q) => q.status);
    await synced.fake.close();
    if (!r.complete || r.rowsRead !== rows || bareRows !== rows) throw new Error(`sync read ${r.rowsRead} of ${rows} rows (bare loop ${bareRows}): ${r.stoppedBy?.message ?? ''}`);
    if (!again.unchanged || again.rowsRead !== 0 || statuses.at(-1) !== 304) throw new Error('the second sync of the unchanged workbook was not a 304 recording nothing');
    const round = (n: number): number => Math.round(n * 1000) / 1000;
    return {
      rows: r.rowsRead, matched: r.matched, unmatched: r.unmatched, seconds: round(seconds), bareSeconds: round(bareSeconds), ratio: round(seconds / bareSeconds),
      secondSyncSeconds: round(againSeconds), secondSync: '304', throttled: throttledSeen, bareThrottled: bare429, chunkSize, auditors: AUDITORS,
      peakRssMb: peakRssMb(), peakBeforeSyncMb, store: url ? 'postgresql' : 'pglite',
    };
  } finally {
    if (url) await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.close();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  }
}
