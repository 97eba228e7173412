import { z } from 'zod';
import { PackageError } from './package-errors';

/**
 * The environment that fills manifest.template.json. Each variable names a `${NAME}` placeholder in the template.
 * BOT_ID may come from MicrosoftAppId, the name the bot's own configuration uses, so one .env serves both.
 */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

const requiredHelp: Record<string, string> = {
  TEAMS_APP_ID: 'a GUID of your choosing that identifies the Teams app (keep it stable across versions)',
  BOT_ID: 'the Entra app registration (client) id of the bot, also accepted as MicrosoftAppId',
  BOT_DOMAIN: 'the public host name that serves /api/messages and /tab, e.g. auditloop.example.org',
};

export const packageEnvSchema = z.object({
  TEAMS_APP_ID: z.guid({ error: 'must be a GUID' }),
  BOT_ID: z.guid({ error: 'must be a GUID' }),
  BOT_DOMAIN: z
    .string()
    .regex(HOST_NAME, { error: 'must be a host name only, without https:// or a path (e.g. auditloop.example.org)' }),
  APP_VERSION: z.string().regex(SEMVER, { error: 'must be MAJOR.MINOR.PATCH, e.g. 1.0.0' }),
  DEVELOPER_NAME: z.string().min(1).max(32, { error: 'must be at most 32 characters' }),
  DEVELOPER_WEBSITE_URL: httpsUrl,
  PRIVACY_URL: httpsUrl,
  TERMS_URL: httpsUrl,
});

export type PackageVariables = z.infer<typeof packageEnvSchema>;

export interface PackageEnvDefaults {
  /** Used when APP_VERSION is unset; the caller passes package.json's version. */
  readonly appVersion: string;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Reads and checks the variables; on failure lists every missing or malformed one at once. */
export function parsePackageEnv(env: NodeJS.ProcessEnv, defaults: PackageEnvDefaults): PackageVariables {
  const domain = present(env.BOT_DOMAIN);
  // The developer pages default to the bot's own host, which serves them beside the dashboard.
  const site = domain ? `https://${domain}` : undefined;
  const raw = {
    TEAMS_APP_ID: present(env.TEAMS_APP_ID),
    BOT_ID: present(env.BOT_ID) ?? present(env.MicrosoftAppId),
    BOT_DOMAIN: domain,
    APP_VERSION: present(env.APP_VERSION) ?? defaults.appVersion,
    DEVELOPER_NAME: present(env.DEVELOPER_NAME) ?? 'Audit Loop',
    DEVELOPER_WEBSITE_URL: present(env.DEVELOPER_WEBSITE_URL) ?? (site && `${site}/`),
    PRIVACY_URL: present(env.PRIVACY_URL) ?? (site && `${site}/privacy`),
    TERMS_URL: present(env.TERMS_URL) ?? (site && `${site}/terms`),
  };
  const parsed = packageEnvSchema.safeParse(raw);
  if (parsed.success) return parsed.data;

  const missing: string[] = [];
  const invalid: string[] = [];
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '');
    if (raw[name as keyof typeof raw] !== undefined) invalid.push(`${name} ${issue.message}`);
    // The developer URLs are unset only because BOT_DOMAIN is, which is reported below.
    else if (name in requiredHelp && !missing.includes(name)) missing.push(name);
  }
  const details = [...missing.map((name) => `${name} is missing: set it to ${requiredHelp[name]}`), ...invalid];
  const head = missing.length > 0 ? `Missing environment variables: ${missing.join(', ')}` : 'Invalid environment variables';
  throw new PackageError('ENV_INVALID', `${head}.`, details);
}
