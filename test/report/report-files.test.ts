import ExcelJS from 'exceljs';
import { GRADES } from '../../audit/grades';
import { loadProfile } from '../../audit/programme-profiles';
import type { Report } from '../../report/build-report';
import { renderDocx } from '../../report/render-docx';
import { AUDIT_COLUMNS, renderXlsx } from '../../report/render-xlsx';
import { reportWithAuditsForPeriod, type ReportWithAudits } from '../../report/report-for-period';
import { upsertCases } from '../../store/cases-repo';
import { upsertPeople } from '../../store/people-repo';
import { aCase, person } from '../support/fixtures';
import { rowsByLabel, tableHeaded, wordPictures, wordTables, wordText, zipNames, zipParts } from '../support/office-files';
import { seedSmallCouncil } from '../support/seed-council';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { seedAudit, seedSpring2026 } from './report-seed';

const profile = loadProfile('southampton-qaf-2023');
const NAMES = { council: 'Testshire County Council', programmeName: profile.name };
const SECRET = 'SECRET-FREE-TEXT';
const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '–' : `${Math.round(r * 100)}%`);
/** What no generated file may hold: a person's name (any of the seeded staff's) or an auditor's own words. */
const FORBIDDEN = [/Zebedee/, /Quigley/, new RegExp(SECRET), /Staff [a-z]/, /Rationale/, /praised/];

/** The report JSON as the CLI prints it, which the documents must agree with figure by figure. */
const asJson = (r: Report): Report => JSON.parse(JSON.stringify(r)) as Report;

describe('the report as a Word document and an Excel workbook', () => {
  let store: TestStore;
  let got: ReportWithAudits;
  let json: Report;
  beforeAll(async () => {
    store = await openTestStore();
    await resetStore(store.db);
    await store.db.transaction((tx) => seedSmallCouncil(tx));
    const ids = await seedSpring2026(store.db);
    // A named auditor whose answers are full of free text that must never be published.
    await store.db.transaction(async (tx) => {
      await upsertPeople(tx, [{ ...person('zq1', 'CRS Team 1', 'CRS', ['auditor']), name: 'Zebedee Quigley' }], 'test');
      await upsertCases(tx, [aCase('CD499900', 'CRS', 'CRS Team 1')], 'test');
    });
    const zq = await seedAudit(store.db, profile.id, {
      month: '2026-03', caseRef: 'CD499900', auditor: 'zq1', status: 'returned', grade: 'Good', discussionHeld: true, contact: 'yes',
      goodPractice: `${SECRET}: Zebedee Quigley praised the chronology`, improvement: `${SECRET}: supervision was patchy`,
    });
    await store.db.query('UPDATE responses SET rationale = $1, contact_views = $1 WHERE allocation_id = $2', [`${SECRET} about Zebedee Quigley`, zq]);
    await store.db.query(
      `INSERT INTO part_b (allocation_id, due_date, completed_at) VALUES ($1, DATE '2026-04-10', NULL), ($2, DATE '2026-04-10', TIMESTAMPTZ '2026-04-02T10:00:00Z')`,
      [ids['m1'], ids['m6']],
    );
    // March's theme questions answered on two of its returned audits.
    await store.db.query(
      `INSERT INTO theme_answers (allocation_id, theme, answers) VALUES ($1, 'Neglect', $3::jsonb), ($2, 'Neglect', $4::jsonb)`,
      [ids['m3'], ids['m6'], JSON.stringify([{ question: 'Is neglect named in the plan?', answer: 'Partly' }]), JSON.stringify([{ question: 'Is neglect named in the plan?', answer: 'Yes' }])],
    );
    got = await reportWithAuditsForPeriod(store.db, profile, '2026-03');
    json = asJson(got.report);
  });
  afterAll(async () => {
    await store.cleanup();
  });

  describe('the Word document', () => {
    let xml: Map<string, string>;
    let doc: string;
    let tables: string[][][];
    let media: string[];
    beforeAll(async () => {
      const out = await renderDocx(got.report, { ...NAMES, generatedOn: '2026-04-05' });
      xml = await zipParts(out.bytes);
      doc = xml.get('word/document.xml') ?? '';
      tables = wordTables(doc);
      media = (await zipNames(out.bytes)).filter((n) => n.startsWith('word/media/'));
    });

    it('opens with a title page naming the council, the programme and the period', () => {
      const text = wordText(doc);
      expect(text.indexOf('Testshire County Council')).toBeLessThan(text.indexOf('Overview'));
      expect(text).toContain('March 2026');
      expect(text).toContain(`Programme: ${profile.name}`);
    });

    it('every overview figure equals the JSON report’s, with the change on last month', () => {
      const t = rowsByLabel(tableHeaded(tables, 'Measure', 'This period', 'Previous (2026-02)', 'Change'));
      const prev = json.previous;
      if (prev === null) throw new Error('the seed has a February');
      expect(t.get('Audits allocated')).toEqual([String(json.allocated), String(prev.allocated), '']);
      expect(t.get('Completed')).toEqual([String(json.completed), String(prev.completed), '']);
      expect(t.get('Not completed')).toEqual([String(json.notCompleted), String(prev.notCompleted), '']);
      expect(t.get('Exempted (agreed, not counted as missed)')?.[0]).toBe(String(json.exempted));
      const change = (now: number | null, before: number | null): string => {
        const d = Math.round(((now ?? 0) - (before ?? 0)) * 100);
        return `${d > 0 ? '+' : ''}${d} points`;
      };
      expect(t.get('Completion rate')).toEqual([pct(json.completionRate), pct(prev.completionRate), change(json.completionRate, prev.completionRate)]);
      expect(t.get('Auditor discussed the audit with the practitioner or manager')).toEqual([pct(json.discussionRate), pct(prev.discussionRate), change(json.discussionRate, prev.discussionRate)]);
      expect(t.get('Child, young person or parent contacted')?.[0]).toBe(pct(json.contactRate));
    });

    it('every grade figure, overall and by service area, equals the JSON report’s', () => {
      const grades = rowsByLabel(tableHeaded(tables, 'Grade', 'Audits', '%', '2026-02', '2026-02 %'));
      for (const g of GRADES) {
        expect(grades.get(g)).toEqual([String(json.grades[g]), pct(json.gradeShares?.[g]), String(json.previous?.grades[g]), pct(json.previous?.gradeShares?.[g])]);
      }
      const areas = rowsByLabel(tableHeaded(tables, 'Service area', 'Allocated', 'Completed', 'Rate'));
      expect([...areas.keys()]).toEqual(json.byServiceArea.map((a) => a.serviceArea));
      for (const a of json.byServiceArea) {
        expect(areas.get(a.serviceArea)).toEqual([String(a.allocated), String(a.completed), pct(a.completionRate), ...GRADES.map((g) => String(a.grades[g]))]);
      }
    });

    it('every moderation and re-audit figure equals the JSON report’s, moderation changes from → to', () => {
      const m = rowsByLabel(tableHeaded(tables, 'Measure', 'Figure'));
      expect(m.get('Audits moderated')).toEqual([String(json.moderation.moderated)]);
      expect(m.get('Share of completed audits moderated')).toEqual([pct(json.moderation.sampleRate)]);
      expect(m.get('Grade changed by moderation')).toEqual([String(json.moderation.changed)]);
      expect(m.get('Share of moderated audits changed')).toEqual([pct(json.moderation.changeRate)]);
      expect(m.get('Downgraded')).toEqual([String(json.moderation.downgraded)]);
      expect(tableHeaded(tables, 'From (auditor)', 'To (moderated)', 'Audits').slice(1)).toEqual(json.moderationMoves.map((mv) => [mv.from, mv.to, String(mv.count)]));
      expect(json.moderationMoves).toEqual([{ from: 'Requires Improvement', to: 'Inadequate', count: 1 }]);
      const ra = rowsByLabel(tables.filter((t) => t[0]?.[0] === 'Measure' && t[0]?.[1] === 'Figure')[1] ?? []);
      expect(ra.get('Re-audits allocated')).toEqual([String(json.reaudits.allocated)]);
      expect(ra.get('Returned')).toEqual([String(json.reaudits.returned)]);
      expect(ra.get('Remained Inadequate')).toEqual([String(json.reaudits.remainedInadequate)]);
      expect(ra.get('Improved')).toEqual([String(json.reaudits.improved)]);
    });

    it('lists good practice and improvement themes by service area with case references, as the JSON does', () => {
      const themeTables = tables.filter((t) => t[0]?.join('|') === 'Theme|Service area|Audits|Case references');
      expect(themeTables).toHaveLength(2);
      const expected = (findings: Report['themes']['goodPractice']): string[][] =>
        findings.flatMap((f) => [[f.label, 'All areas', String(f.count), f.caseRefs.join(', ')], ...f.byServiceArea.map((a) => ['', a.serviceArea, String(a.count), a.caseRefs.join(', ')])]);
      expect(themeTables[0]?.slice(1)).toEqual(expected(json.themes.goodPractice));
      expect(themeTables[1]?.slice(1)).toEqual(expected(json.themes.improvement));
      expect(json.themes.goodPractice.find((f) => f.theme === 'chronology')?.caseRefs).toContain('CD499900');
    });

    it('has both charts as pictures with alt text that carries their numbers, each next to a table of them', () => {
      expect(media.filter((n) => n.endsWith('.png'))).toHaveLength(2);
      const pictures = wordPictures(doc);
      expect(pictures.map((p) => p.name)).toEqual(['grades', 'grades-by-area']);
      const [grades, byArea] = pictures;
      expect(grades?.descr).toContain(`Good ${json.grades.Good} (${pct(json.gradeShares?.Good)})`);
      expect(grades?.descr).toContain('Compared with February 2026');
      for (const a of json.byServiceArea) expect(byArea?.descr).toContain(`${a.serviceArea}: Outstanding ${a.grades.Outstanding}`);
      // The grades chart shares a layout row with its table; the wide area table follows its chart.
      const between = (from: string, to: string): string => wordText(doc.slice(doc.indexOf(from), doc.indexOf(to, doc.indexOf(from))));
      expect(between('name="grades"', 'Grades by service area')).toMatch(/^GradeAudits%2026-022026-02 %Outstanding/);
      expect(between('name="grades-by-area"', 'Areas of good practice')).toMatch(/^Service areaAllocatedCompletedRate/);
    });

    it('names no person and prints no free text outside the published fields', () => {
      for (const [name, part] of xml) for (const f of FORBIDDEN) expect(`${name}: ${part}`).not.toMatch(f);
      expect(doc).not.toContain('zq1');
    });

    it('has the theme findings by case reference and each kind\'s compliance, as the JSON does', () => {
      expect(json.themeQuestionFindings).toHaveLength(1);
      const findings = json.themeQuestionFindings[0];
      expect(tableHeaded(tables, 'Question', 'Answer', 'Audits', 'Case references').slice(1)).toEqual(
        findings?.questions.flatMap((q) => q.answers.map((a) => [q.question, a.answer, String(a.count), a.caseRefs.join(', ')])),
      );
      expect(wordText(doc)).toContain(`Theme findings: Neglect (2 audits)`);
      expect(tableHeaded(tables, 'Kind', 'Allocated', 'Returned', 'Returned of allocated').slice(1)).toEqual(
        json.kindCompliance.map((k) => [k.kind, String(k.allocated), String(k.returned), pct(k.rate)]),
      );
      expect(json.kindCompliance.map((k) => k.kind)).toEqual(expect.arrayContaining(['audit', 'thematic']));
    });
  });

  describe('the workbook', () => {
    let book: ExcelJS.Workbook;
    let parts: Map<string, string>;
    let rows: number;
    beforeAll(async () => {
      const out = await renderXlsx(got.report, got.audits, NAMES);
      rows = out.auditRows;
      parts = await zipParts(out.bytes);
      book = new ExcelJS.Workbook();
      await book.xlsx.load(out.bytes as unknown as ArrayBuffer);
    });

    it('has a summary sheet whose every figure equals the JSON report’s', () => {
      const sheet = book.getWorksheet('Summary');
      const figures = new Map<string, unknown>();
      sheet?.eachRow((row) => {
        const field = row.getCell(3).value;
        if (typeof field === 'string' && field !== 'Report field') figures.set(field, row.getCell(2).value);
      });
      expect(figures.size).toBeGreaterThan(25);
      for (const [field, value] of figures) {
        // Grade names hold no dot, so every dot steps one level into the JSON (returnLoop.disagreements.raised).
        const expected = field.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | null | undefined)?.[key], json);
        expect({ field, value }).toEqual({ field, value: expected ?? null });
      }
    });

    it('has one row per audit of the period in a filterable table, dates as Excel dates', () => {
      const sheet = book.getWorksheet('Audits');
      expect(rows).toBe(got.audits.length);
      expect(sheet?.getRow(1).values).toEqual([undefined, ...AUDIT_COLUMNS]);
      expect(sheet?.rowCount).toBe(got.audits.length + 1);
      const table = [...parts.entries()].find(([n]) => n.startsWith('xl/tables/'))?.[1] ?? '';
      expect(table).toContain(`ref="A1:L${got.audits.length + 1}"`);
      expect(table).toContain('<autoFilter');
      const byRef = new Map<string, ExcelJS.Row>();
      sheet?.eachRow((row, n) => void (n > 1 && byRef.set(`${String(row.getCell(1).value)}/${String(row.getCell(6).value)}`, row)));
      const m3 = byRef.get('CD491100/audit');
      expect(m3?.getCell(8).value).toEqual(new Date('2026-03-28T00:00:00Z'));
      expect(m3?.getCell(8).numFmt).toBe('dd/mm/yyyy');
      expect(m3?.getCell(9).value).toBeInstanceOf(Date);
      expect([m3?.getCell(10).value, m3?.getCell(11).value]).toEqual(['Requires Improvement', 'Inadequate']);
      expect(byRef.get('CD490100/audit')?.getCell(12).value).toBe('outstanding');
      expect(byRef.get('CD492110/audit')?.getCell(12).value).toBe('completed');
      expect(byRef.get('CD491110/audit')?.getCell(9).value ?? null).toBeNull();
      expect(byRef.get('CD499900/audit')?.getCell(5).value).toBe('zq1');
    });

    it('names no person and holds no free text', () => {
      for (const [name, part] of parts) for (const f of FORBIDDEN) expect(`${name}: ${part}`).not.toMatch(f);
    });

    it('has sheets of the theme findings and of each kind\'s compliance, figure for figure with the JSON', () => {
      const values = (name: string) => {
        const out: unknown[][] = [];
        book.getWorksheet(name)?.eachRow((row, n) => void (n > 1 && out.push((row.values as unknown[]).slice(1))));
        return out;
      };
      expect(values('Theme findings')).toEqual(json.themeQuestionFindings.flatMap((f) => f.questions.flatMap((q) => q.answers.map((a) => [f.theme, q.question, a.answer, a.count, a.caseRefs.join(', ')]))));
      expect(values('Compliance by kind')).toEqual(json.kindCompliance.map((k) => [k.kind, k.allocated, k.returned, k.rate]));
    });
  });

  describe('a period with nothing to count', () => {
    it('still makes a document (no charts, saying why) and a workbook with no audit rows', async () => {
      const empty = await reportWithAuditsForPeriod(store.db, profile, '2025-01');
      const doc = await renderDocx(empty.report, { ...NAMES, generatedOn: '2025-02-05' });
      expect(doc.charts).toHaveLength(0);
      const xml = (await zipParts(doc.bytes)).get('word/document.xml') ?? '';
      expect(wordPictures(xml)).toHaveLength(0);
      expect(wordText(xml)).toContain('No audits were allocated in this period.');
      const book = await renderXlsx(empty.report, empty.audits, NAMES);
      expect(book.auditRows).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(book.bytes as unknown as ArrayBuffer);
      expect(wb.getWorksheet('Audits')?.getRow(1).getCell(1).value).toBe('Case reference');
    });
  });

  describe('an ungraded programme', () => {
    it('charts completion by service area instead of grades, alt text and table alike', async () => {
      const ungraded = loadProfile('city-of-london-external-2019');
      const r = await reportWithAuditsForPeriod(store.db, ungraded, '2026-03');
      expect(r.report.graded).toBe(false);
      const doc = await renderDocx(r.report, { ...NAMES, generatedOn: '2026-04-05' });
      expect(doc.charts.map((c) => c.id)).toEqual(['completion-by-area']);
      const xml = (await zipParts(doc.bytes)).get('word/document.xml') ?? '';
      const areas = rowsByLabel(tableHeaded(wordTables(xml), 'Service area', 'Allocated', 'Completed', 'Rate'));
      for (const a of r.report.byServiceArea) expect(areas.get(a.serviceArea)).toEqual([String(a.allocated), String(a.completed), pct(a.completionRate)]);
      expect(wordPictures(xml)[0]?.descr).toContain(`${r.report.byServiceArea[0]?.serviceArea} ${r.report.byServiceArea[0]?.completed} of`);
    });
  });
});
