/**
 * The admin CLI as a council's QA officer runs it: `npx audit-loop …` in the project folder, through npm's bin link,
 * against the compiled build (built once here, so what runs is the source under test). One test at least per command.
 */
import { loadProfile } from '../../audit/programme-profiles';
import { FAKE_GRAPH_TOKEN, GraphFake } from '../fakes/graph-fake';
import { answerCells, FORMS_ITEM, formsTable } from '../graph/forms-workbook';
import { buildForCli, cliHarness, type CliHarness } from '../support/cli-harness';
import { casesCsv, peopleCsv, smallCouncil, tempDir, writeFile } from '../support/fixtures';
import { writeFormsExport } from '../support/forms-export';

beforeAll(buildForCli, 180_000);

describe('npx audit-loop, as the README tells a QA officer to run it', () => {
  const { people, cases } = smallCouncil();
  const files = tempDir();
  let cli: CliHarness;
  beforeAll(async () => {
    cli = await cliHarness();
  });
  afterAll(async () => {
    await cli.done();
  });

  it('--help prints the usage with every command', async () => {
    const r = await cli.npx('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: audit-loop/);
    for (const command of ['import', 'allocate', 'status', 'programme', 'sync-forms', 'report']) expect(r.out).toContain(command);
  });

  it('with no command prints the usage and exits 2, never a silent 0', async () => {
    const r = await cli.npx();
    expect(r.code).toBe(2);
    expect(`${r.out}${r.err}`).toContain('Usage: audit-loop');
  });

  it('an unknown command is a usage error (exit 2) naming it', async () => {
    const r = await cli.npx('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  it('programme show prints the profile in force', async () => {
    const r = await cli.npx('programme', 'show');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ id: 'southampton-qaf-2023', allocationDay: 3, dueDay: 28 });
  });

  it('import people refuses a bad file with exit 1, the line, column and reason, no stack trace and nothing written', async () => {
    const r = await cli.npx('import', 'people', writeFile(files, 'bad.csv', 'id,name,email,team,service_area,manager_id,roles\nx,X,nope,T,CRS,,auditor\n'));
    expect(r.code).toBe(1);
    expect(r.err).toContain("line 2, column email: 'nope' is not an e-mail address");
    expect(r.err).not.toMatch(/\n\s+at /);
    const status = await cli.npx('status', '--month', '2026-12');
    expect(status.out).toMatch(/^2026-12: 0 allocation\(s\)/);
  });

  it('import people and import cases load the council', async () => {
    expect(await cli.npx('import', 'people', writeFile(files, 'people.csv', peopleCsv(people)))).toMatchObject({ code: 0, out: `Imported ${people.length} people from ${files}/people.csv.` });
    expect(await cli.npx('import', 'cases', writeFile(files, 'cases.csv', casesCsv(cases)))).toMatchObject({ code: 0, out: `Imported ${cases.length} cases from ${files}/cases.csv.` });
  });

  it('allocate draws reproducibly by seed (the dry run shows what the real one writes) and refuses a second draw', async () => {
    const dry = await cli.npx('allocate', '--month', '2026-12', '--seed', '99', '--dry-run');
    const real = await cli.npx('allocate', '--month', '2026-12', '--seed', '99');
    expect(real.code).toBe(0);
    // The dry run prints the same lines, then why each other case was skipped (test/cli/allocate-dry-run.test.ts).
    const realLines = real.out.split('\n');
    expect(dry.out.split('\n').slice(1, realLines.length)).toEqual(realLines.slice(1));
    expect(dry.out.split('\n')[realLines.length]).toMatch(/^Skipped \d+ case\(s\): /);
    expect(real.out).toContain('due 2026-12-24');
    const again = await cli.npx('allocate', '--month', '2026-12', '--seed', '5');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has');
  });

  it('status shows where each audit of the month stands, and a malformed month is a usage error', async () => {
    const status = await cli.npx('status', '--month', '2026-12');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^2026-12: \d+ allocation\(s\) — 0 returned/);
    const bad = await cli.npx('status', '--month', 'November');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected a month as YYYY-MM');
  });

  it('import allocations adds an audit by hand', async () => {
    const r = await cli.npx('import', 'allocations', writeFile(files, 'alloc.csv', 'month,case_ref,auditor_id\n2026-11,CD490110,tm-1-1\n'));
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('Imported 1 allocations') });
  });

  it('import responses records a Forms export and keeps what matches nothing for QA', async () => {
    const file = await writeFormsExport(files, [
      ['1', '2026-11-20 10:00', '2026-11-20 10:30', 'tm-1-1@council.example', 'Auditor', 'CD490110', 'Good', 'Plans reviewed', 'Yes', 'Not appropriate', 'Chronology', 'Contingency', 'No'],
      ['2', '2026-11-20 11:00', '2026-11-20 11:30', 'tm-1-1@council.example', 'Auditor', 'CD999999', 'Good', 'Plans reviewed', 'Yes', 'Not appropriate', 'Chronology', 'Contingency', 'No'],
    ]);
    const r = await cli.npx('import', 'responses', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 matched/);
    expect(r.out).toMatch(/1 kept as unmatched/);
  });

  it('import moderations records QA’s moderated grade', async () => {
    const r = await cli.npx('import', 'moderations', writeFile(files, 'mod.csv', 'month,case_ref,moderator_id,moderated_grade,note\n2026-11,CD490110,qa1,Requires Improvement,Plan not updated\n'));
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('Imported 1 moderations') });
  });

  it('report prints the month as JSON and as markdown', async () => {
    const json = await cli.npx('report', '--month', '2026-11');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ period: '2026-11', periodKind: 'month', allocated: 1, completed: 1 });
    const md = await cli.npx('report', '--month', '2026-11', '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^# /);
    const none = await cli.npx('report');
    expect(none.code).toBe(2);
    expect(none.err).toContain('give exactly one of --month');
  });

  it('sync-forms downloads the Forms-linked workbook through Graph, keeps what matches nothing for QA, and a second run is a 304', async () => {
    const fake = await GraphFake.start({ tables: [formsTable(loadProfile('southampton-qaf-2023'), [answerCells(41, 'tm-1-1@council.example', 'CD999999', 'Good')])] });
    try {
      const sync = cli.withEnv({
        GRAPH_BASE_URL: fake.baseUrl, GRAPH_CREDENTIAL_KIND: 'fixed-token', GRAPH_FIXED_TOKEN: FAKE_GRAPH_TOKEN,
        FORMS_DRIVE_ID: FORMS_ITEM.driveId, FORMS_ITEM_ID: FORMS_ITEM.itemId,
      });
      const first = await sync('sync-forms');
      expect(first).toMatchObject({ code: 0, out: expect.stringMatching(/^Read 1 workbook row\(s\): 1 new \(0 matched, 0 already returned, 1 kept as unmatched for QA\)/) });
      const second = await sync('sync-forms');
      expect(second).toMatchObject({ code: 0, out: expect.stringContaining('has not changed since the last sync') });
    } finally {
      await fake.close();
    }
  });

  it('sync-forms without the Forms workbook settings says which to set and exits 1', async () => {
    const r = await cli.npx('sync-forms');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/FORMS_DRIVE_ID/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
