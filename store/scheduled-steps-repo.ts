import { z } from 'zod';
import type { Queryable } from './db';

/**
 * The scheduler's record of steps done, each under its natural key (step, period): claiming a step in the same
 * transaction as its work is what stops two instances, or a re-run after a crash, doing it twice.
 */
export async function stepDone(db: Queryable, step: string, period: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM scheduled_steps WHERE step = $1 AND period = $2', [step, period])).length > 0;
}

/** True when this call took the step; false when it was already taken. */
export async function claimStep(tx: Queryable, step: string, period: string, detail: Record<string, unknown> = {}): Promise<boolean> {
  const rows = await tx.query(
    'INSERT INTO scheduled_steps (step, period, detail) VALUES ($1, $2, $3) ON CONFLICT (step, period) DO NOTHING RETURNING step',
    [step, period, JSON.stringify(detail)],
  );
  return rows.length > 0;
}

const GoLiveSchema = z.object({ date: z.string() });

/** The day the programme first ran on this store: written once, by whichever instance starts first. */
export async function goLiveDate(db: Queryable, today: string): Promise<string> {
  await db.query(
    `INSERT INTO scheduled_steps (step, period, detail) VALUES ('go-live', 'programme', $1) ON CONFLICT DO NOTHING`,
    [JSON.stringify({ date: today })],
  );
  const rows = await db.query(`SELECT detail->>'date' AS date FROM scheduled_steps WHERE step = 'go-live' AND period = 'programme'`);
  return rows[0] === undefined ? today : GoLiveSchema.parse(rows[0]).date;
}
