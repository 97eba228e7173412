import { MicrosoftAppCredentials } from 'botframework-connector';
import { StaticTokenProvider, type TokenProvider } from './connector-client';

/**
 * The bearer token for outbound calls to the Bot Framework connector: the bot's own app credentials (the library
 * caches and refreshes them). In local anonymous mode the Playground's connector takes any token.
 */
export function botTokenProvider(auth: { MicrosoftAppId?: string | undefined; MicrosoftAppPassword?: string | undefined; MicrosoftAppTenantId?: string | undefined }): TokenProvider {
  const appId = auth.MicrosoftAppId ?? '';
  if (appId === '') return new StaticTokenProvider('local-anonymous');
  const credentials = new MicrosoftAppCredentials(appId, auth.MicrosoftAppPassword ?? '', auth.MicrosoftAppTenantId);
  return { getToken: () => credentials.getToken() };
}
