import { ConfigError, type Settings } from '../config/settings';

/** The Bot Framework registration the bot authenticates as, and checks inbound tokens against. */
export interface BotCredentials {
  MicrosoftAppId: string;
  MicrosoftAppPassword?: string | undefined;
  /** The council's tenant: single-tenant token issuers, and the only tenant the dashboard tab accepts. */
  MicrosoftAppTenantId?: string | undefined;
  MicrosoftAppType?: Settings['MicrosoftAppType'];
}

/**
 * How inbound requests are authenticated. Resolved once at start and handed to createServer, which never infers
 * anonymity from a missing app id: a forgotten secret must stop the bot, not open it.
 */
export type AuthMode =
  | { kind: 'bot-framework'; credentials: BotCredentials }
  /** No authentication at all: anyone who reaches /api/messages acts as whoever they claim. Local use only. */
  | { kind: 'local-anonymous'; devUserId: string | null };

export type AuthModeSettings = Pick<
  Settings,
  'NODE_ENV' | 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppTenantId' | 'MicrosoftAppType' | 'AUDIT_LOOP_LOCAL_MODE' | 'AUDIT_LOOP_DEV_USER'
>;

const SEE_DOCS = 'see docs/deploy.md';

/** Authenticated when MicrosoftAppId is set; anonymous only when asked for and not in production; otherwise refuses. */
export function resolveAuthMode(settings: AuthModeSettings): AuthMode {
  const appId = settings.MicrosoftAppId ?? '';
  const production = settings.NODE_ENV === 'production';
  if (appId !== '') {
    if (settings.AUDIT_LOOP_LOCAL_MODE !== undefined) {
      throw new ConfigError([
        `AUDIT_LOOP_LOCAL_MODE=${settings.AUDIT_LOOP_LOCAL_MODE} contradicts MicrosoftAppId, which turns Bot Framework authentication on: unset one of them.`,
      ]);
    }
    return {
      kind: 'bot-framework',
      credentials: {
        MicrosoftAppId: appId,
        MicrosoftAppPassword: settings.MicrosoftAppPassword,
        MicrosoftAppTenantId: settings.MicrosoftAppTenantId,
        MicrosoftAppType: settings.MicrosoftAppType,
      },
    };
  }
  if (settings.AUDIT_LOOP_LOCAL_MODE === 'anonymous') {
    if (production) {
      throw new ConfigError([
        'AUDIT_LOOP_LOCAL_MODE=anonymous is refused when NODE_ENV=production: it lets anyone act as anyone. ' +
          `Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId from the bot's Entra app registration (${SEE_DOCS}).`,
      ]);
    }
    return { kind: 'local-anonymous', devUserId: settings.AUDIT_LOOP_DEV_USER ?? null };
  }
  throw new ConfigError([
    `MicrosoftAppId is not set: the bot will not start without it, because nothing could check who sends it messages. Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId from the bot's Entra app registration (${SEE_DOCS}). ` +
      'For local use only (Playground, a laptop), AUDIT_LOOP_LOCAL_MODE=anonymous runs without authentication; it is refused when NODE_ENV=production.',
  ]);
}

/** The credentials background work sends with; none in local anonymous mode (the Playground's connector takes any token). */
export function outboundAuth(mode: AuthMode): Partial<BotCredentials> {
  return mode.kind === 'bot-framework' ? mode.credentials : {};
}
