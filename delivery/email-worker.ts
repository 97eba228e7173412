/**
 * Sends the outbox's urgent e-mails (channel 'email', kind 'inadequate-email') through Graph sendMail, at high
 * importance, as the written record 004 §2.11 asks for alongside the Teams alert. Case references only: the mail
 * never names a child. A failure that will not heal by waiting (consent, an unknown mailbox) fails the row and
 * tells QA, because an urgent notice that silently does not go is worse than a noisy one.
 */
import { z } from 'zod';
import { OUTBOX_PAYLOADS, OutboxPayloadInvalid, parseOutboxPayload } from '../audit/outbox-messages';
import { getPerson } from '../store/people-repo';
import type { Db, Queryable } from '../store/db';
import { claimDue, enqueue, markFailed, markRetry, markSent, type OutboxRow } from '../store/outbox-repo';
import { GraphError, isTransientGraphError } from '../graph/graph-errors';
import type { GraphPort, MailToSend } from '../graph/graph-port';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicyOptions } from './retry-policy';

export interface EmailWorkerOptions {
  readonly workerId: string;
  /** The user id (or UPN) of the mailbox the mail is sent from (GRAPH_MAIL_FROM). */
  readonly fromUserId: string;
  readonly batchSize?: number;
  readonly leaseSeconds?: number;
  readonly retry?: RetryPolicyOptions;
}

export interface EmailRunResult {
  sent: number;
  retried: number;
  failed: number;
}

/** What the urgent e-mail needs from the outbox payload: the contract's `inadequate-email` schema. */
export const UrgentEmailPayloadSchema = OUTBOX_PAYLOADS['inadequate-email'];
export type UrgentEmailPayload = z.infer<typeof UrgentEmailPayloadSchema>;

const html = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Subject and body; case reference, grade, service area, what to do and by when. */
export function urgentMail(to: string, p: UrgentEmailPayload): MailToSend {
  const why = p.grade === 'Inadequate' ? 'graded Inadequate' : p.safeguardingConcern ? 'raised an immediate safeguarding concern' : `graded ${p.grade ?? 'ungraded'}`;
  const subject = `Urgent: case ${p.caseRef} audit ${why}`;
  const steps = [
    `Review case ${p.caseRef} and act on the audit findings now.`,
    ...(p.updateDue === undefined ? [] : [`Send an update on the actions taken by ${p.updateDue}.`]),
    ...(p.followUpDue === undefined ? [] : [`The follow-up is due by ${p.followUpDue}.`]),
  ];
  const lines = [
    `<p>The ${html(p.month)} audit of case <b>${html(p.caseRef)}</b> (${html(p.serviceArea)}${p.team === undefined ? '' : `, ${html(p.team)}`}) was ${html(why)}.</p>`,
    `<p>Grade: <b>${html(p.grade ?? 'not graded')}</b>${p.safeguardingConcern ? '. Immediate safeguarding concern: <b>yes</b>' : ''}.</p>`,
    `<p>What to do:</p><ul>${steps.map((s) => `<li>${html(s)}</li>`).join('')}</ul>`,
    '<p>Open Audit Loop in Teams for the full audit. This e-mail is the written notice of the urgent finding.</p>',
  ];
  return { to: [to], subject, html: lines.join('\n'), importance: 'high' };
}

class Permanent extends Error {}

/** Which case a failed row was about, read leniently: the row may be the very one whose payload did not parse. */
const AboutCaseSchema = z.object({ caseRef: z.string().min(1).optional().catch(undefined), allocationId: z.number().int().positive().optional().catch(undefined) });

async function tellQa(db: Queryable, row: OutboxRow, reason: string): Promise<void> {
  const about = AboutCaseSchema.safeParse(row.payload);
  const caseRef = about.success ? about.data.caseRef ?? null : null;
  const allocationId = about.success ? about.data.allocationId ?? null : null;
  await enqueue(db, {
    key: `email-failed:${row.id}`,
    channel: 'qa-notice',
    kind: 'qa-notice',
    recipientId: null,
    payload: { caseRef, allocationId, recipientId: row.recipientId, reason: `the urgent e-mail could not be sent: ${reason}` },
  });
}

async function deliver(db: Db, graph: Pick<GraphPort, 'sendMail'>, from: string, row: OutboxRow): Promise<void> {
  let payload: UrgentEmailPayload;
  try {
    payload = parseOutboxPayload('inadequate-email', row.payload);
  } catch (e) {
    if (e instanceof OutboxPayloadInvalid) throw new Permanent(`outbox row ${row.id} is not an urgent e-mail (${e.message})`);
    throw e;
  }
  const person = row.recipientId === null ? null : await getPerson(db, row.recipientId);
  if (person === null) throw new Permanent(`recipient ${row.recipientId ?? '(none)'} is not a known person; add them with import people`);
  await graph.sendMail(from, urgentMail(person.email, payload));
}

/** Claims due e-mail rows and sends each once; returns what happened. Call it on a timer. */
export async function runEmailWorker(db: Db, graph: Pick<GraphPort, 'sendMail'>, options: EmailWorkerOptions): Promise<EmailRunResult> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const rows = await claimDue(db, options.workerId, options.batchSize ?? 20, options.leaseSeconds ?? 120, ['email']);
  const out: EmailRunResult = { sent: 0, retried: 0, failed: 0 };
  for (const row of rows) {
    try {
      await deliver(db, graph, options.fromUserId, row);
      await markSent(db, row.id, options.workerId, null);
      out.sent++;
    } catch (error) {
      const transient = isTransientGraphError(error);
      const reason = error instanceof GraphError
        ? error.code === 'CONSENT_MISSING' || error.code === 'UNAUTHENTICATED'
          ? `configuration: ${error.message}`
          : `${error.code}: ${error.message}`
        : error instanceof Error ? error.message : String(error);
      if (transient && row.attempts < policy.maxAttempts) {
        const delayMs = error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : backoffDelay(row.attempts, policy);
        await markRetry(db, row.id, options.workerId, delayMs, reason);
        out.retried++;
      } else {
        if (!(error instanceof Permanent) && !(error instanceof GraphError)) throw error;
        await db.transaction(async (tx) => {
          await markFailed(tx, row.id, options.workerId, reason);
          await tellQa(tx, row, reason);
        });
        out.failed++;
      }
    }
  }
  return out;
}
