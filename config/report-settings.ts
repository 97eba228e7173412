import { z } from 'zod';
import { ConfigError } from './settings';

/** The report documents' own setting, read apart from config/settings.ts: the council named on the title page. */
const ReportSettingsSchema = z.object({
  AUDIT_LOOP_COUNCIL_NAME: z
    .string()
    .trim()
    .max(120, 'AUDIT_LOOP_COUNCIL_NAME is at most 120 characters')
    .optional()
    .transform((v) => (v === undefined || v === '' ? "Children's Services" : v)),
});
export type ReportSettings = z.infer<typeof ReportSettingsSchema>;

export function readReportSettings(env: NodeJS.ProcessEnv = process.env): ReportSettings {
  const parsed = ReportSettingsSchema.safeParse({ AUDIT_LOOP_COUNCIL_NAME: env['AUDIT_LOOP_COUNCIL_NAME'] });
  // A ConfigError, as for every other setting: the CLI reports it and exits 1.
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  return parsed.data;
}
