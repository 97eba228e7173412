import { z } from 'zod';
import { CaseSchema, type Case } from '../audit/cases';
import type { Queryable } from './db';
import { logChange } from './audit-log';

const COLUMNS = `case_ref AS "caseRef", service_area AS "serviceArea", team, allocated_worker_id AS "allocatedWorkerId",
  team_manager_id AS "teamManagerId", cohort, open`;

export async function upsertCases(tx: Queryable, cases: readonly Case[], actor: string): Promise<void> {
  for (const c of cases) {
    await tx.query(
      `INSERT INTO cases (case_ref, service_area, team, allocated_worker_id, team_manager_id, cohort, open)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_ref) DO UPDATE SET service_area = EXCLUDED.service_area, team = EXCLUDED.team,
         allocated_worker_id = EXCLUDED.allocated_worker_id, team_manager_id = EXCLUDED.team_manager_id,
         cohort = EXCLUDED.cohort, open = EXCLUDED.open, updated_at = now()`,
      [c.caseRef, c.serviceArea, c.team, c.allocatedWorkerId, c.teamManagerId, c.cohort, c.open],
    );
    await logChange(tx, actor, 'case.upsert', 'case', c.caseRef, { serviceArea: c.serviceArea, team: c.team, cohort: c.cohort });
  }
}

export async function listCases(db: Queryable): Promise<Case[]> {
  return (await db.query(`SELECT ${COLUMNS} FROM cases ORDER BY case_ref`)).map((r) => CaseSchema.parse(r));
}

export async function getCase(db: Queryable, caseRef: string): Promise<Case | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM cases WHERE case_ref = $1`, [caseRef]);
  return rows[0] === undefined ? null : CaseSchema.parse(rows[0]);
}

const AreaRowSchema = z.object({ serviceArea: z.string() });

/** The service areas the store's cases are in, learned from the case imports. */
export async function listCaseServiceAreas(db: Queryable): Promise<string[]> {
  const rows = await db.query('SELECT DISTINCT service_area AS "serviceArea" FROM cases ORDER BY 1');
  return rows.map((r) => AreaRowSchema.parse(r).serviceArea);
}
