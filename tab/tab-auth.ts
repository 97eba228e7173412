import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Microsoft Entra's signing keys for one tenant's tokens (what Teams SSO's getAuthToken returns there). */
export function entraJwksUrl(tenantId: string): URL {
  return new URL(`https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`);
}

/** Entra's v2 and v1 issuers for one tenant: the only issuers a council's tab accepts. */
export function entraIssuers(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

/**
 * How the tab knows who is looking. `local`: local anonymous mode, for a demo or a laptop. `teams`: a Teams SSO token
 * as a Bearer token, checked against the council's tenant (MicrosoftAppTenantId); keys are injectable so tests sign
 * with a local key.
 */
export type DashboardAuth =
  | { mode: 'local' }
  | {
      mode: 'teams';
      /** The app's client id and/or its `api://…/<client id>` URI. */
      audience: string | string[];
      /** The council's tenant. Unset, every sign-in is refused: any other tenant's staff must never get in. */
      tenantId: string | undefined;
      jwks?: JWTVerifyGetKey;
    };

export type TabAuthErrorCode = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TENANT_NOT_CONFIGURED';

export class TabAuthError extends Error {
  /** 401 for the viewer's token; 503 when the bot itself is not set up to check one. */
  readonly status: 401 | 503;
  constructor(
    readonly code: TabAuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TabAuthError';
    this.status = code === 'TENANT_NOT_CONFIGURED' ? 503 : 401;
  }
}

/** Makes the verifier once, so the remote key set (and its cache) is shared across requests. */
export function tokenVerifier(auth: Extract<DashboardAuth, { mode: 'teams' }>): (header: string | undefined) => Promise<{ oid: string }> {
  const tenantId = auth.tenantId;
  if (tenantId === undefined) {
    return async () => {
      throw new TabAuthError('TENANT_NOT_CONFIGURED', "The dashboard cannot check Teams sign-ins yet: the bot's MicrosoftAppTenantId is not set. Tell the QA team.");
    };
  }
  const keys = auth.jwks ?? createRemoteJWKSet(entraJwksUrl(tenantId));
  const issuer = entraIssuers(tenantId);
  return async (header) => {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (token === undefined) throw new TabAuthError('TOKEN_MISSING', 'Open the dashboard in Teams: it needs your Teams sign-in.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { audience: auth.audience, issuer, algorithms: ['RS256'] }));
    } catch {
      throw new TabAuthError('TOKEN_INVALID', 'Your Teams sign-in could not be checked; reload the tab.');
    }
    // The issuer names the tenant too, but `tid` is what Entra documents as the tenant of the signed-in person.
    if (payload['tid'] !== tenantId) throw new TabAuthError('TOKEN_INVALID', "The sign-in is not from the council's Microsoft Entra tenant.");
    const oid = payload['oid'];
    if (typeof oid !== 'string' || oid === '') throw new TabAuthError('TOKEN_INVALID', 'The sign-in carries no user object id.');
    return { oid };
  };
}
