import { coversDueDate } from '../../graph/leave';
import { startGraphHarness, type GraphHarness } from './graph-harness';

describe('does an automatic-replies setting cover a due date (London civil date)', () => {
  it('never covers when automatic replies are off, and always covers when they are on without a schedule', () => {
    expect(coversDueDate({ status: 'disabled' }, '2025-03-12')).toBe(false);
    expect(coversDueDate({ status: 'alwaysEnabled' }, '2025-03-12')).toBe(true);
  });

  it('covers a date inside a scheduled absence and not the days either side', () => {
    const leave = { status: 'scheduled', start: '2025-03-10T09:00:00.000Z', end: '2025-03-14T17:00:00.000Z' } as const;
    expect(coversDueDate(leave, '2025-03-09')).toBe(false);
    expect(coversDueDate(leave, '2025-03-10')).toBe(true);
    expect(coversDueDate(leave, '2025-03-12')).toBe(true);
    expect(coversDueDate(leave, '2025-03-14')).toBe(true);
    expect(coversDueDate(leave, '2025-03-15')).toBe(false);
  });

  it('does not cover the day on which an absence ends at midnight London time', () => {
    // 23:00Z on 10 June is 00:00 BST on 11 June: the absence ends as the 11th begins.
    const leave = { status: 'scheduled', start: '2025-06-09T23:00:00.000Z', end: '2025-06-10T23:00:00.000Z' } as const;
    expect(coversDueDate(leave, '2025-06-10')).toBe(true);
    expect(coversDueDate(leave, '2025-06-11')).toBe(false);
  });

  it('judges the date on London clocks in summer time', () => {
    // 23:30Z on 10 June is already 00:30 on the 11th in London.
    const leave = { status: 'scheduled', start: '2025-06-10T23:30:00.000Z', end: '2025-06-12T08:00:00.000Z' } as const;
    expect(coversDueDate(leave, '2025-06-10')).toBe(false);
    expect(coversDueDate(leave, '2025-06-11')).toBe(true);
  });

  it('does not cover anything with a schedule that ends before it starts', () => {
    expect(coversDueDate({ status: 'scheduled', start: '2025-03-14T00:00:00Z', end: '2025-03-10T00:00:00Z' }, '2025-03-12')).toBe(false);
  });

  it('refuses a due date that is not YYYY-MM-DD', () => {
    expect(() => coversDueDate({ status: 'alwaysEnabled' }, '12/03/2025')).toThrow(expect.objectContaining({ code: 'REJECTED' }));
  });
});

describe('reading automatic replies from Graph', () => {
  let h: GraphHarness;
  beforeEach(async () => {
    h = await startGraphHarness();
  });
  afterEach(async () => {
    await h.fake.close();
  });

  it('reads automatic replies that are off, always on, and scheduled in a Windows time zone', async () => {
    h.fake.setAutoReplies('u-sw-002', { status: 'alwaysEnabled', internalReplyMessage: 'Away' });
    h.fake.setAutoReplies('u-sw-003', {
      status: 'scheduled',
      scheduledStartDateTime: { dateTime: '2025-07-01T09:00:00.0000000', timeZone: 'GMT Standard Time' },
      scheduledEndDateTime: { dateTime: '2025-07-04T17:00:00.0000000', timeZone: 'UTC' },
    });
    await expect(h.graph.getAutomaticReplies('u-sw-001')).resolves.toEqual({ status: 'disabled' });
    await expect(h.graph.getAutomaticReplies('u-sw-002')).resolves.toEqual({ status: 'alwaysEnabled' });
    const scheduled = await h.graph.getAutomaticReplies('u-sw-003');
    // 09:00 on London clocks in July is 08:00Z.
    expect(scheduled).toEqual({ status: 'scheduled', start: '2025-07-01T08:00:00.000Z', end: '2025-07-04T17:00:00.000Z' });
    expect(coversDueDate(scheduled, '2025-07-04')).toBe(true);
    expect(coversDueDate(scheduled, '2025-07-05')).toBe(false);
    expect(h.fake.count('/mailboxSettings/automaticRepliesSetting')).toBe(3);
  });

  it('reports a schedule in a time zone it cannot read as MALFORMED, saying where to add it', async () => {
    h.fake.setAutoReplies('u-sw-004', {
      status: 'scheduled',
      scheduledStartDateTime: { dateTime: '2025-07-01T09:00:00.0000000', timeZone: 'Mars Standard Time' },
      scheduledEndDateTime: { dateTime: '2025-07-04T17:00:00.0000000', timeZone: 'UTC' },
    });
    await expect(h.graph.getAutomaticReplies('u-sw-004')).rejects.toMatchObject({ code: 'MALFORMED', message: expect.stringContaining('graph/automatic-replies.ts') });
  });
});
