import {
  backoffDelay,
  decide,
  extractErrorCode,
  isTransientStatus,
  parseRetryAfter,
  type HttpResult,
  type RetryPolicyOptions,
} from '../../delivery/retry-policy';

const policy = (random: number, overrides: Partial<RetryPolicyOptions> = {}): RetryPolicyOptions => ({
  baseMs: 1_000,
  capMs: 60_000,
  maxAttempts: 8,
  random: () => random,
  ...overrides,
});
const response = (status: number, body: unknown = null, retryAfter: string | null = null): HttpResult => ({
  kind: 'response',
  status,
  retryAfter,
  body,
});
const NOW = Date.parse('2025-03-03T09:00:00Z');

describe('retry policy', () => {
  it.each([200, 201])('treats %i as delivered', (status) => {
    expect(decide(response(status, { id: '1:abc' }), 1, NOW, policy(0.5))).toEqual({ kind: 'delivered' });
  });

  it('waits exactly the Retry-After seconds on a 429', () => {
    expect(decide(response(429, null, '3'), 1, NOW, policy(0.9))).toEqual({
      kind: 'retry',
      delayMs: 3_000,
      reason: '429 throttled',
      fromRetryAfter: true,
    });
  });

  it('reads a Retry-After given as an HTTP date', () => {
    const at = new Date(NOW + 7_000).toUTCString();
    expect(decide(response(429, null, at), 1, NOW, policy(0.9))).toMatchObject({ kind: 'retry', delayMs: 7_000, fromRetryAfter: true });
  });

  it('falls back to jittered backoff on a 429 without Retry-After', () => {
    expect(decide(response(429), 3, NOW, policy(0))).toMatchObject({ kind: 'retry', delayMs: 2_000, fromRetryAfter: false });
  });

  it.each([412, 500, 502, 503, 504])('retries %i with exponential backoff', (status) => {
    const first = decide(response(status), 1, NOW, policy(1));
    const fourth = decide(response(status), 4, NOW, policy(1));
    expect(first).toMatchObject({ kind: 'retry', delayMs: 1_000, fromRetryAfter: false });
    expect(fourth).toMatchObject({ kind: 'retry', delayMs: 8_000 });
  });

  it('retries a timeout and a network error', () => {
    const timeout: HttpResult = { kind: 'network-error', code: 'timeout', message: 'The operation was aborted due to timeout' };
    const refused: HttpResult = { kind: 'network-error', code: 'network', message: 'fetch failed' };
    expect(decide(timeout, 1, NOW, policy(0.5))).toMatchObject({ kind: 'retry', reason: expect.stringContaining('timeout') });
    expect(decide(refused, 2, NOW, policy(0.5))).toMatchObject({ kind: 'retry', delayMs: 1_500 });
  });

  it('stops for good when the user blocked the bot (status-code table shape)', () => {
    const body = { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } };
    expect(decide(response(403, body), 1, NOW, policy(0.5))).toEqual({
      kind: 'blocked',
      code: 'ConversationBlockedByUser',
      message: 'User blocked the conversation with the bot.',
    });
  });

  it('stops for good on MessageWritesBlocked in the proactive-messaging sample shape', () => {
    const inner = JSON.stringify({ subCode: 'MessageWritesBlocked', details: 'Thread is blocked from message writes.', errorCode: null });
    expect(decide(response(403, { errorCode: 209, message: inner }), 1, NOW, policy(0.5))).toEqual({
      kind: 'blocked',
      code: 'MessageWritesBlocked',
      message: 'Thread is blocked from message writes.',
    });
    expect(decide(response(403, { error: { code: 'MessageWritesBlocked', message: 'x' } }), 1, NOW, policy(0.5))).toMatchObject({
      kind: 'blocked',
    });
  });

  it('fails a 403 that is not about blocking without calling it blocked', () => {
    const body = { error: { code: 'NotEnoughPermissions', message: 'Bot lacks permission.' } };
    expect(decide(response(403, body), 1, NOW, policy(0.5))).toEqual({
      kind: 'failed',
      reason: '403 NotEnoughPermissions: Bot lacks permission.',
      status: 403,
      code: 'NotEnoughPermissions',
    });
  });

  it.each([
    [401, { message: 'Authorization has been denied for this request.' }, null],
    [400, { error: { code: 'BadArgument', message: 'Activity type is required.' } }, 'BadArgument'],
    [404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } }, 'ConversationNotFound'],
    [413, { error: { code: 'MessageSizeTooBig', message: 'Message size too large.' } }, 'MessageSizeTooBig'],
  ])('fails %i permanently with the reason', (status, body, code) => {
    const decision = decide(response(status, body), 1, NOW, policy(0.5));
    expect(decision).toMatchObject({ kind: 'failed', status, code });
    expect(decision.kind === 'failed' && decision.reason).toContain(String(status));
  });

  it('turns the last allowed transient failure into a permanent one', () => {
    expect(decide(response(503), 7, NOW, policy(0.5))).toMatchObject({ kind: 'retry' });
    expect(decide(response(503), 8, NOW, policy(0.5))).toMatchObject({
      kind: 'failed',
      status: 503,
      reason: expect.stringContaining('retries exhausted after 8 attempts'),
    });
    expect(decide(response(429, null, '1'), 3, NOW, policy(0.5, { maxAttempts: 3 }))).toMatchObject({ kind: 'failed', status: 429 });
  });

  it('never retries a success whose body it could not read, since that could send twice', () => {
    const odd: HttpResult = { kind: 'invalid-response', status: 201, message: 'id: expected string' };
    expect(decide(odd, 1, NOW, policy(0.5))).toMatchObject({ kind: 'failed', status: 201 });
  });
});

describe('backoff', () => {
  it('doubles from the base, spreads between half and all of the step, and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy(1)))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy(0)))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(backoffDelay(12, policy(1))).toBe(60_000);
    expect(backoffDelay(40, policy(0))).toBe(30_000);
  });
});

describe('Retry-After and error-code parsing', () => {
  it('reads seconds, dates in the past, and rejects junk', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 12 ', NOW)).toBe(12_000);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it('finds no code in an empty or plain-text body', () => {
    expect(extractErrorCode(null)).toEqual({ code: null, message: '' });
    expect(extractErrorCode('Bad Gateway')).toEqual({ code: null, message: 'Bad Gateway' });
  });
});

describe('isTransientStatus, the one rule for whether waiting helps', () => {
  test.each([
    [null, true], [429, true], [412, true], [500, true], [502, true], [503, true], [504, true],
    [400, false], [401, false], [403, false], [404, false], [501, false],
  ] as const)('status %s → transient %s', (status, transient) => {
    expect(isTransientStatus(status)).toBe(transient);
  });
});
