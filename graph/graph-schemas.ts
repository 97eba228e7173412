/**
 * Shapes of the Graph payloads Audit Loop reads, as documented for v1.0. Responses are parsed with these
 * before anything else looks at them; extra properties are allowed (Graph adds them freely).
 */
import { z } from 'zod';

/** A user (or the user/orgContact returned as someone's manager). */
export const PersonSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullable().default(null),
  mail: z.string().nullable().default(null),
  userPrincipalName: z.string().nullable().default(null),
});
export type Person = z.infer<typeof PersonSchema>;

export const PERSON_SELECT = 'id,displayName,mail,userPrincipalName';

export const PeoplePageSchema = z.object({
  value: z.array(PersonSchema),
  '@odata.nextLink': z.string().optional(),
});

/** dateTimeTimeZone: a wall-clock time without offset plus the zone it is in (IANA or Windows name). */
export const DateTimeTimeZoneSchema = z.object({
  dateTime: z.string().min(1),
  timeZone: z.string().min(1),
});
export type DateTimeTimeZone = z.infer<typeof DateTimeTimeZoneSchema>;

export const AutomaticRepliesSettingSchema = z.object({
  status: z.enum(['disabled', 'alwaysEnabled', 'scheduled']),
  scheduledStartDateTime: DateTimeTimeZoneSchema.nullish(),
  scheduledEndDateTime: DateTimeTimeZoneSchema.nullish(),
});

/** What the app keeps of an automatic-replies setting; start/end are ISO instants (UTC). */
export interface AutomaticReplies {
  readonly status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  readonly start?: string;
  readonly end?: string;
}

/** The driveItem fields the Forms start-up check selects ($select=id,name,eTag). */
export const DriveItemSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  eTag: z.string().nullable().default(null),
});
export type DriveItemMeta = z.infer<typeof DriveItemSchema>;

export const InstalledAppsPageSchema = z.object({
  value: z.array(z.object({ id: z.string().min(1) })),
});

export const ChatSchema = z.object({ id: z.string().min(1) });

/** One answer inside a $batch response. */
export const BatchItemResponseSchema = z.object({
  id: z.string(),
  status: z.number().int(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});
export type BatchItemResponse = z.infer<typeof BatchItemResponseSchema>;

export const BatchResponseSchema = z.object({ responses: z.array(BatchItemResponseSchema) });

/** The error object Graph puts in a failed response (also inside $batch items). */
export const ODataErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });
