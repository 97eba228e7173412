import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** The largest activity /api/messages reads (body-parser's notation); Teams' own limit on a message is far below it. */
export const BODY_LIMIT = '1mb';
const BODY_LIMIT_WORDS = '1 MB';

/**
 * What botbuilder needs before it can run a turn: one JSON object with a `type`, and for an invoke its `name` and
 * `value` (the card action, the task module request). Everything else passes through to the bot untouched.
 */
const ActivityShape = z
  .looseObject({
    type: z.string({ error: 'The activity has no type.' }).min(1, 'The activity has no type.'),
    name: z.unknown().optional(),
    value: z.unknown().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.type !== 'invoke') return;
    if (typeof a.name !== 'string' || a.name === '') ctx.addIssue({ code: 'custom', path: ['name'], message: 'An invoke activity needs a name.' });
    if (a.value === undefined || a.value === null) ctx.addIssue({ code: 'custom', path: ['value'], message: 'An invoke activity needs a value.' });
  });

export class InboundActivityError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'InboundActivityError';
  }
}

/** The parsed body as an Activity, or InboundActivityError naming what is wrong in the project's words. */
export function readActivity(body: unknown): Activity {
  if (body === undefined) throw new InboundActivityError(415, 'Send the activity as JSON (Content-Type: application/json).');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InboundActivityError(400, 'The request body must be one activity, as a JSON object.');
  }
  const parsed = ActivityShape.safeParse(body);
  if (!parsed.success) throw new InboundActivityError(400, parsed.error.issues[0]?.message ?? 'The activity is malformed.');
  // Botbuilder's own fix-up (botbuilder/lib/activityValidator.js, not exported): the timestamps it reads as Dates.
  const activity = parsed.data as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

/** body-parser's errors (they carry `type` and `status`) as our sentences; null when the error is not one of them. */
export function bodyParserRefusal(error: unknown): InboundActivityError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') return new InboundActivityError(400, 'The request body is not JSON.');
  if (type === 'entity.too.large') return new InboundActivityError(413, `The request body is larger than ${BODY_LIMIT_WORDS}.`);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new InboundActivityError(415, 'Send the activity as UTF-8 JSON.');
  if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) return new InboundActivityError(400, 'The request body could not be read.');
  return null;
}
