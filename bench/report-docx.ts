/**
 * `npm run bench -- report-docx [--audits N]`: a month of N audits (default 1,000) and the month before, seeded by
 * set-based SQL into a fresh embedded store (or a schema on DATABASE_URL); then the month's Word document is made as
 * the CLI makes it (report model, charts, pack) and timed. ms is that one run (modelMs of it the store read and the
 * counting); bytes is the document's size.
 */
import { loadProfile } from '../audit/programme-profiles';
import { renderDocx } from '../report/render-docx';
import { reportWithAuditsForPeriod } from '../report/report-for-period';
import { openStore } from '../store/open-store';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 1) throw new Error(`--${name} needs a positive number`);
  return value;
}

const AREAS = ['CRS', 'Jigsaw', 'ICAS', 'C&FF', 'BIT&SWEF', 'Fostering'];

/** Two months of `n` audits each: 90% returned, grades in a realistic spread, one in ten moderated, themes in the text. */
function seedSql(n: number): string {
  const month = (m: string, offset: number): string => `
    INSERT INTO cycles (month, programme_id) VALUES ('${m}', 'southampton-qaf-2023');
    INSERT INTO allocations (month, case_ref, auditor_id, kind, due_date, status, returned_at)
      SELECT '${m}', 'CD' || lpad((100000 + g)::text, 6, '0'), 'a' || (g % 50), 'audit', DATE '${m}-28',
        CASE WHEN g % 10 = 9 THEN 'allocated' ELSE 'returned' END,
        CASE WHEN g % 10 = 9 THEN NULL ELSE TIMESTAMPTZ '${m}-20T10:00:00Z' END
      FROM generate_series(${offset}, ${offset + n - 1}) g;
    INSERT INTO responses (allocation_id, grade, rationale, discussion_held, contact, good_practice, improvement, safeguarding_concern, source, submitted_by)
      SELECT a.id, (ARRAY['Outstanding', 'Good', 'Good', 'Good', 'Requires Improvement', 'Requires Improvement', 'Inadequate'])[1 + a.id % 7],
        'Rationale', a.id % 3 <> 0, (ARRAY['yes', 'no', 'not_appropriate'])[1 + a.id % 3],
        (ARRAY['Clear chronology and the voice of the child', 'Good direct work', 'A SMART plan', 'Regular supervision'])[1 + a.id % 4],
        (ARRAY['No contingency plan', 'Genogram missing', 'Visits out of timescale', 'Management oversight not recorded'])[1 + a.id % 4],
        false, 'card', a.auditor_id
      FROM allocations a WHERE a.month = '${m}' AND a.status = 'returned';
    INSERT INTO moderations (allocation_id, moderator_id, original_grade, moderated_grade)
      SELECT r.allocation_id, 'qa1', r.grade, CASE WHEN r.allocation_id % 20 = 0 THEN 'Inadequate' ELSE r.grade END
      FROM responses r JOIN allocations a ON a.id = r.allocation_id WHERE a.month = '${m}' AND r.allocation_id % 10 = 0;
    INSERT INTO part_b (allocation_id, due_date, completed_at)
      SELECT a.id, DATE '${m}-28' + 28, CASE WHEN a.id % 2 = 0 THEN a.returned_at + interval '10 days' END
      FROM allocations a WHERE a.month = '${m}' AND a.status = 'returned';`;
  return `
    INSERT INTO people (id, name, email, team, service_area, manager_id, roles)
      SELECT 'a' || g, 'Auditor ' || g, 'a' || g || '@council.example', 'Team ' || (g % 12), 'CRS', NULL, ARRAY['auditor']
      FROM generate_series(0, 49) g;
    INSERT INTO people (id, name, email, team, service_area, manager_id, roles) VALUES ('qa1', 'QA', 'qa1@council.example', 'QA', 'QA', NULL, ARRAY['qa']);
    INSERT INTO cases (case_ref, service_area, team, allocated_worker_id, team_manager_id, cohort)
      SELECT 'CD' || lpad((100000 + g)::text, 6, '0'), (ARRAY['${AREAS.join("', '")}'])[1 + g % ${AREAS.length}], 'Team ' || (g % 12), NULL, NULL, 'CIN'
      FROM generate_series(0, ${2 * n - 1}) g;
    ${month('2026-10', n)}
    ${month('2026-11', 0)}`;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const audits = option(args, 'audits', 1000);
  const url = process.env['DATABASE_URL'];
  const schema = `bench_report_${process.pid}`;
  const db = url ? await openStore({ databaseUrl: url, dataDir: '', schema }) : await openStore({ dataDir: '', inMemory: true });
  try {
    await db.exec(seedSql(audits));
    const profile = loadProfile('southampton-qaf-2023');
    const start = performance.now();
    const { report } = await reportWithAuditsForPeriod(db, profile, '2026-11');
    const modelMs = Math.round(performance.now() - start);
    const doc = await renderDocx(report, { council: "Children's Services", programmeName: profile.name, generatedOn: '2026-12-01' });
    const ms = Math.round(performance.now() - start);
    if (report.allocated !== audits || doc.charts.length !== 2) throw new Error(`the report counted ${report.allocated} of ${audits} audits, with ${doc.charts.length} charts`);
    // modelMs: reading and counting; the rest of ms is drawing the charts and packing the document.
    return { bench: 'report-docx', audits, ms, bytes: doc.bytes.length, modelMs, store: url ? 'postgresql' : 'pglite' };
  } finally {
    if (url) await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.close();
  }
}
