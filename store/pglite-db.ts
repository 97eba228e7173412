import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

// Civil dates stay 'YYYY-MM-DD' strings, as in the domain; a Date would shift them with the time zone.
const parsers = { [types.DATE]: (v: string) => v };

export async function openPglite(dataDir: string | null): Promise<Db> {
  const pg = dataDir === null ? new PGlite({ parsers }) : new PGlite(dataDir, { parsers });
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
