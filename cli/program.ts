import { Command, InvalidArgumentError } from 'commander';
import { londonDateOf } from '../audit/london-time';
import { isMonth } from '../audit/month';
import { importAllocations } from '../imports/import-allocations';
import { importCases } from '../imports/import-cases';
import { importModerations } from '../imports/import-moderations';
import { importPeople } from '../imports/import-people';
import { importResponses } from '../imports/import-responses';
import { allocateMonth } from '../programme/allocate-month';
import { formatSkipped } from './allocate-command';
import { withContext, type GlobalOptions } from './context';
import { registerOutbox } from './outbox-command';
import { registerReport } from './report-command';
import { formatMonthStatus, monthStatus } from './status-command';
import { registerSyncForms } from './sync-forms-command';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  now: () => Date;
}

const month = (v: string): string => {
  if (!isMonth(v)) throw new InvalidArgumentError('expected a month as YYYY-MM');
  return v;
};
const int = (v: string): number => {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number');
  return Number(v);
};

/** The admin CLI. Its commands and columns are a public contract: QA's scripts depend on them. */
export function buildProgram(io: Io): Command {
  const program = new Command('audit-loop')
    .description('Audit Loop: the case-file audit programme, from the command line')
    .option('--data-dir <dir>', 'embedded store location (also AUDIT_LOOP_DATA_DIR; default ./data)')
    .option('--programme <id-or-file>', 'programme profile (also AUDIT_LOOP_PROGRAMME)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const today = (): string => londonDateOf(io.now());

  const imp = program.command('import').description('import a spreadsheet; all rows or none');
  imp.command('people <file>').description('columns id,name,email,team,service_area,manager_id,roles').action(async (file: string) => {
    const r = await withContext(globals(), (c) => importPeople(c.db, file, c.actor));
    io.out(`Imported ${r.imported} people from ${file}.`);
  });
  imp.command('cases <file>').description('columns case_ref,service_area,team,allocated_worker_id,team_manager_id,cohort').action(async (file: string) => {
    const r = await withContext(globals(), (c) => importCases(c.db, file, c.profile, c.actor));
    io.out(`Imported ${r.imported} cases from ${file}.`);
  });
  imp.command('allocations <file>').description('columns month,case_ref,auditor_id[,kind][,due_date]').action(async (file: string) => {
    const r = await withContext(globals(), (c) => importAllocations(c.db, file, c.profile, c.actor));
    io.out(`Imported ${r.imported} allocations from ${file}.`);
  });
  imp.command('responses <file>').description('a Microsoft Forms export (.xlsx or .csv)').action(async (file: string) => {
    const r = await withContext(globals(), (c) => importResponses(c.db, file, c.profile, c.actor, today()));
    io.out(`Read ${file}: ${r.matched} matched, ${r['already-recorded']} already recorded, ${r.unmatched} kept as unmatched for QA.`);
  });
  imp.command('moderations <file>').description('columns month,case_ref,moderator_id,moderated_grade,note').action(async (file: string) => {
    const r = await withContext(globals(), (c) => importModerations(c.db, file, c.profile, c.actor));
    io.out(`Imported ${r.imported} moderations from ${file}.`);
  });

  program
    .command('allocate')
    .description("draw the month's allocation: random by seed, no conflicts of interest, re-audits added")
    .requiredOption('--month <YYYY-MM>', 'the month to allocate', month)
    .option('--per-area <n>', 'cases per service area', int)
    .option('--seed <n>', 'random seed, to reproduce a draw', int)
    .option('--dry-run', 'show the draw, and why each other case was skipped, without writing it')
    .action(async (o: { month: string; perArea?: number; seed?: number; dryRun?: boolean }) => {
      const seed = o.seed ?? Math.floor(io.now().getTime() / 1000) % 2147483647;
      const plan = await withContext(globals(), (c) =>
        allocateMonth(c.db, c.profile, { month: o.month, seed, actor: c.actor, dryRun: o.dryRun === true, ...(o.perArea === undefined ? {} : { perArea: o.perArea }) }),
      );
      io.out(`${o.dryRun === true ? 'Would allocate' : 'Allocated'} ${plan.allocations.length} audit(s) for ${o.month} (seed ${seed}):`);
      for (const a of plan.allocations) io.out(`  ${a.caseRef}  ${a.serviceArea.padEnd(26)} ${a.kind.padEnd(9)} → ${a.auditorId}  due ${a.dueDate}`);
      for (const s of plan.shortfalls) io.out(`  note: ${s}`);
      if (o.dryRun === true) for (const line of formatSkipped(plan.skipped)) io.out(line);
    });

  program
    .command('status')
    .description('where each audit of a month stands')
    .requiredOption('--month <YYYY-MM>', 'the month', month)
    .action(async (o: { month: string }) => {
      const s = await withContext(globals(), (c) => monthStatus(c.db, o.month, today()));
      io.out(formatMonthStatus(s));
    });

  program
    .command('programme')
    .description('the programme profile in force')
    .command('show')
    .action(async () => {
      const p = await withContext(globals(), async (c) => c.profile);
      io.out(JSON.stringify(p, null, 2));
    });

  registerSyncForms(program, io, globals);
  registerReport(program, globals, io.out);
  registerOutbox(program, globals, io.out);

  return program;
}
