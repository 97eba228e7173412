import type { Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { AuditLoopBot } from '../bot/audit-loop-bot';
import type { Clock } from '../bot/bot-deps';
import { ping, type Db } from '../store/db';
import { formsReadiness, type FormsReadiness } from '../graph/forms-readiness';
import { createDashboardRouter } from '../tab/dashboard-routes';
import type { DashboardAuth } from '../tab/tab-auth';
import type { AuthMode, BotCredentials } from './auth-mode';
import { createFormsPushRouter, type FormsPushAuth } from './forms-push-route';
import { bodyParserRefusal } from './inbound-activity';
import { createMessagesRouter } from './messages-route';
import { createMetrics } from './metrics';

/** The bot's credentials as background work sends with them; empty in local anonymous mode. */
export type BotAuth = Partial<BotCredentials>;

export interface ServerDeps {
  db: Db;
  profile: ProgrammeProfile;
  clock: Clock;
  logger: Logger;
  /** How inbound requests are authenticated: from resolveAuthMode, never guessed here from a missing app id. */
  mode: AuthMode;
  /** The public host name, for the tab's Teams SSO audience `api://{host}/{app id}`. */
  botDomain?: string | undefined;
  /** Where Bot Framework's OpenID metadata is read (its signing keys); tests point it at a local server. */
  openIdMetadataUrl?: string | undefined;
  /** Power Automate's push of Forms responses (POST /api/forms/responses); null or absent = not mounted. */
  formsPush?: FormsPushAuth | null;
  /** What the Forms path last learned about its workbook, shown in /readyz's detail. */
  formsReadiness?: FormsReadiness;
}

function dashboardAuth(deps: ServerDeps): DashboardAuth {
  if (deps.mode.kind === 'local-anonymous') return { mode: 'local' };
  const appId = deps.mode.credentials.MicrosoftAppId;
  const tenantId = deps.mode.credentials.MicrosoftAppTenantId;
  if (tenantId === undefined) {
    deps.logger.warn('MicrosoftAppTenantId is not set: the dashboard tab refuses every Teams sign-in until it names the council\'s tenant.');
  }
  return { mode: 'teams', tenantId, audience: deps.botDomain === undefined ? [appId] : [appId, `api://${deps.botDomain}/${appId}`] };
}

/**
 * The HTTP face of the bot: /api/messages (Bot Framework token checked offline, then by botbuilder), the dashboard
 * tab, /healthz (the process is up), /readyz (the store answers) and /metrics.
 */
export function createServer(deps: ServerDeps): Express {
  const anonymous = deps.mode.kind === 'local-anonymous';
  if (anonymous) {
    deps.logger.warn('AUDIT_LOOP_LOCAL_MODE=anonymous: LOCAL ANONYMOUS MODE, inbound requests are not authenticated. Never run like this in production.');
  }
  const bot = new AuditLoopBot({
    db: deps.db,
    profile: deps.profile,
    clock: deps.clock,
    logger: deps.logger,
    devUserId: deps.mode.kind === 'local-anonymous' ? deps.mode.devUserId : null,
    botAppId: deps.mode.kind === 'bot-framework' ? deps.mode.credentials.MicrosoftAppId : null,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(
    createMessagesRouter({
      mode: deps.mode,
      logger: deps.logger,
      clock: deps.clock,
      openIdMetadataUrl: deps.openIdMetadataUrl,
      logic: (context) => bot.run(context),
      onTurnError: async (context, error) => {
        // The full error stays in the log; the user gets a plain sentence and no internals.
        deps.logger.error({ err: error, activityType: context.activity.type, conversationId: context.activity.conversation?.id }, 'turn failed');
        if (context.activity.type === 'message') {
          await context.sendActivity('Sorry, something went wrong on our side. Please try again; if it keeps happening, tell the QA team.').catch(() => undefined);
        }
      },
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await ping(deps.db);
      res.json({ status: 'ready', forms: (deps.formsReadiness ?? formsReadiness).detail });
    } catch (e) {
      deps.logger.error({ err: e }, 'store not reachable');
      res.status(503).json({ status: 'store unavailable' });
    }
  });
  // The push route reads its own raw body (its HMAC is over the bytes), so no JSON parser may run before it.
  if (deps.formsPush) app.use(createFormsPushRouter({ db: deps.db, profile: deps.profile, clock: deps.clock, logger: deps.logger, auth: deps.formsPush }));
  app.use(createDashboardRouter({ db: deps.db, profile: deps.profile, clock: deps.clock, auth: dashboardAuth(deps) }));
  const metrics = createMetrics(deps.db);
  app.get('/metrics', async (_req, res) => {
    try {
      res.type(metrics.contentType).send(await metrics.metrics());
    } catch (e) {
      deps.logger.error({ err: e }, 'metrics not available');
      res.status(503).send('metrics unavailable');
    }
  });
  // Last: whatever escaped a route is answered with a sentence, never Express's stack page. A body any route's parser
  // could not read is the sender's mistake (4xx); anything else is ours, logged in full.
  const lastResort: ErrorRequestHandler = (err, req, res, next) => {
    const unreadable = bodyParserRefusal(err);
    if (unreadable !== null && !res.headersSent) return void res.status(unreadable.status).json({ error: unreadable.message });
    deps.logger.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return next(err);
    res.status(500).json({ error: 'Something went wrong on our side.' });
  };
  app.use(lastResort);
  return app;
}

export interface Listening {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0 for any free port, as tests do). */
export function listen(app: Express, port: number, host?: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = host === undefined ? app.listen(port) : app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        server,
        port: actual,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
