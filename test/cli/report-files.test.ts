/**
 * `audit-loop report --format docx|xlsx --out FILE` as QA runs it: `npx audit-loop …` in the project folder against
 * the compiled build (built here first), with a store of its own. The files it writes are opened and read back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Report } from '../../report/build-report';
import { buildForCli, cliHarness, type CliHarness, type Npx } from '../support/cli-harness';
import { casesCsv, peopleCsv, smallCouncil, tempDir, writeFile } from '../support/fixtures';
import { writeFormsExport } from '../support/forms-export';
import { rowsByLabel, tableHeaded, wordTables, wordText, zipParts } from '../support/office-files';

beforeAll(buildForCli, 180_000);

describe('audit-loop report writes the Word document and the workbook QA publishes', () => {
  const files = tempDir();
  let harness: CliHarness;
  let cli: { npx: Npx };
  let json: Report;
  beforeAll(async () => {
    harness = await cliHarness();
    cli = { npx: harness.withEnv({ AUDIT_LOOP_COUNCIL_NAME: 'Testshire County Council' }) };
    const { people, cases } = smallCouncil();
    for (const [what, text] of [['people', peopleCsv(people)], ['cases', casesCsv(cases)], ['allocations', 'month,case_ref,auditor_id\n2026-11,CD490110,tm-1-1\n2026-11,CD491100,tm-0-1\n']] as const) {
      const r = await cli.npx('import', what, writeFile(files, `${what}.csv`, text));
      if (r.code !== 0) throw new Error(`import ${what}: ${r.err}`);
    }
    const forms = await writeFormsExport(files, [['1', '2026-11-20 10:00', '2026-11-20 10:30', 'tm-1-1@council.example', 'Staff tm-1-1', 'CD490110', 'Good', 'SECRET-FREE-TEXT rationale', 'Yes', 'Yes',
      'SECRET-FREE-TEXT: clear chronology', 'SECRET-FREE-TEXT: no contingency plan', 'No']]);
    const r = await cli.npx('import', 'responses', forms);
    if (r.code !== 0) throw new Error(`import responses: ${r.err}`);
    json = JSON.parse((await cli.npx('report', '--month', '2026-11')).out) as Report;
  }, 240_000);
  afterAll(async () => {
    await harness.done();
  });

  it('--format docx or xlsx without --out is a usage error (exit 2) saying what to add', async () => {
    for (const format of ['docx', 'xlsx']) {
      const r = await cli.npx('report', '--month', '2026-11', '--format', format);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--format ${format} needs --out FILE`);
    }
    const nowhere = await cli.npx('report', '--month', '2026-11', '--format', 'docx', '--out', path.join(files, 'no-such-folder', 'r.docx'));
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).toContain('does not exist');
    const pdf = await cli.npx('report', '--month', '2026-11', '--format', 'pdf', '--out', path.join(files, 'r.pdf'));
    expect(pdf.code).toBe(2);
    expect(pdf.err).toContain('json, md, docx or xlsx');
  });

  it('--format docx --out FILE writes the Word document, its figures the JSON report’s, the council from settings', async () => {
    const file = path.join(files, 'report-2026-11.docx');
    const r = await cli.npx('report', '--month', '2026-11', '--format', 'docx', '--out', file);
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^Wrote ${file} \\(Word document, 2 charts, \\d+ bytes\\)\\.$`)) });
    const parts = await zipParts(readFileSync(file));
    const doc = parts.get('word/document.xml') ?? '';
    expect(wordText(doc)).toContain('Testshire County Council');
    const overview = rowsByLabel(tableHeaded(wordTables(doc), 'Measure', 'This period'));
    expect(overview.get('Audits allocated')?.[0]).toBe(String(json.allocated));
    expect(overview.get('Completed')?.[0]).toBe(String(json.completed));
    for (const part of parts.values()) expect(part).not.toMatch(/SECRET-FREE-TEXT|Staff tm/);
  });

  it('--format xlsx --out FILE writes the workbook with one row per audit and says how many', async () => {
    const file = path.join(files, 'report-2026-11.xlsx');
    const r = await cli.npx('report', '--month', '2026-11', '--format', 'xlsx', '--out', file);
    expect(r).toMatchObject({ code: 0, out: `Wrote ${file} (2 rows).` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.getWorksheet('Audits')?.rowCount).toBe(3);
    const summary = new Map<string, unknown>();
    wb.getWorksheet('Summary')?.eachRow((row) => void summary.set(String(row.getCell(3).value), row.getCell(2).value));
    expect([summary.get('allocated'), summary.get('completed'), summary.get('completionRate')]).toEqual([json.allocated, json.completed, json.completionRate]);
  });

  it('--quarter and --year make documents too', async () => {
    const q = await cli.npx('report', '--quarter', '2026-Q4', '--format', 'docx', '--out', path.join(files, 'q4.docx'));
    expect(q.code).toBe(0);
    const y = await cli.npx('report', '--year', '2026', '--format', 'xlsx', '--out', path.join(files, 'y.xlsx'));
    expect(y).toMatchObject({ code: 0, out: expect.stringContaining('(2 rows)') });
  });
});
