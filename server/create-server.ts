import type { Server } from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { AuditLoopBot } from '../bot/audit-loop-bot';
import type { Clock } from '../bot/bot-deps';
import type { Db } from '../store/db';
import { createDashboardRouter } from '../tab/dashboard-routes';
import { createMetrics } from './metrics';

export interface BotAuth {
  MicrosoftAppId?: string | undefined;
  MicrosoftAppPassword?: string | undefined;
  MicrosoftAppTenantId?: string | undefined;
  MicrosoftAppType?: string | undefined;
}

export interface ServerDeps {
  db: Db;
  profile: ProgrammeProfile;
  clock: Clock;
  logger: Logger;
  auth?: BotAuth;
  /** Honoured only when no MicrosoftAppId is set (local anonymous mode). */
  devUserId?: string | null;
  /** The public host name, for the tab's Teams SSO audience `api://{host}/{app id}`. */
  botDomain?: string | undefined;
}

/** True when the bot runs without Bot Framework authentication (Playground, local development). */
export function isAnonymousMode(auth: BotAuth | undefined): boolean {
  return (auth?.MicrosoftAppId ?? '') === '';
}

/**
 * The HTTP face of the bot: /api/messages through the CloudAdapter (which checks the Bot Framework token when an
 * app id is configured), /healthz (the process is up) and /readyz (the store answers).
 */
export function createServer(deps: ServerDeps): Express {
  const anonymous = isAnonymousMode(deps.auth);
  if (anonymous) {
    deps.logger.warn('MicrosoftAppId is not set: LOCAL ANONYMOUS MODE, inbound requests are not authenticated. Never run like this in production.');
  }
  const options: ConfigurationBotFrameworkAuthenticationOptions = anonymous ? {} : {
    MicrosoftAppId: deps.auth?.MicrosoftAppId,
    MicrosoftAppPassword: deps.auth?.MicrosoftAppPassword,
    MicrosoftAppTenantId: deps.auth?.MicrosoftAppTenantId,
    MicrosoftAppType: deps.auth?.MicrosoftAppType,
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
  adapter.onTurnError = async (context, error) => {
    // The full error stays in the log; the user gets a plain sentence and no internals.
    deps.logger.error({ err: error, activityType: context.activity.type, conversationId: context.activity.conversation?.id }, 'turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again; if it keeps happening, tell the QA team.').catch(() => undefined);
    }
  };
  const bot = new AuditLoopBot({
    db: deps.db,
    profile: deps.profile,
    clock: deps.clock,
    logger: deps.logger,
    devUserId: anonymous ? deps.devUserId ?? null : null,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.db.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch (e) {
      deps.logger.error({ err: e }, 'store not reachable');
      res.status(503).json({ status: 'store unavailable' });
    }
  });
  const appId = deps.auth?.MicrosoftAppId ?? '';
  app.use(
    createDashboardRouter({
      db: deps.db,
      profile: deps.profile,
      clock: deps.clock,
      auth: anonymous
        ? { mode: 'local' }
        : { mode: 'teams', audience: deps.botDomain === undefined ? [appId] : [appId, `api://${deps.botDomain}/${appId}`] },
    }),
  );
  const metrics = createMetrics(deps.db);
  app.get('/metrics', async (_req, res) => {
    try {
      res.type(metrics.contentType).send(await metrics.metrics());
    } catch (e) {
      deps.logger.error({ err: e }, 'metrics not available');
      res.status(503).send('metrics unavailable');
    }
  });
  app.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
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
