/**
 * `npx audit-loop allocate --dry-run` explains the draw: after the lines the real run prints, how many cases were
 * skipped for each reason and then each case with its reason, by case reference only.
 */
import { SHIPPED_PROFILES } from '../../audit/programme-profiles';
import type { Case } from '../../audit/cases';
import { buildForCli, cliHarness, type CliHarness } from '../support/cli-harness';
import { casesCsv, peopleCsv, smallCouncil, tempDir, writeFile } from '../support/fixtures';

beforeAll(buildForCli, 180_000);

describe('allocate --dry-run shows why each case was skipped', () => {
  const { people, cases: plain } = smallCouncil();
  // One looked-after child's case in each service area: December's theme draws them first.
  const cla = new Set(['CD490130', 'CD491130', 'CD492130', 'CD493130']);
  const cases: Case[] = plain.map((c) => (cla.has(c.caseRef) ? { ...c, cohort: 'CLA' } : c));
  const files = tempDir();
  const profileFile = (name: string, over: Record<string, unknown>): string =>
    writeFile(files, name, JSON.stringify({ ...(SHIPPED_PROFILES['southampton-qaf-2023'] as object), id: 'own-council', ...over }));
  let cli: CliHarness;
  let themed: string;
  beforeAll(async () => {
    cli = await cliHarness();
    themed = profileFile('themed.json', { themes: { '12': { name: 'Children looked after', cohorts: ['CLA'] } } });
    expect((await cli.npx('import', 'people', writeFile(files, 'people.csv', peopleCsv(people)))).code).toBe(0);
    expect((await cli.npx('import', 'cases', writeFile(files, 'cases.csv', casesCsv(cases)))).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await cli.done();
  });

  it("lists November's cases as audited within 12 months and the rest as outside December's cohorts, counted and case by case", async () => {
    const november = await cli.npx('allocate', '--month', '2026-11', '--seed', '4', '--per-area', '2', '--programme', themed);
    expect(november.code).toBe(0);
    expect(november.out).not.toContain('Skipped');
    const audited = november.out.split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]!);
    expect(audited).toHaveLength(8);

    const dry = await cli.npx('allocate', '--month', '2026-12', '--seed', '9', '--per-area', '2', '--dry-run', '--programme', themed);
    expect(dry.code).toBe(0);
    const lines = dry.out.split('\n');
    // The lines the real run prints come first, as before.
    expect(lines[0]).toBe('Would allocate 8 audit(s) for 2026-12 (seed 9):');
    const drawn = lines.slice(1, 9).map((l) => l.trim().split(/\s+/)[0]!);
    for (const l of lines.slice(1, 9)) expect(l).toMatch(/^ {2}CD\d{6} {2}.+ audit +→ \S+ {2}due 2026-12-24$/);
    for (const r of cla) if (!audited.includes(r)) expect(drawn).toContain(r);
    for (const r of audited) expect(drawn).not.toContain(r);

    const outside = 32 - 8 - 8;
    expect(lines[9]).toBe(`Skipped ${8 + outside} case(s): 8 audited within 12 months, ${outside} not in this month's cohorts.`);
    const reasons = lines.slice(10);
    expect(reasons).toHaveLength(8 + outside);
    expect(reasons.slice(0, 8)).toEqual([...audited].sort().map((r) => `  ${r}: audited in 2026-11 (within 12 months)`));
    for (const l of reasons.slice(8)) expect(l).toMatch(/^ {2}CD\d{6}: not in this month's cohorts \(CLA\) and the sample was full$/);
    // Case references only: no one's name reaches the output.
    expect(dry.out).not.toMatch(/Staff /);
  });

  it('refuses a profile whose window is negative, naming the field, and draws nothing', async () => {
    const r = await cli.npx('allocate', '--month', '2027-01', '--dry-run', '--programme', profileFile('bad.json', { excludeAuditedWithinMonths: -1 }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('excludeAuditedWithinMonths: a whole number of months, or 0 to turn the exclusion off');
    expect(r.out).toBe('');
  });
});
