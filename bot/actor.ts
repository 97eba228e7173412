import type { Activity } from 'botbuilder';
import type { Person } from '../audit/people';
import { findPersonByAadObjectId, getPerson } from '../store/people-repo';
import type { BotDeps } from './bot-deps';

/**
 * Who sent this activity, as a person the programme knows. The Entra object id Teams puts on `from` is the only
 * identity trusted; in local anonymous mode (no app id) a configured dev user stands in for the Playground's user.
 */
export async function identifyActor(deps: BotDeps, activity: Partial<Activity>): Promise<Person | null> {
  const aad = activity.from?.aadObjectId;
  if (aad) {
    const known = await findPersonByAadObjectId(deps.db, aad);
    if (known) return known;
  }
  if (deps.devUserId) return getPerson(deps.db, deps.devUserId);
  return null;
}

/** How a sender is named in logs and the audit trail: a person id, or the Entra id when unknown. */
export function actorLabel(person: Person | null, activity: Partial<Activity>): string {
  if (person) return person.id;
  return `aad:${activity.from?.aadObjectId ?? 'unknown'}`;
}
