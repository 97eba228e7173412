import type { Person } from '../../audit/people';
import type { BotDeps } from '../bot-deps';

/** Who is acting and with what: every action handler gets the sender already identified. */
export interface ActionContext {
  deps: BotDeps;
  actor: Person;
}
