import { Pool, types, type PoolClient } from 'pg';
import type { Db, Queryable } from './db';

types.setTypeParser(types.builtins.DATE, (v: string) => v);

export interface PgOptions {
  connectionString: string;
  /** A schema to work in (tests give each suite its own); created if missing. */
  schema?: string;
  max?: number;
}

export async function openPostgres(opts: PgOptions): Promise<Db> {
  const pool = new Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    ...(opts.schema === undefined ? {} : { options: `-c search_path=${opts.schema}` }),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  if (opts.schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
  const run = async <T>(c: Pool | PoolClient, sql: string, params?: readonly unknown[]): Promise<T[]> =>
    (await c.query(sql, params === undefined ? undefined : [...params])).rows as T[];
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      // A checked-out client has no pool listener: a connection lost between statements (a long-held transaction, as
      // the sender lease keeps) would otherwise be an uncaught 'error'. The next query on it rejects instead.
      const lost = (): void => undefined;
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const q: Queryable = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await fn(q);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.removeListener('error', lost);
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
