import type { Case } from '../../audit/cases';
import type { Person } from '../../audit/people';
import { upsertCases } from '../../store/cases-repo';
import type { Queryable } from '../../store/db';
import { setAadObjectId, upsertPeople } from '../../store/people-repo';
import { smallCouncil } from './fixtures';

/** Writes the small council's people and cases, and any Entra ids given (person id → object id), in `tx`. */
export async function seedSmallCouncil(tx: Queryable, entraIds: Readonly<Record<string, string>> = {}): Promise<{ people: Person[]; cases: Case[] }> {
  const council = smallCouncil();
  await upsertPeople(tx, council.people, 'test');
  await upsertCases(tx, council.cases, 'test');
  for (const [personId, oid] of Object.entries(entraIds)) await setAadObjectId(tx, personId, oid, 'test');
  return council;
}
