/**
 * `audit-loop outbox failed|resend` as QA runs them once a user unblocks the bot: the failed rows are made through the
 * store's own outbox functions (queue, claim, fail), then the CLI lists and requeues them through the bin link.
 */
import { auditTrail } from '../../store/audit-log';
import type { Db } from '../../store/db';
import { openStore } from '../../store/open-store';
import { claimDue, enqueue, listOutbox, markFailed } from '../../store/outbox-repo';
import { buildForCli, cliHarness, type CliHarness } from '../support/cli-harness';

beforeAll(buildForCli, 180_000);

describe('npx audit-loop outbox', () => {
  let cli: CliHarness;
  beforeAll(async () => {
    cli = await cliHarness();
  });
  afterAll(async () => {
    await cli.done();
  });

  /** The CLI's own store, opened here between runs (the embedded store takes one process at a time). */
  async function withStore<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = await openStore({ databaseUrl: cli.env['DATABASE_URL'], dataDir: cli.env['AUDIT_LOOP_DATA_DIR'] ?? '' });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  it('with nothing failed says so', async () => {
    expect(await cli.npx('outbox', 'failed')).toMatchObject({ code: 0, out: 'No failed messages.' });
  });

  it('failed lists kind, case, attempts, reason and last error, never an e-mail address', async () => {
    await withStore(async (db) => {
      await enqueue(db, { key: 'blocked-notice', channel: 'teams', kind: 'qa-notice', recipientId: 'tm-0-1', payload: { reason: 'Part B overdue', caseRef: 'CD490010' } });
      await enqueue(db, { key: 'old-reminder', channel: 'teams', kind: 'reminder', recipientId: 'tm-0-2', payload: { allocationId: 7, step: 2, dueDate: '2026-11-28' } });
      const claimed = await claimDue(db, 'test', 10, 60, ['teams']);
      for (const row of claimed) {
        await markFailed(db, row.id, 'test', row.kind === 'qa-notice' ? 'blocked: BotBlocked for tm-0-1@council.example' : 'render: allocation 7 no longer exists');
      }
    });
    const r = await cli.npx('outbox', 'failed');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('2 failed message(s):');
    expect(lines[1]).toMatch(/#\d+ {2}qa-notice {2}case CD490010 {2}attempts 1 {2}reason blocked {2}last error: blocked: BotBlocked for \(e-mail\)/);
    expect(lines[2]).toMatch(/#\d+ {2}reminder {2}case - {2}attempts 1 {2}reason render {2}last error: render: allocation 7 no longer exists/);
    expect(r.out).not.toContain('@');
  });

  it('failed --kind narrows the list, and an unknown kind is a usage error naming the kinds', async () => {
    const only = await cli.npx('outbox', 'failed', '--kind', 'reminder');
    expect(only.out.split('\n')).toHaveLength(2);
    const bad = await cli.npx('outbox', 'failed', '--kind', 'fax');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected one of allocation-list');
  });

  it('resend --since a later day requeues nothing; a malformed day is a usage error', async () => {
    expect(await cli.npx('outbox', 'resend', '--since', '2999-01-01')).toMatchObject({ code: 0, out: 'Queued 0 failed message(s) again.' });
    const bad = await cli.npx('outbox', 'resend', '--since', '2026-13-01');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected a date as YYYY-MM-DD');
  });

  it('resend --kind requeues those messages with fresh attempts and records each in the audit trail', async () => {
    const r = await cli.npx('outbox', 'resend', '--kind', 'qa-notice');
    expect(r).toMatchObject({ code: 0, out: 'Queued 1 failed message(s) again.' });
    await withStore(async (db) => {
      const [notice] = await listOutbox(db, { kind: 'qa-notice' });
      expect(notice).toMatchObject({ status: 'retrying', attempts: 0 });
      const trail = await auditTrail(db, 'outbox', notice?.id ?? 0);
      expect(trail).toEqual([expect.objectContaining({ action: 'outbox.resend', detail: { kind: 'qa-notice', attempts: 1 } })]);
      expect((await listOutbox(db, { kind: 'reminder' }))[0]?.status).toBe('failed');
    });
    const left = await cli.npx('outbox', 'failed');
    expect(left.out.split('\n')[0]).toBe('1 failed message(s):');
  });
});
