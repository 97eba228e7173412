import { z } from 'zod';

/** Every setting the bot and the CLI read from the environment, validated once at start. */
export const SettingsSchema = z.object({
  /** `production` (the image sets it) forbids local anonymous mode. */
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  AUDIT_LOOP_DATA_DIR: z.string().min(1).default('./data'),
  AUDIT_LOOP_PROGRAMME: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  BOT_DOMAIN: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a bare host name such as auditloop.example.gov.uk').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  /** The council's Entra directory (tenant) id: the only tenant whose Teams sign-ins the dashboard tab accepts. */
  MicrosoftAppTenantId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'the directory (tenant) id, a GUID').toLowerCase().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  /**
   * `anonymous`: run without Bot Framework authentication, for the Playground or a laptop. Must be asked for: a
   * missing MicrosoftAppId alone stops the bot (server/auth-mode.ts), and it is refused when NODE_ENV=production.
   */
  AUDIT_LOOP_LOCAL_MODE: z.enum(['anonymous']).optional(),
  /** Local anonymous mode only: the person id an unknown sender acts as. */
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
