import { z } from 'zod';
import { PersonSchema, type Person } from '../audit/people';
import type { Queryable } from './db';
import { logChange } from './audit-log';

const COLUMNS = `id, name, email, team, service_area AS "serviceArea", manager_id AS "managerId", roles,
  aad_object_id AS "aadObjectId"`;

const toPerson = (row: unknown): Person => PersonSchema.parse(row);

export async function upsertPeople(tx: Queryable, people: readonly Person[], actor: string): Promise<void> {
  for (const p of people) {
    await tx.query(
      `INSERT INTO people (id, name, email, team, service_area, manager_id, roles)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, team = EXCLUDED.team,
         service_area = EXCLUDED.service_area, manager_id = EXCLUDED.manager_id, roles = EXCLUDED.roles, updated_at = now()`,
      [p.id, p.name, p.email, p.team, p.serviceArea, p.managerId, p.roles],
    );
    await logChange(tx, actor, 'person.upsert', 'person', p.id, { team: p.team, serviceArea: p.serviceArea, roles: p.roles });
  }
}

export async function listPeople(db: Queryable): Promise<Person[]> {
  return (await db.query(`SELECT ${COLUMNS} FROM people ORDER BY id`)).map(toPerson);
}

export async function getPerson(db: Queryable, id: string): Promise<Person | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM people WHERE id = $1`, [id]);
  return rows[0] === undefined ? null : toPerson(rows[0]);
}

/** Display names of these people in one query (cards show names; ids stay in logs). */
export async function namesOf(db: Queryable, personIds: readonly string[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>(`SELECT id, name FROM people WHERE id = ANY($1::text[])`, [[...new Set(personIds)]]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findPersonByEmail(db: Queryable, email: string): Promise<Person | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM people WHERE lower(email) = lower($1)`, [email.trim()]);
  return rows[0] === undefined ? null : toPerson(rows[0]);
}

export async function findPersonByAadObjectId(db: Queryable, aadObjectId: string): Promise<Person | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM people WHERE aad_object_id = $1`, [aadObjectId]);
  return rows[0] === undefined ? null : toPerson(rows[0]);
}

export async function setAadObjectId(tx: Queryable, personId: string, aadObjectId: string, actor: string): Promise<void> {
  await tx.query('UPDATE people SET aad_object_id = $2, updated_at = now() WHERE id = $1', [personId, aadObjectId]);
  await logChange(tx, actor, 'person.link-entra', 'person', personId);
}

const AreaRowSchema = z.object({ serviceArea: z.string() });

/** The service areas the store's people work in, learned from the people imports. */
export async function listPeopleServiceAreas(db: Queryable): Promise<string[]> {
  const rows = await db.query('SELECT DISTINCT service_area AS "serviceArea" FROM people ORDER BY 1');
  return rows.map((r) => AreaRowSchema.parse(r).serviceArea);
}
