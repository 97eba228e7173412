import type { Db } from './db';
import { StoreError } from './db';
import { MIGRATIONS } from './migrations';

/**
 * Applies what has not run yet, each migration in its own transaction. An advisory lock makes two instances
 * starting together take turns instead of racing to create the same table.
 */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(5318008)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (done.length > 0) return false;
      try {
        await tx.exec(m.sql);
      } catch (e) {
        throw new StoreError('MIGRATION_FAILED', `Migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}
