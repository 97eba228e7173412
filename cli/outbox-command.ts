import { InvalidArgumentError, type Command } from 'commander';
import { IsoDateSchema } from '../audit/month';
import { isOutboxKind, OUTBOX_KINDS } from '../audit/outbox-messages';
import { logChanges } from '../store/audit-log';
import { listFailed, requeueFailed, type FailedFilter, type FailedMessage } from '../store/outbox-repo';
import { withContext, type GlobalOptions } from './context';

interface OutboxOptions {
  kind?: string;
  since?: string;
}

const kindArg = (v: string): string => {
  if (!isOutboxKind(v)) throw new InvalidArgumentError(`expected one of ${OUTBOX_KINDS.join(', ')}`);
  return v;
};
const dayArg = (v: string): string => {
  if (!IsoDateSchema.safeParse(v).success) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return v;
};

/** Why a row failed, in a word QA can sort by; the workers prefix their errors with it. */
export function failureReason(lastError: string | null): string {
  if (lastError === null) return 'unknown';
  const prefix = /^(blocked|render|configuration):/.exec(lastError)?.[1];
  if (prefix !== undefined) return prefix;
  return lastError.startsWith('retries exhausted') ? 'retries exhausted' : 'delivery';
}

/** Errors are system text naming ids, but a mail server may echo an address: never print one. */
const withoutEmails = (s: string): string => s.replace(/[^\s@<>()'"]+@[^\s@<>()'"]+/g, '(e-mail)');

export function formatFailed(rows: readonly FailedMessage[]): string {
  if (rows.length === 0) return 'No failed messages.';
  return [
    `${rows.length} failed message(s):`,
    ...rows.map((r) => [
      `  #${r.id}`, r.kind, `case ${r.caseRef ?? '-'}`, `attempts ${r.attempts}`, `reason ${failureReason(r.lastError)}`,
      `last error: ${withoutEmails(r.lastError ?? '-').slice(0, 300)}`,
    ].join('  ')),
  ].join('\n');
}

/**
 * `audit-loop outbox failed` lists what could not be delivered; `audit-loop outbox resend [--kind K] [--since DAY]`
 * puts those messages back in the queue, each resend kept in the audit trail.
 */
export function registerOutbox(program: Command, globals: () => GlobalOptions, out: (text: string) => void): void {
  const outbox = program.command('outbox').description('messages that could not be delivered');
  const filterOf = (o: OutboxOptions, timeZone: string): FailedFilter => ({ kind: o.kind, since: o.since, timeZone });
  // Both commands pick their messages the same way.
  const filtered = (name: string, description: string): Command =>
    outbox
      .command(name)
      .description(description)
      .option('--kind <kind>', 'only this kind of message', kindArg)
      .option('--since <YYYY-MM-DD>', 'only messages queued on or after this day', dayArg);
  filtered('failed', 'list failed messages: kind, case, attempts, reason and last error')
    .action(async (o: OutboxOptions) => {
      const rows = await withContext(globals(), (c) => listFailed(c.db, filterOf(o, c.profile.timeZone)));
      out(formatFailed(rows));
    });
  filtered('resend', 'queue failed messages again (recorded in the audit trail)')
    .action(async (o: OutboxOptions) => {
      const requeued = await withContext(globals(), (c) => c.db.transaction(async (tx) => {
        const failed = await listFailed(tx, filterOf(o, c.profile.timeZone));
        const ids = new Set(await requeueFailed(tx, failed.map((f) => f.id)));
        const done = failed.filter((f) => ids.has(f.id));
        await logChanges(tx, done.map((f) => ({
          actor: c.actor, action: 'outbox.resend', entity: 'outbox', entityId: f.id, detail: { kind: f.kind, attempts: f.attempts },
        })));
        return done;
      }));
      out(`Queued ${requeued.length} failed message(s) again.`);
    });
}
