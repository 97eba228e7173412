import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db';
import { StoreError } from './db';
import { migrate } from './migrate';
import { openPglite } from './pglite-db';
import { openPostgres } from './pg-db';

export interface StoreLocation {
  /** A PostgreSQL server; when absent, embedded PGlite under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Tests only: a schema of its own on the server, or an in-memory PGlite. */
  schema?: string;
  inMemory?: boolean;
}

/**
 * Opens the store and brings its schema up to date. PGlite is one process's database: a lock file under the data
 * directory turns a second opener (the CLI while the bot runs) into a clear error instead of a corrupted store.
 */
export async function openStore(loc: StoreLocation): Promise<Db> {
  let db: Db;
  if (loc.databaseUrl !== undefined && loc.databaseUrl !== '') {
    try {
      db = await openPostgres({ connectionString: loc.databaseUrl, ...(loc.schema === undefined ? {} : { schema: loc.schema }) });
    } catch (e) {
      throw new StoreError('STORE_UNAVAILABLE', `Cannot reach PostgreSQL at DATABASE_URL: ${(e as Error).message}`);
    }
  } else if (loc.inMemory === true) {
    db = await openPglite(null);
  } else {
    const dir = path.resolve(loc.dataDir);
    mkdirSync(dir, { recursive: true });
    const release = takeLock(dir);
    try {
      db = await openPglite(path.join(dir, 'pg'));
    } catch (e) {
      release();
      throw new StoreError('STORE_UNAVAILABLE', `Cannot open the embedded store in ${dir}: ${(e as Error).message}`);
    }
    const close = db.close.bind(db);
    db = { ...db, close: async () => { await close(); release(); } };
  }
  await migrate(db);
  return db;
}

function takeLock(dir: string): () => void {
  const lock = path.join(dir, 'audit-loop.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch {
      const holder = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new StoreError(
          'STORE_LOCKED',
          `The embedded store in ${dir} is in use by process ${holder} (the bot?). Stop it, or run both against PostgreSQL with DATABASE_URL.`,
        );
      }
      rmSync(lock, { force: true }); // left by a process that died: take it over
    }
  }
  throw new StoreError('STORE_LOCKED', `Cannot lock the embedded store in ${dir}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
