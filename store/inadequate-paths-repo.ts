/**
 * The Inadequate path (003): where each Inadequate audit stands — waiting for QA's moderation, open (update and
 * follow-up counted from `startedOn`), or stopped by a moderated upgrade — and the team manager's updates.
 */
import { z } from 'zod';
import type { InadequateStage, PathStatus } from '../audit/inadequate-update';
import type { Queryable } from './db';
import { jsonRows } from './json-rows';
import { logChange } from './audit-log';

const PathRow = z.object({
  allocationId: z.number().int(),
  status: z.enum(['awaiting-moderation', 'open', 'stopped']),
  round: z.number().int().positive(),
  startedOn: z.string().nullable(),
});
export type InadequatePath = z.infer<typeof PathRow>;

const PATH_COLUMNS = `allocation_id AS "allocationId", status, round, to_char(started_on, 'YYYY-MM-DD') AS "startedOn"`;

export async function getInadequatePath(db: Queryable, allocationId: number, lock = false): Promise<InadequatePath | null> {
  const rows = await db.query(`SELECT ${PATH_COLUMNS} FROM inadequate_paths WHERE allocation_id = $1${lock ? ' FOR UPDATE' : ''}`, [allocationId]);
  return rows[0] === undefined ? null : PathRow.parse(rows[0]);
}

/** Puts returned audits on the path, in one statement; one already on it is left as it is. */
export async function createInadequatePaths(tx: Queryable, rows: readonly { allocationId: number; status: PathStatus; startedOn: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO inadequate_paths (allocation_id, status, started_on)
     SELECT allocation_id, status, started_on
     FROM json_to_recordset($1::json) AS u(allocation_id int, status text, started_on date) ON CONFLICT DO NOTHING`,
    [jsonRows(rows.map((r) => ({ allocation_id: r.allocationId, status: r.status, started_on: r.startedOn })))],
  );
}

/** Opens the path from `startedOn` (QA agreed the Inadequate grade); a stopped path re-opens as a new round. */
export async function openInadequatePath(tx: Queryable, allocationId: number, startedOn: string, actor: string): Promise<InadequatePath> {
  const rows = await tx.query(
    `INSERT INTO inadequate_paths (allocation_id, status, started_on) VALUES ($1, 'open', $2)
     ON CONFLICT (allocation_id) DO UPDATE SET status = 'open', started_on = EXCLUDED.started_on, stopped_on = NULL, updated_at = now(),
       round = CASE WHEN inadequate_paths.status = 'stopped' THEN inadequate_paths.round + 1 ELSE inadequate_paths.round END
     RETURNING ${PATH_COLUMNS}`,
    [allocationId, startedOn],
  );
  const path = PathRow.parse(rows[0]);
  await logChange(tx, actor, 'inadequate.open', 'allocation', allocationId, { round: path.round, startedOn });
  return path;
}

export async function stopInadequatePath(tx: Queryable, allocationId: number, stoppedOn: string, actor: string): Promise<void> {
  await tx.query(`UPDATE inadequate_paths SET status = 'stopped', stopped_on = $2, updated_at = now() WHERE allocation_id = $1`, [allocationId, stoppedOn]);
  await logChange(tx, actor, 'inadequate.stop', 'allocation', allocationId, { stoppedOn });
}

const PersonIdRow = z.object({ recipientId: z.string() });

/** Everyone sent the urgent notice or an update request about this audit: those to tell when the path stops. */
export async function toldOfInadequate(db: Queryable, allocationId: number): Promise<string[]> {
  const rows = await db.query(
    `SELECT DISTINCT recipient_id AS "recipientId" FROM outbox
     WHERE kind IN ('inadequate-alert', 'inadequate-update-request') AND recipient_id IS NOT NULL AND payload->>'allocationId' = $1
     ORDER BY 1`,
    [String(allocationId)],
  );
  return rows.map((r) => PersonIdRow.parse(r).recipientId);
}

export interface InadequateUpdateInput {
  allocationId: number;
  round: number;
  stage: InadequateStage;
  whatWasDone: string;
  safeguardingActionTaken: boolean;
  recordedBy: string;
}

/** Records the update once per stage and round; answers false (and writes nothing) when it was recorded already. */
export async function recordInadequateUpdate(tx: Queryable, u: InadequateUpdateInput): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO inadequate_updates (allocation_id, round, stage, what_was_done, safeguarding_action_taken, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING allocation_id`,
    [u.allocationId, u.round, u.stage, u.whatWasDone, u.safeguardingActionTaken, u.recordedBy],
  );
  if (rows.length === 0) return false;
  await logChange(tx, u.recordedBy, 'inadequate.update', 'allocation', u.allocationId, { stage: u.stage, round: u.round, safeguardingActionTaken: u.safeguardingActionTaken });
  return true;
}

const UpdateRow = z.object({
  stage: z.enum(['update', 'follow-up']),
  round: z.number().int(),
  whatWasDone: z.string(),
  safeguardingActionTaken: z.boolean(),
  recordedBy: z.string(),
});
export type StoredInadequateUpdate = z.infer<typeof UpdateRow>;

export async function inadequateUpdates(db: Queryable, allocationId: number): Promise<StoredInadequateUpdate[]> {
  const rows = await db.query(
    `SELECT stage, round, what_was_done AS "whatWasDone", safeguarding_action_taken AS "safeguardingActionTaken", recorded_by AS "recordedBy"
     FROM inadequate_updates WHERE allocation_id = $1 ORDER BY round, recorded_at`,
    [allocationId],
  );
  return rows.map((r) => UpdateRow.parse(r));
}

const ChaseRow = z.object({
  allocationId: z.number().int(),
  month: z.string(),
  caseRef: z.string(),
  serviceArea: z.string(),
  teamManagerId: z.string().nullable(),
  round: z.number().int().positive(),
  startedOn: z.string(),
  updateRecorded: z.boolean(),
  followUpRecorded: z.boolean(),
});
export type InadequateChaseFacts = z.infer<typeof ChaseRow>;

/** Open paths with what the chases need: the case's team manager and area, and which updates this round has. */
export async function openInadequatePaths(db: Queryable): Promise<InadequateChaseFacts[]> {
  const rows = await db.query(
    `SELECT p.allocation_id AS "allocationId", a.month, a.case_ref AS "caseRef", c.service_area AS "serviceArea",
       c.team_manager_id AS "teamManagerId", p.round, to_char(p.started_on, 'YYYY-MM-DD') AS "startedOn",
       EXISTS (SELECT 1 FROM inadequate_updates u WHERE u.allocation_id = p.allocation_id AND u.round = p.round AND u.stage = 'update') AS "updateRecorded",
       EXISTS (SELECT 1 FROM inadequate_updates u WHERE u.allocation_id = p.allocation_id AND u.round = p.round AND u.stage = 'follow-up') AS "followUpRecorded"
     FROM inadequate_paths p JOIN allocations a ON a.id = p.allocation_id JOIN cases c ON c.case_ref = a.case_ref
     WHERE p.status = 'open' ORDER BY p.allocation_id`,
  );
  return rows.map((r) => ChaseRow.parse(r));
}

const StandingRow = z.object({
  allocationId: z.number().int(),
  month: z.string(),
  caseRef: z.string(),
  serviceArea: z.string(),
  status: z.enum(['awaiting-moderation', 'open']),
  startedOn: z.string().nullable(),
  updateRecorded: z.boolean(),
  followUpRecorded: z.boolean(),
  reauditAllocated: z.boolean(),
});
export type InadequateStandingRow = z.infer<typeof StandingRow>;

/**
 * The Inadequate cases still open at the end of `lastMonth`'s report: on the path (not stopped) from that month or
 * before, and not yet re-audited (a returned re-audit closes the path; 003 "re-audited after a month").
 */
export async function openInadequateCases(db: Queryable, lastMonth: string): Promise<InadequateStandingRow[]> {
  const rows = await db.query(
    `SELECT p.allocation_id AS "allocationId", a.month, a.case_ref AS "caseRef", c.service_area AS "serviceArea", p.status,
       to_char(p.started_on, 'YYYY-MM-DD') AS "startedOn",
       EXISTS (SELECT 1 FROM inadequate_updates u WHERE u.allocation_id = p.allocation_id AND u.round = p.round AND u.stage = 'update') AS "updateRecorded",
       EXISTS (SELECT 1 FROM inadequate_updates u WHERE u.allocation_id = p.allocation_id AND u.round = p.round AND u.stage = 'follow-up') AS "followUpRecorded",
       EXISTS (SELECT 1 FROM allocations ra WHERE ra.reaudit_of = p.allocation_id AND ra.status <> 'exempted') AS "reauditAllocated"
     FROM inadequate_paths p JOIN allocations a ON a.id = p.allocation_id JOIN cases c ON c.case_ref = a.case_ref
     WHERE p.status <> 'stopped' AND a.month <= $1
       AND NOT EXISTS (SELECT 1 FROM allocations ra WHERE ra.reaudit_of = p.allocation_id AND ra.status IN ('returned', 'overseen'))
     ORDER BY a.month, a.case_ref`,
    [lastMonth],
  );
  return rows.map((r) => StandingRow.parse(r));
}
