import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';
import { PgliteStatements } from './pglite-statements';

// Civil dates stay 'YYYY-MM-DD' strings, as in the domain; a Date would shift them with the time zone.
const parsers = { [types.DATE]: (v: string) => v };

/**
 * The embedded store holds one council's programme (thousands of rows): 8 MB of shared buffers keeps its working set
 * in memory (a 20,000-row Forms sync runs no slower than with 16 MB), where PostgreSQL's 128 MB default nearly doubled
 * the resident size of the whole bot process.
 */
// Its pages are in the process or the local file cache, not on a spinning disk: at the default random_page_cost (4) the
// planner preferred a full scan of every response ever stored to 1,000 index look-ups for one month's report rows.
const EMBEDDED_SETTINGS = ['shared_buffers=8MB', 'random_page_cost=1.1'];

/**
 * Creates the database in the directory given, in a node process of its own, and exits. Plain CommonJS, so the compiled
 * build and the TypeScript tests run it alike.
 */
const CREATE_SCRIPT = `
const [pglite, dataDir, settings] = process.argv.slice(1);
(async () => {
  const pg = new (require(pglite).PGlite)(dataDir, { postgresqlconf: JSON.parse(settings) });
  await pg.waitReady;
  await pg.close();
})().catch((e) => {
  // Emscripten's file-system errors are plain objects ({ name: 'ErrnoError', errno }).
  process.stderr.write(e instanceof Error ? e.message : e && e.name ? e.name + ' ' + e.errno : String(e));
  process.exit(1);
});`;

/**
 * Creating a database (initdb) takes PGlite to ~700 MB: WebAssembly memories that are never handed back while their
 * instance lives, and compiler scratch that stays in the C heap after it. A bot that created its store in its own
 * process kept ~700 MB until it was restarted (~270 MB even with the creating instance closed), so a new data
 * directory is created by a short-lived process, and the bot opens it as it would any existing store.
 */
function createDataDir(dataDir: string): Promise<void> {
  const failed = (why: string): Error => new Error(`creating the database in ${dataDir} failed: ${why}`);
  try {
    mkdirSync(dataDir, { recursive: true }); // node's own message ("EEXIST … mkdir …") says more than PGlite's errno
  } catch (e) {
    return Promise.reject(failed((e as Error).message));
  }
  const args = ['-e', CREATE_SCRIPT, require.resolve('@electric-sql/pglite'), dataDir, JSON.stringify(EMBEDDED_SETTINGS)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else reject(failed(stderr.trim().slice(-500) || error.message));
    });
  });
}

const OPTIONS = { parsers, postgresqlconf: EMBEDDED_SETTINGS };

/**
 * One PGlite instance runs one statement at a time, and every query, exec and transaction of the wrapper takes its
 * turn here, in the order they were asked for: a transaction holds the turn until it commits or rolls back. Each turn
 * starts from the event loop (setImmediate), not from the previous turn's microtask: PGlite's statements run
 * synchronously, so a chain of turns started from microtasks kept the loop from reading new requests and answering
 * finished ones, and under load some requests waited seconds while later ones went through (issue #18: c=100 p50
 * 450 ms, p95 9.4 s). A yield per turn lets requests that arrived meanwhile queue behind the turns already waiting.
 */
export class ArrivalOrderGate {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(fn);
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }
}

export async function openPglite(dataDir: string | null): Promise<Db> {
  if (dataDir !== null && !existsSync(path.join(dataDir, 'PG_VERSION'))) await createDataDir(dataDir);
  const pg = dataDir === null ? new PGlite(OPTIONS) : new PGlite(dataDir, OPTIONS);
  await pg.waitReady;
  const gate = new ArrivalOrderGate();
  // Every statement through the prepared-statement cache; `exec` (migrations, DDL, several statements at once) is sent
  // as it is and then drops the cache, since what it changed may be what a kept statement describes.
  const statements = new PgliteStatements(pg);
  return {
    kind: 'pglite',
    query: (sql, params) => gate.run(() => statements.query(sql, params)),
    // Statements inside the transaction run on its own turn: they must use `tx` (db.query there would wait forever,
    // as it already did in PGlite, whose transaction holds its one connection).
    transaction: (fn) =>
      gate.run(() =>
        pg.transaction(async (tx) => {
          const q: Queryable = {
            query: (sql, params) => statements.query(sql, params, tx, true),
            exec: async (sql) => {
              await tx.exec(sql);
              await statements.forget();
            },
          };
          return fn(q);
        }),
      ),
    exec: (sql) =>
      gate.run(async () => {
        await pg.exec(sql);
        await statements.forget();
      }),
    close: () => gate.run(() => pg.close()),
  };
}
