import type { Logger } from 'pino';
import type { ProgrammeProfile } from '../audit/programme-profile';
import type { Clock } from '../scheduler/clock';
import type { Db } from '../store/db';

/** The one Clock (scheduler/clock.ts), named here too for the modules that take the bot's deps. */
export type { Clock } from '../scheduler/clock';

/** What the bot needs from the outside world; tests pass a real store, a fixed clock and a silent logger. */
export interface BotDeps {
  db: Db;
  profile: ProgrammeProfile;
  clock: Clock;
  logger: Logger;
  /** Local anonymous mode only: the person an unknown sender (the Playground's fake user) acts as. */
  devUserId?: string | null;
  /** The bot's Microsoft App ID, for deep links to a chat with it; absent in local anonymous mode (no links then). */
  botAppId?: string | null;
}
