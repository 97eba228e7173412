import { GraphLeaveLookup } from '../../graph/leave-lookup';
import { startGraphHarness, type GraphHarness } from './graph-harness';

const auditor = { id: 'sw-0-1', aadObjectId: 'u-sw-001' };
const at = (dateTime: string): { dateTime: string; timeZone: string } => ({ dateTime, timeZone: 'GMT Standard Time' });

describe("checking an auditor's leave before a reminder or escalation", () => {
  let h: GraphHarness;
  let warnings: string[];
  let clockMs: number;
  const lookup = (): GraphLeaveLookup => new GraphLeaveLookup(h.graph, { ttlMs: 60_000, now: () => clockMs, warn: (m) => warnings.push(m) });

  beforeEach(async () => {
    h = await startGraphHarness({ client: { maxRetries: 0 } });
    warnings = [];
    clockMs = 0;
  });
  afterEach(async () => {
    await h.fake.close();
  });

  it('counts automatic replies that are on without an end as away on every day asked', async () => {
    h.fake.setAutoReplies('u-sw-001', { status: 'alwaysEnabled' });
    await expect(lookup().awayOn(auditor, ['2026-11-20', '2026-11-27'])).resolves.toEqual({ away: true, until: null });
  });

  it('does not count automatic replies that are off', async () => {
    h.fake.setAutoReplies('u-sw-001', { status: 'disabled' });
    await expect(lookup().awayOn(auditor, ['2026-11-20'])).resolves.toEqual({ away: false, until: null });
  });

  it('counts a scheduled absence only when it covers today and the due date, and says when it ends', async () => {
    h.fake.setAutoReplies('u-sw-001', { status: 'scheduled', scheduledStartDateTime: at('2026-11-16T08:00:00'), scheduledEndDateTime: at('2026-11-30T08:00:00') });
    const l = lookup();
    await expect(l.awayOn(auditor, ['2026-11-18', '2026-11-27'])).resolves.toEqual({ away: true, until: '2026-11-30T08:00:00.000Z' });
    // Back before the due date: not on leave through it, so the chasing goes on.
    await expect(l.awayOn(auditor, ['2026-11-18', '2026-12-01'])).resolves.toEqual({ away: false, until: null });
  });

  it('reads each mailbox once within the cache time, however many audits ask, and again after it', async () => {
    h.fake.setAutoReplies('u-sw-001', { status: 'alwaysEnabled' });
    const l = lookup();
    await Promise.all(Array.from({ length: 20 }, () => l.awayOn(auditor, ['2026-11-20'])));
    expect(h.fake.count('/mailboxSettings')).toBe(1);
    clockMs = 61_000;
    await l.awayOn(auditor, ['2026-11-20']);
    expect(h.fake.count('/mailboxSettings')).toBe(2);
  });

  it('counts the auditor as at work, with a warning naming the permission, when consent is missing', async () => {
    h.fake.addFault({ path: '/mailboxSettings', status: 403 });
    await expect(lookup().awayOn(auditor, ['2026-11-20'])).resolves.toEqual({ away: false, until: null });
    expect(warnings).toEqual([expect.stringContaining('MailboxSettings.Read')]);
  });

  it('counts the auditor as at work when Graph throttles, and never asks about someone with no Entra id', async () => {
    h.fake.addFault({ path: '/mailboxSettings', status: 429, retryAfterSeconds: 0 });
    const l = lookup();
    await expect(l.awayOn(auditor, ['2026-11-20'])).resolves.toEqual({ away: false, until: null });
    expect(warnings).toEqual([expect.stringContaining('THROTTLED')]);
    await expect(l.awayOn({ id: 'sw-0-2', aadObjectId: null }, ['2026-11-20'])).resolves.toEqual({ away: false, until: null });
    expect(h.fake.count('/mailboxSettings')).toBe(1);
  });
});
