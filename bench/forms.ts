/**
 * `npm run bench -- forms [--rows N] [--chunk-size N] [--throttled N] [--retry-after S] [--answer-chars C]`: syncs a Forms workbook of N
 * rows (default 20,000) by download-and-parse from the local Graph fake, with N 429s (Retry-After S) on /content,
 * into a fresh store; then syncs again, which must be a 304 recording nothing. A bare download-and-parse of the same
 * file, through the same faults, is timed in the same run. Both run in a process of their own (bench/forms-sync-child.ts)
 * with the fake here, so peakRssMb is the syncing process's alone. ratio = seconds / bareSeconds.
 *
 * By default every response gives the same short answers, so the workbook's shared strings are tiny. `--answer-chars C`
 * makes each response's three free-text answers its own, about C characters each, as a council's workbook has them:
 * the reader must hold every answer while it reads, so memory then follows the workbook's text.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { loadProfile } from '../audit/programme-profiles';
import { formsQuestionsOf, type ProgrammeProfile } from '../audit/programme-profile';
import { FAKE_GRAPH_TOKEN, GraphFake } from '../test/fakes/graph-fake';
import type { FakeCell, FakeTable } from '../test/fakes/graph-fake-data';
import { processSharedStore } from '../test/support/process-shared-store';
import type { FormsChildReport, FormsChildSettings } from './forms-sync-child';

const ITEM = { driveId: 'drive-qa', itemId: 'item-forms-workbook' };
let AUDITORS = 200;
let ANSWER_CHARS = 0;
const GRADES = ['Good', 'Requires Improvement', 'Good', 'Outstanding', 'Requires Improvement', 'Good', 'Good', 'Requires Improvement', 'Good', 'Good',
  'Good', 'Requires Improvement', 'Good', 'Outstanding', 'Requires Improvement', 'Good', 'Good', 'Requires Improvement', 'Good', 'Inadequate'];

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

const caseRef = (n: number): string => `CD${String(100000 + n).padStart(6, '0')}`;

/** A free-text answer: the same short one, or with --answer-chars this response's own. */
function freeText(short: string, i: number): string {
  if (ANSWER_CHARS === 0) return short;
  const sentence = ' The plan is reviewed with the family and the voice of the child is recorded.';
  return `${short} (response ${i}).${sentence.repeat(Math.max(1, Math.round(ANSWER_CHARS / sentence.length)))}`.slice(0, Math.max(ANSWER_CHARS, short.length));
}

/** Every tenth response names a case that is not allocated to its responder: kept as unmatched. */
function table(profile: ProgrammeProfile, rows: number): FakeTable {
  const q = formsQuestionsOf(profile);
  const columns = ['ID', 'Start time', 'Completion time', 'Email', 'Name', q.caseRef, q.grade, q.rationale, q.discussionHeld, q.contact, q.goodPractice, q.improvement, q.safeguardingConcern];
  const out: FakeCell[][] = [];
  for (let i = 0; i < rows; i++) {
    const ref = i % 10 === 9 ? 'CD999999' : caseRef(i);
    out.push([i + 1, 46_000 + i / 1000, 46_000.01 + i / 1000, `a${i % AUDITORS}@council.example`, 'Auditor', ref, GRADES[i % GRADES.length] ?? 'Good',
      freeText('Plans reviewed', i), 'Yes', 'Not appropriate', freeText('Chronology up to date', i), freeText('Contingency planning', i), 'No']);
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

async function fakeWithFaults(profile: ProgrammeProfile, rows: number, throttled: number, retryAfter: number): Promise<GraphFake> {
  const fake = await GraphFake.start({ tables: [table(profile, rows)] });
  if (throttled > 0) fake.addFault({ path: '/content', nth: 1, times: throttled, status: 429, retryAfterSeconds: retryAfter });
  return fake;
}

/** Runs the bot's side in a process of its own (same loader and node flags as this one) and returns its report. */
function runChild(settings: FormsChildSettings, env: Record<string, string>): Promise<FormsChildReport> {
  const entry = path.join(__dirname, `forms-sync-child${path.extname(__filename)}`);
  const child = fork(entry, [], { env: { ...process.env, ...env, FORMS_CHILD: JSON.stringify(settings) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let report: FormsChildReport | null = null;
    child.on('message', (m) => (report = m as FormsChildReport));
    child.on('error', reject);
    child.on('exit', (code) => (report !== null && code === 0 ? resolve(report) : reject(new Error(`forms ${settings.mode} process exited with ${code}`))));
  });
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const rows = option(args, 'rows', 20_000);
  const chunkSize = option(args, 'chunk-size', 2000);
  const throttled = option(args, 'throttled', 2);
  const retryAfter = option(args, 'retry-after', 1);
  AUDITORS = option(args, 'auditors', 200);
  ANSWER_CHARS = option(args, 'answer-chars', 0);
  const profileName = 'southampton-qaf-2023';
  const profile = loadProfile(profileName);
  const settings = (mode: FormsChildSettings['mode'], fake: GraphFake): FormsChildSettings => ({ mode, baseUrl: fake.baseUrl, token: FAKE_GRAPH_TOKEN, item: ITEM, chunkSize, profile: profileName });

  // Bare: the same download (same 429s) and the same parser, no store, in a process like the sync's.
  const bareFake = await fakeWithFaults(profile, rows, throttled, retryAfter);
  let bare: FormsChildReport;
  try {
    bare = await runChild(settings('bare', bareFake), {});
  } finally {
    await bareFake.close();
  }
  const bare429 = bareFake.requests.filter((r) => r.status === 429).length;

  // The store is created, migrated and seeded here, as a bot's store exists before its syncs (migrating takes PGlite
  // to ~650 MB that is never handed back: the store's start-up, not the sync's), and closed before the sync opens it.
  const store = processSharedStore('bench_forms');
  const fake = await fakeWithFaults(profile, rows, throttled, retryAfter);
  try {
    const db = await store.open();
    try {
      await db.exec(seedSql(rows));
    } finally {
      await db.close();
    }
    const r = await runChild(settings('sync', fake), store.childEnv);
    const throttledSeen = fake.requests.filter((q) => q.status === 429).length;
    const statuses = fake.requests.map((q) => q.status);
    if (!r.complete || r.rowsRead !== rows || bare.rowsRead !== rows) throw new Error(`sync read ${r.rowsRead} of ${rows} rows (bare loop ${bare.rowsRead}): ${r.stoppedBy ?? ''}`);
    if (r.secondSyncUnchanged !== true || statuses.at(-1) !== 304) throw new Error('the second sync of the unchanged workbook was not a 304 recording nothing');
    const round = (n: number): number => Math.round(n * 1000) / 1000;
    return {
      rows: r.rowsRead, matched: r.matched, unmatched: r.unmatched, seconds: round(r.seconds), bareSeconds: round(bare.seconds), ratio: round(r.seconds / bare.seconds),
      secondSyncSeconds: round(r.secondSyncSeconds ?? 0), secondSync: '304', throttled: throttledSeen, bareThrottled: bare429, chunkSize, auditors: AUDITORS, answerChars: ANSWER_CHARS,
      peakRssMb: r.peakRssMb, peakBeforeSyncMb: r.peakBeforeMb, barePeakRssMb: bare.peakRssMb, store: store.kind,
    };
  } finally {
    await fake.close();
    await store.cleanup();
  }
}
