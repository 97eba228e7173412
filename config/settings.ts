import { z } from 'zod';

/** Every setting the bot and the CLI read from the environment, validated once at start. */
export const SettingsSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  AUDIT_LOOP_DATA_DIR: z.string().min(1).default('./data'),
  AUDIT_LOOP_PROGRAMME: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  BOT_DOMAIN: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a bare host name such as auditloop.example.gov.uk').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  /** Local anonymous mode only (MicrosoftAppId unset): the person id an unknown sender acts as. */
  AUDIT_LOOP_DEV_USER: z.string().min(1).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Configuration is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // An empty variable means "not set": .env files and CI often export blanks.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = SettingsSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}
