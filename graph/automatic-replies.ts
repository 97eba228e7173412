/**
 * Converts Graph's automaticRepliesSetting into instants. Graph gives scheduled times as a wall-clock
 * dateTime plus a timeZone, which may be an IANA name or a Windows one ("GMT Standard Time").
 */
import { DateTime } from 'luxon';
import { GraphError } from './graph-errors';
import type { AutomaticReplies, DateTimeTimeZone } from './graph-schemas';
import { AutomaticRepliesSettingSchema } from './graph-schemas';

/** Windows zone names a UK council's mailboxes are likely to carry. */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Eastern Standard Time': 'America/New_York',
  'Pacific Standard Time': 'America/Los_Angeles',
};

function toInstant(value: DateTimeTimeZone, userId: string): string {
  const zone = WINDOWS_ZONES[value.timeZone] ?? value.timeZone;
  const parsed = DateTime.fromISO(value.dateTime, { zone });
  if (!parsed.isValid) {
    throw new GraphError(
      'MALFORMED',
      `The automatic-replies schedule of user ${userId} has a time Audit Loop cannot read (${value.dateTime} in "${value.timeZone}"); ` +
        'add the time zone to graph/automatic-replies.ts or ask the user to set the schedule again.',
    );
  }
  return parsed.toUTC().toISO() as string;
}

/** Parses the raw setting; a scheduled setting must carry both ends. */
export function parseAutomaticReplies(raw: unknown, userId: string): AutomaticReplies {
  const parsed = AutomaticRepliesSettingSchema.safeParse(raw);
  if (!parsed.success) {
    throw new GraphError('MALFORMED', `Graph's automatic-replies setting for user ${userId} was not in the documented shape: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const setting = parsed.data;
  if (setting.status !== 'scheduled') return { status: setting.status };
  if (!setting.scheduledStartDateTime || !setting.scheduledEndDateTime) {
    throw new GraphError('MALFORMED', `The automatic replies of user ${userId} are scheduled but Graph gave no start or end time.`);
  }
  return {
    status: 'scheduled',
    start: toInstant(setting.scheduledStartDateTime, userId),
    end: toInstant(setting.scheduledEndDateTime, userId),
  };
}
