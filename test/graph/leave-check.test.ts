import { leaveOnDueDate } from '../../graph/leave-check';
import { startGraphHarness, type GraphHarness } from './graph-harness';

const auditor = { id: 'sw-0-1', aadObjectId: 'u-sw-001' };
const at = (dateTime: string): { dateTime: string; timeZone: string } => ({ dateTime, timeZone: 'GMT Standard Time' });

describe('checking an auditor\'s leave before a reminder', () => {
  let h: GraphHarness;
  beforeEach(async () => {
    h = await startGraphHarness({ client: { maxRetries: 0 } });
  });
  afterEach(async () => {
    await h.fake.close();
  });

  it('says on leave when automatic replies are on without an end', async () => {
    h.fake.setAutoReplies('u-sw-001', { status: 'alwaysEnabled' });
    await expect(leaveOnDueDate(h.graph, auditor, '2026-11-20')).resolves.toEqual({ onLeave: true });
  });

  it('says not on leave when automatic replies are off', async () => {
    h.fake.setAutoReplies('u-sw-001', { status: 'disabled' });
    await expect(leaveOnDueDate(h.graph, auditor, '2026-11-20')).resolves.toEqual({ onLeave: false });
  });

  it('says on leave only when a scheduled absence covers the due date', async () => {
    h.fake.setAutoReplies('u-sw-001', { status: 'scheduled', scheduledStartDateTime: at('2026-11-16T08:00:00'), scheduledEndDateTime: at('2026-11-23T08:00:00') });
    await expect(leaveOnDueDate(h.graph, auditor, '2026-11-20')).resolves.toEqual({ onLeave: true });
    await expect(leaveOnDueDate(h.graph, auditor, '2026-11-24')).resolves.toEqual({ onLeave: false });
  });

  it('answers not on leave with a warning naming the permission when consent is missing', async () => {
    h.fake.addFault({ path: '/mailboxSettings', status: 403 });
    const r = await leaveOnDueDate(h.graph, auditor, '2026-11-20');
    expect(r).toEqual({ onLeave: false, warning: expect.stringContaining('MailboxSettings.Read') });
  });

  it('answers not on leave with a warning when Graph throttles, or the auditor has no Entra id', async () => {
    h.fake.addFault({ path: '/mailboxSettings', status: 429, retryAfterSeconds: 0 });
    await expect(leaveOnDueDate(h.graph, auditor, '2026-11-20')).resolves.toEqual({ onLeave: false, warning: expect.stringContaining('THROTTLED') });
    await expect(leaveOnDueDate(h.graph, { id: 'sw-0-2', aadObjectId: null }, '2026-11-20')).resolves.toEqual({ onLeave: false, warning: expect.stringContaining('no Entra object id') });
    expect(h.fake.count('/mailboxSettings')).toBe(1);
  });
});
