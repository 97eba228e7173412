import { InvalidArgumentError, type Command } from 'commander';
import { reportForPeriod } from '../report/report-for-period';
import { renderMarkdown } from '../report/render-markdown';
import { withContext, type GlobalOptions } from './context';

export interface ReportOptions {
  month?: string;
  quarter?: string;
  year?: string;
  format: 'json' | 'md';
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

/** `audit-loop report --month 2026-03 --format md`: the monthly analysis as JSON (one document) or markdown. */
export function registerReport(program: Command, globals: () => GlobalOptions, out: (text: string) => void): void {
  // `command()` rather than `addCommand()`, so the program's exitOverride and output settings apply here too.
  program
    .command('report')
    .description('the analysis report for a month, quarter or year (JSON or markdown)')
    .option('--month <YYYY-MM>', 'a month', pattern(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'))
    .option('--quarter <YYYY-Qn>', 'a calendar quarter (Q1 = January to March)', pattern(/^\d{4}-Q[1-4]$/, 'a quarter as YYYY-Qn'))
    .option('--year <YYYY>', 'a calendar year', pattern(/^\d{4}$/, 'a year as YYYY'))
    .option('--format <json|md>', 'output format', pattern(/^(json|md)$/, 'json or md'), 'json')
    .action(async (o: ReportOptions, cmd: Command) => {
      let period: string;
      try {
        period = periodOf(o);
      } catch (e) {
        cmd.error(`error: ${(e as Error).message}`, { exitCode: 2, code: 'commander.invalidArgument' });
        return;
      }
      const report = await withContext(globals(), (c) => reportForPeriod(c.db, c.profile, period));
      out(o.format === 'md' ? renderMarkdown(report) : JSON.stringify(report, null, 2));
    });
}
