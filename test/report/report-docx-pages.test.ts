/**
 * The Word document as a reader sees it: LibreOffice lays it out to PDF and poppler draws its first two pages into
 * test/artifacts/ for a person to look at. Skipped where LibreOffice or poppler is not installed, except in CI
 * (CI=true), where their absence fails the test: CI installs libreoffice-writer and poppler-utils.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import { loadProfile } from '../../audit/programme-profiles';
import { renderDocx } from '../../report/render-docx';
import { reportForPeriod } from '../../report/report-for-period';
import { tempDir } from '../support/fixtures';
import { seedSmallCouncil } from '../support/seed-council';
import { openTestStore, resetStore } from '../support/test-store';
import { seedSpring2026 } from './report-seed';

const run = promisify(execFile);
const ARTIFACTS = path.resolve(__dirname, '../artifacts');

function which(cmd: string): string | null {
  try {
    return execFileSync('which', [cmd], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const soffice = which('soffice') ?? which('libreoffice');
const pdftoppm = which('pdftoppm');
const available = soffice !== null && pdftoppm !== null;
const inCi = process.env['CI'] === 'true';

describe('the Word document laid out by LibreOffice', () => {
  if (!available && inCi) {
    it('needs LibreOffice (soffice) and poppler (pdftoppm) in CI', () => {
      throw new Error(`soffice: ${soffice ?? 'missing'}, pdftoppm: ${pdftoppm ?? 'missing'}: install libreoffice-writer and poppler-utils`);
    });
    return;
  }
  const maybe = available ? it : it.skip;

  maybe('renders its first two pages, kept as test/artifacts/report-page-1.png and -2.png', async () => {
    const store = await openTestStore();
    try {
      await resetStore(store.db);
      await store.db.transaction((tx) => seedSmallCouncil(tx));
      await seedSpring2026(store.db);
      const report = await reportForPeriod(store.db, loadProfile('southampton-qaf-2023'), '2026-03');
      const { bytes } = await renderDocx(report, { council: 'Testshire County Council', programmeName: 'Quality Assurance Framework monthly audits', generatedOn: '2026-04-05' });
      const dir = tempDir();
      const file = path.join(dir, 'report.docx');
      writeFileSync(file, bytes);
      // A profile of its own, so a LibreOffice the developer has open (or another test's) does not lock this one out.
      const profileDir = pathToFileURL(path.join(dir, 'lo-profile')).href;
      await run(soffice as string, [`-env:UserInstallation=${profileDir}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 150_000 });
      await run(pdftoppm as string, ['-png', '-r', '60', '-f', '1', '-l', '2', path.join(dir, 'report.pdf'), path.join(dir, 'page')], { timeout: 60_000 });
      const pages = readdirSync(dir).filter((n) => /^page-\d+\.png$/.test(n)).sort();
      expect(pages).toHaveLength(2);
      mkdirSync(ARTIFACTS, { recursive: true });
      pages.forEach((p, i) => copyFileSync(path.join(dir, p), path.join(ARTIFACTS, `report-page-${i + 1}.png`)));
      // Page 2 carries the overview table and the grades chart: far from a blank page.
      const png = PNG.sync.read(readFileSync(path.join(ARTIFACTS, 'report-page-2.png')));
      let ink = 0;
      for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 200) ink++;
      expect(ink / (png.width * png.height)).toBeGreaterThan(0.02);
    } finally {
      await store.cleanup();
    }
  }, 240_000);
});
