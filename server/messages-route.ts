import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { AuthMode } from './auth-mode';
import { BODY_LIMIT, bodyParserRefusal, InboundActivityError, readActivity } from './inbound-activity';
import { checkInboundToken, InboundTokenError } from './inbound-token';

export interface MessagesDeps {
  mode: AuthMode;
  logger: Logger;
  clock: { now(): Date };
  /** Runs one turn (the bot). */
  logic: (context: TurnContext) => Promise<void>;
  /** Where Bot Framework's OpenID metadata (and so its signing keys) is read; tests point it at a local server. */
  openIdMetadataUrl?: string | undefined;
  /** Called on a turn error, after the adapter has logged it. */
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
}

/** Exposes the adapter's turn runner for a request botbuilder has already authenticated (see createMessagesRouter). */
class AuditLoopAdapter extends CloudAdapter {
  runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

const refuse = (res: Response, status: number, error: string): void => {
  res.status(status).json({ error });
};

/** Errors botbuilder raises for a token it has checked and found wanting (as opposed to one it could not check). */
function isTokenRefusal(e: unknown): boolean {
  if (e instanceof AuthenticationError) return e.statusCode === 401;
  // jsonwebtoken's verify errors reach us unwrapped: bad signature, audience, issuer, lifetime.
  return e instanceof Error && ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(e.name);
}

function botFrameworkOptions(mode: AuthMode, openIdMetadataUrl: string | undefined): ConfigurationBotFrameworkAuthenticationOptions {
  if (mode.kind === 'local-anonymous') return {};
  const credentials: ConfigurationBotFrameworkAuthenticationOptions = { ...mode.credentials };
  if (openIdMetadataUrl === undefined) return credentials;
  // Setting one endpoint makes botbuilder expect them all (botFrameworkAuthenticationFactory.js): the public cloud's.
  return {
    ...credentials,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

/**
 * POST /api/messages. In order: the token's offline checks (Bot Framework mode), the body as JSON, the activity's
 * shape, then botbuilder's signature check and the turn. Every refusal is a short JSON sentence of our own; what
 * botbuilder says (stack traces, URLs, library advice) goes to the log only.
 */
export function createMessagesRouter(deps: MessagesDeps): Router {
  const botAuth = new ConfigurationBotFrameworkAuthentication(botFrameworkOptions(deps.mode, deps.openIdMetadataUrl));
  const adapter = new AuditLoopAdapter(botAuth);
  adapter.onTurnError = deps.onTurnError;
  const router = Router();

  const offlineTokenCheck: RequestHandler = (req, res, next) => {
    if (deps.mode.kind === 'local-anonymous') return next();
    try {
      checkInboundToken(req.get('authorization'), {
        appId: deps.mode.credentials.MicrosoftAppId,
        tenantId: deps.mode.credentials.MicrosoftAppTenantId,
        now: () => deps.clock.now(),
      });
    } catch (e) {
      if (!(e instanceof InboundTokenError)) throw e;
      deps.logger.warn({ code: e.code }, 'inbound request refused before any key fetch');
      return refuse(res, e.status, e.message);
    }
    next();
  };

  const bodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
    const refusal = bodyParserRefusal(err);
    if (refusal === null) return next(err);
    refuse(res, refusal.status, refusal.message);
  };

  router.post('/api/messages', offlineTokenCheck, express.json({ limit: BODY_LIMIT }), bodyErrors, async (req: Request, res: Response) => {
    let activity: Activity;
    try {
      activity = readActivity(req.body);
    } catch (e) {
      if (e instanceof InboundActivityError) return refuse(res, e.status, e.message);
      throw e;
    }
    let auth: AuthenticateRequestResult;
    try {
      auth = await botAuth.authenticateRequest(activity, req.get('authorization') ?? '');
    } catch (e) {
      if (isTokenRefusal(e)) {
        deps.logger.warn({ err: e }, 'inbound token refused by Bot Framework authentication');
        return refuse(res, 401, 'The Bearer token could not be verified.');
      }
      // Past the offline checks, what is left to fail is fetching Bot Framework's OpenID metadata and keys.
      deps.logger.error({ err: e }, "Bot Framework's signing keys could not be fetched");
      return refuse(res, 503, "The bot cannot check Bot Framework's signature right now; try again shortly.");
    }
    const invokeResponse = await adapter.runTurn(auth, activity, deps.logic);
    // As CloudAdapter.process answers: the invoke's status and body, else 200 and nothing.
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body) res.send(invokeResponse.body);
    res.end();
  });
  return router;
}
