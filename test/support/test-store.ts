import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Db } from '../../store/db';
import { openStore } from '../../store/open-store';

/**
 * The suite runs on embedded PGlite by default and on a PostgreSQL server when DATABASE_URL is set (CI does both).
 * On a server each store gets a schema of its own, dropped afterwards, so suites can run side by side.
 */
export interface TestStore {
  db: Db;
  /** Opens the same store again, as a restarted process would. */
  reopen(): Promise<Db>;
  cleanup(): Promise<void>;
}

export const onServer = (): boolean => (process.env['DATABASE_URL'] ?? '') !== '';

export async function openTestStore(opts: { persistent?: boolean } = {}): Promise<TestStore> {
  const url = process.env['DATABASE_URL'];
  if (url !== undefined && url !== '') {
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const open = (): Promise<Db> => openStore({ databaseUrl: url, dataDir: '', schema });
    const opened: Db[] = [await open()];
    return {
      db: opened[0] as Db,
      reopen: async () => {
        const db = await open();
        opened.push(db);
        return db;
      },
      cleanup: async () => {
        for (const db of opened) await db.close().catch(() => undefined);
        const c = new Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  if (opts.persistent !== true) {
    const db = await openStore({ dataDir: '', inMemory: true });
    return { db, reopen: () => Promise.reject(new Error('an in-memory store cannot be reopened')), cleanup: () => db.close() };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-loop-'));
  const opened: Db[] = [await openStore({ dataDir: dir })];
  return {
    db: opened[0] as Db,
    reopen: async () => {
      const db = await openStore({ dataDir: dir });
      opened.push(db);
      return db;
    },
    cleanup: async () => {
      for (const db of opened) await db.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Empties every table but the migration record, so one store can serve a whole test file quickly. */
export async function resetStore(db: Db): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  if (tables.length > 0) await db.exec(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
