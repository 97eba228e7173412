import { AuditError } from '../audit/errors';
import { DEFAULT_PROFILE_ID, loadProfile } from '../audit/programme-profiles';
import { ConfigError, readSettings } from '../config/settings';
import { openStore } from '../store/open-store';
import { readGraphSettings } from '../graph/graph-settings';
import { startBackgroundWork } from './background-work';
import { leaveLookupOf, startGraphWork } from './graph-work';
import { outboundAuth, resolveAuthMode, type AuthMode } from './auth-mode';
import { createLogger } from './logger';
import { createServer, listen } from './create-server';
import { formsPushAuthOf } from './forms-push-route';

/** What only code can change about a start (never the environment): the benchmark points botbuilder at its own keys. */
export interface StartOverrides {
  /** Bot Framework's OpenID metadata URL; the public cloud's when absent. */
  openIdMetadataUrl?: string | undefined;
}

/**
 * `npm start`: read settings, load the programme, open the store, serve. Any start-up problem resolves with exit
 * code 1 (its message on stderr); 0 means the server is listening, and it stops on SIGTERM or SIGINT.
 */
export async function startServer(env: NodeJS.ProcessEnv, overrides: StartOverrides = {}): Promise<number> {
  let settings;
  let graphSettings;
  let mode: AuthMode;
  try {
    settings = readSettings(env);
    graphSettings = readGraphSettings(env);
    // Before anything opens: a missing MicrosoftAppId stops the bot rather than leaving it unauthenticated.
    mode = resolveAuthMode(settings);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const logger = createLogger(settings.LOG_LEVEL);
  let profile;
  try {
    profile = loadProfile(settings.AUDIT_LOOP_PROGRAMME ?? DEFAULT_PROFILE_ID);
  } catch (e) {
    if (e instanceof AuditError) {
      // Every problem listed, so the whole profile can be fixed in one go.
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  let leave;
  try {
    leave = leaveLookupOf(graphSettings, logger);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const db = await openStore({ databaseUrl: settings.DATABASE_URL, dataDir: settings.AUDIT_LOOP_DATA_DIR });
  const clock = { now: () => new Date() };
  const auth = outboundAuth(mode);
  const formsPush = formsPushAuthOf(graphSettings, settings.BOT_DOMAIN);
  if (formsPush === null) logger.info('POST /api/forms/responses is off: it needs MicrosoftAppTenantId and MicrosoftAppId to check who pushes');
  const app = createServer({ db, profile, clock, logger, mode, botDomain: settings.BOT_DOMAIN, formsPush, openIdMetadataUrl: overrides.openIdMetadataUrl });
  const listening = await listen(app, settings.PORT);
  const background = await startBackgroundWork({ db, profile, clock, logger, auth, leave });
  const graphWork = startGraphWork({ db, profile, clock, logger, settings: graphSettings });
  logger.info({ port: listening.port, programme: profile.id, store: db.kind }, 'Audit Loop listening');
  const stop = (): void => {
    logger.info('shutting down');
    // Finish in-flight sends before the store closes; what is left is released for another instance.
    void Promise.all([background.stop(), graphWork.stop()]).then(() => listening.close()).then(() => db.close()).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return 0;
}
