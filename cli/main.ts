import { CommanderError } from 'commander';
import { AuditError } from '../audit/errors';
import { CalendarError } from '../audit/working-days';
import { ConfigError } from '../config/settings';
import { ImportRejected } from '../imports/import-errors';
import { StoreError } from '../store/db';
import { buildProgram, type Io } from './program';

/** Runs the CLI and returns the exit code: 0 done, 1 refused input, 2 usage, 70 unexpected. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ImportRejected || e instanceof AuditError || e instanceof StoreError || e instanceof ConfigError || e instanceof CalendarError) {
      io.err(e.message);
      if (e instanceof AuditError && e.details.length > 0) for (const d of e.details) io.err(`  ${d}`);
      return 1;
    }
    // Never a stack trace to a user; set AUDIT_LOOP_DEBUG=1 to see one.
    io.err(`Unexpected error: ${(e as Error).message}`);
    if (process.env['AUDIT_LOOP_DEBUG'] === '1') io.err((e as Error).stack ?? '');
    return 70;
  }
}

/** What the `audit-loop` bin runs: the shell's arguments in, the exit code out. */
export function runFromShell(): void {
  void runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    now: () => new Date(),
  }).then((code) => {
    process.exitCode = code;
  });
}
