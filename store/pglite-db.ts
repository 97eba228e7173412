import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

// Civil dates stay 'YYYY-MM-DD' strings, as in the domain; a Date would shift them with the time zone.
const parsers = { [types.DATE]: (v: string) => v };

/**
 * The embedded store holds one council's programme (thousands of rows): 16 MB of shared buffers keeps its working set
 * in memory, where PostgreSQL's 128 MB default nearly doubled the resident size of the whole bot process.
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB'];

export async function openPglite(dataDir: string | null): Promise<Db> {
  const options = { parsers, postgresqlconf: EMBEDDED_SETTINGS };
  const pg = dataDir === null ? new PGlite(options) : new PGlite(dataDir, options);
  await pg.waitReady;
  const run = async <T>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]): Promise<T[]> =>
    (await q.query<T>(sql, params === undefined ? undefined : [...params])).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(pg, sql, params),
    transaction: (fn) =>
      pg.transaction(async (tx) => {
        const q: Queryable = {
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return fn(q);
      }),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    close: () => pg.close(),
  };
}
