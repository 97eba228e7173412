import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Microsoft Entra's signing keys for tokens from every tenant (what Teams SSO's getAuthToken returns). */
export const ENTRA_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/**
 * How the tab knows who is looking. `local`: no MicrosoftAppId, anonymous, for a demo or a laptop. `teams`: a Teams
 * SSO token as a Bearer token, checked against Entra's keys; keys, issuer and audience are injectable so tests sign
 * with a local key.
 */
export type DashboardAuth =
  | { mode: 'local' }
  | {
      mode: 'teams';
      /** The app's client id and/or its `api://…/<client id>` URI. */
      audience: string | string[];
      jwks?: JWTVerifyGetKey;
      /** Exact issuers; by default any tenant's Entra issuer naming the token's own `tid`. */
      issuer?: string | string[];
    };

export type TabAuthErrorCode = 'TOKEN_MISSING' | 'TOKEN_INVALID';

export class TabAuthError extends Error {
  constructor(
    readonly code: TabAuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TabAuthError';
  }
}

/** A multi-tenant app cannot pin one issuer: it must be Entra's, for the tenant the token itself names. */
function isEntraIssuer(payload: JWTPayload): boolean {
  const tid = typeof payload['tid'] === 'string' ? payload['tid'] : '';
  return tid !== '' && (payload.iss === `https://login.microsoftonline.com/${tid}/v2.0` || payload.iss === `https://sts.windows.net/${tid}/`);
}

/** Makes the verifier once, so the remote key set (and its cache) is shared across requests. */
export function tokenVerifier(auth: Extract<DashboardAuth, { mode: 'teams' }>): (header: string | undefined) => Promise<{ oid: string }> {
  const keys = auth.jwks ?? createRemoteJWKSet(new URL(ENTRA_JWKS_URL));
  return async (header) => {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (token === undefined) throw new TabAuthError('TOKEN_MISSING', 'Open the dashboard in Teams: it needs your Teams sign-in.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { audience: auth.audience, ...(auth.issuer === undefined ? {} : { issuer: auth.issuer }) }));
    } catch {
      throw new TabAuthError('TOKEN_INVALID', 'Your Teams sign-in could not be checked; reload the tab.');
    }
    if (auth.issuer === undefined && !isEntraIssuer(payload)) throw new TabAuthError('TOKEN_INVALID', 'The sign-in was not issued by Microsoft Entra.');
    const oid = payload['oid'];
    if (typeof oid !== 'string' || oid === '') throw new TabAuthError('TOKEN_INVALID', 'The sign-in carries no user object id.');
    return { oid };
  };
}
