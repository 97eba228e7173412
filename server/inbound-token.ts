import { decodeJwt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';

/**
 * The checks on an inbound Bot Framework token that need no network: scheme, algorithm, lifetime, audience and
 * issuer. They run before botbuilder, which fetches Bot Framework's signing keys to verify the signature; a token
 * that could never pass is refused here, so a forged or stale one costs no outbound call and cannot turn a missing
 * network into a 500.
 */

/** Bot Framework's tolerance for clock drift (tokenValidationParameters.js, `clockTolerance: 5 * 60`). */
export const CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Issuers botbuilder 4.23 accepts on the public cloud, mirrored from node_modules/botframework-connector/lib/auth/:
 * the channel's (authenticationConstants.js ToBotFromChannelTokenIssuer) and the Bot Framework tenants' Entra
 * issuers for emulator and skill tokens (tokenValidationParameters.js ToBotFromBotOrEmulatorTokenValidationParameters;
 * the US Government cloud's are left out, this bot does not run there).
 */
export const BOT_FRAMEWORK_ISSUERS: readonly string[] = [
  'https://api.botframework.com',
  'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
  'https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0',
  'https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/',
  'https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0',
  'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
];

/**
 * Entra's v1 and v2 issuers for one tenant, as emulatorValidation.js builds them for a single-tenant bot
 * (ValidTokenIssuerUrlTemplateV1/V2 in authenticationConstants.js). Botbuilder adds them for whatever tenant the token
 * names; here only the council's own tenant is accepted.
 */
export function tenantIssuers(tenantId: string): string[] {
  return [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`];
}

/** The one algorithm Bot Framework and Entra sign with; `none` and shared-secret HMAC never pass. */
const ALLOWED_ALG = 'RS256';

export type InboundTokenErrorCode =
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'ALGORITHM_REFUSED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'AUDIENCE_REFUSED'
  | 'ISSUER_REFUSED';

export class InboundTokenError extends Error {
  readonly status = 401;
  constructor(
    readonly code: InboundTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'InboundTokenError';
  }
}

export interface InboundTokenPolicy {
  /** The bot's MicrosoftAppId: the audience every token must name. */
  appId: string;
  /** MicrosoftAppTenantId, for tokens Entra issues to a single-tenant bot. */
  tenantId?: string | undefined;
  now(): Date;
}

const HeaderSchema = z.object({ alg: z.string(), kid: z.string().min(1) });
const PayloadSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  nbf: z.number().optional(),
});

/** Checks the `Authorization` header offline; returns the token, or throws InboundTokenError with the reason. */
export function checkInboundToken(header: string | undefined, policy: InboundTokenPolicy): string {
  const token = /^Bearer ([^\s]+)$/.exec(header ?? '')?.[1];
  if (token === undefined) throw new InboundTokenError('TOKEN_MISSING', 'This endpoint takes requests from Bot Framework only: the Bearer token is missing.');
  let rawHeader: unknown;
  let rawPayload: unknown;
  try {
    rawHeader = decodeProtectedHeader(token);
    rawPayload = decodeJwt(token);
  } catch {
    throw new InboundTokenError('TOKEN_MALFORMED', 'The Bearer token is not a JSON Web Token.');
  }
  const head = HeaderSchema.safeParse(rawHeader);
  if (!head.success) throw new InboundTokenError('TOKEN_MALFORMED', 'The Bearer token names no algorithm or signing key.');
  if (head.data.alg !== ALLOWED_ALG) throw new InboundTokenError('ALGORITHM_REFUSED', `The Bearer token must be signed with ${ALLOWED_ALG}.`);
  const claims = PayloadSchema.safeParse(rawPayload);
  if (!claims.success) throw new InboundTokenError('TOKEN_MALFORMED', 'The Bearer token lacks an issuer, audience or expiry.');
  const nowSeconds = Math.floor(policy.now().getTime() / 1000);
  if (claims.data.exp + CLOCK_SKEW_SECONDS <= nowSeconds) throw new InboundTokenError('TOKEN_EXPIRED', 'The Bearer token has expired.');
  if (claims.data.nbf !== undefined && claims.data.nbf - CLOCK_SKEW_SECONDS > nowSeconds) {
    throw new InboundTokenError('TOKEN_NOT_YET_VALID', 'The Bearer token is not valid yet.');
  }
  const audiences = typeof claims.data.aud === 'string' ? [claims.data.aud] : claims.data.aud;
  if (!audiences.includes(policy.appId)) throw new InboundTokenError('AUDIENCE_REFUSED', 'The Bearer token was issued for another app.');
  const issuers = policy.tenantId === undefined ? BOT_FRAMEWORK_ISSUERS : [...BOT_FRAMEWORK_ISSUERS, ...tenantIssuers(policy.tenantId)];
  if (!issuers.includes(claims.data.iss)) throw new InboundTokenError('ISSUER_REFUSED', 'The Bearer token was not issued by Bot Framework.');
  return token;
}
