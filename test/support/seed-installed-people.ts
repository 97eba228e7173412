import type { Db } from '../../store/db';
import type { FakeTeamsConnector } from '../fakes/teams-connector';

/**
 * Many auditors at once, each with a personal conversation in the connector simulator, in two set-based statements
 * (a fan-out's recipients: row-by-row seeding would dominate the run).
 */
export async function seedInstalledAuditors(db: Db, fake: FakeTeamsConnector, tenantId: string, ids: readonly string[]): Promise<void> {
  const conversations = ids.map((id) => fake.addConversation({ tenantId, userId: `29:${id}` }));
  await db.query(
    `INSERT INTO people (id, name, email, team, service_area, roles)
     SELECT id, 'Auditor ' || id, id || '@council.example', 'Team A', 'CRS', '{auditor}' FROM unnest($1::text[]) AS id`,
    [[...ids]],
  );
  await db.query(
    `INSERT INTO conversation_refs (conversation_id, kind, tenant_id, service_url, person_id, reference)
     SELECT c, 'personal', $3, $4, p, '{}'::jsonb FROM unnest($1::text[], $2::text[]) AS t(p, c)`,
    [[...ids], conversations, tenantId, fake.serviceUrl],
  );
}
