import { MONTH_PATTERN } from '../audit/month';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { londonDateOf } from '../audit/london-time';
import { readReportSettings } from '../config/report-settings';
import { renderDocx } from '../report/render-docx';
import { renderMarkdown } from '../report/render-markdown';
import { renderXlsx } from '../report/render-xlsx';
import { reportWithAuditsForPeriod } from '../report/report-for-period';
import { withContext, type GlobalOptions } from './context';

export type ReportFormat = 'json' | 'md' | 'docx' | 'xlsx';

export interface ReportOptions {
  month?: string;
  quarter?: string;
  year?: string;
  format: ReportFormat;
  out?: string;
}

const pattern = (re: RegExp, what: string) => (v: string): string => {
  if (!re.test(v)) throw new InvalidArgumentError(`expected ${what}`);
  return v;
};

/** The one period asked for, or a usage error naming the choice. */
export function periodOf(o: ReportOptions): string {
  const given = [o.month, o.quarter, o.year].filter((v): v is string => v !== undefined);
  if (given.length !== 1) throw new InvalidArgumentError('give exactly one of --month YYYY-MM, --quarter YYYY-Qn or --year YYYY');
  return given[0] as string;
}

/** A Word document or workbook is written to a file, never to the terminal. */
export function outFileOf(o: ReportOptions): string | null {
  if (o.format !== 'docx' && o.format !== 'xlsx') return null;
  if (o.out === undefined || o.out.trim() === '') throw new InvalidArgumentError(`--format ${o.format} needs --out FILE`);
  const dir = path.dirname(path.resolve(o.out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InvalidArgumentError(`--out: the folder ${dir} does not exist`);
  return o.out;
}

/**
 * `audit-loop report --month 2026-03 --format md`: the monthly analysis as JSON (one document) or markdown; with
 * `--format docx|xlsx --out FILE`, as a Word document or an Excel workbook. All four come from one Report.
 */
export function registerReport(program: Command, globals: () => GlobalOptions, out: (text: string) => void): void {
  // `command()` rather than `addCommand()`, so the program's exitOverride and output settings apply here too.
  program
    .command('report')
    .description('the analysis report for a month, quarter or year (JSON, markdown, Word or Excel)')
    .option('--month <YYYY-MM>', 'a month', pattern(MONTH_PATTERN, 'a month as YYYY-MM'))
    .option('--quarter <YYYY-Qn>', 'a calendar quarter (Q1 = January to March)', pattern(/^\d{4}-Q[1-4]$/, 'a quarter as YYYY-Qn'))
    .option('--year <YYYY>', 'a calendar year', pattern(/^\d{4}$/, 'a year as YYYY'))
    .option('--format <json|md|docx|xlsx>', 'output format', pattern(/^(json|md|docx|xlsx)$/, 'json, md, docx or xlsx'), 'json')
    .option('--out <FILE>', 'the file to write (needed for docx and xlsx)')
    .action(async (o: ReportOptions, cmd: Command) => {
      let period: string;
      let file: string | null;
      try {
        period = periodOf(o);
        file = outFileOf(o);
      } catch (e) {
        cmd.error(`error: ${(e as Error).message}`, { exitCode: 2, code: 'commander.invalidArgument' });
        return;
      }
      const settings = readReportSettings();
      await withContext(globals(), async (c) => {
        const { report, audits } = await reportWithAuditsForPeriod(c.db, c.profile, period);
        const names = { council: settings.AUDIT_LOOP_COUNCIL_NAME, programmeName: c.profile.name };
        if (file !== null && o.format === 'docx') {
          const doc = await renderDocx(report, { ...names, generatedOn: londonDateOf(new Date()) });
          writeFileSync(file, doc.bytes);
          out(`Wrote ${file} (Word document, ${doc.charts.length} charts, ${doc.bytes.length} bytes).`);
        } else if (file !== null && o.format === 'xlsx') {
          const book = await renderXlsx(report, audits, names);
          writeFileSync(file, book.bytes);
          out(`Wrote ${file} (${book.auditRows} rows).`);
        } else out(o.format === 'md' ? renderMarkdown(report) : JSON.stringify(report, null, 2));
      });
    });
}
