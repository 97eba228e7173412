/**
 * A store that a parent (which seeds and checks) and child processes (which run the worker) use in turn: a schema of
 * its own on the server in DATABASE_URL, or else a PGlite data directory, which only one process may hold at a time.
 * Used by the SIGKILL test and the fan-out benchmark; a child finds the location in STORE_LOCATION.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { z } from 'zod';
import type { Db } from '../../store/db';
import { openStore, type StoreLocation } from '../../store/open-store';

export interface ProcessSharedStore {
  kind: 'postgresql' | 'pglite';
  /** PGlite: the parent must close its handle before a child opens the store, and open it again after. */
  oneAtATime: boolean;
  open(): Promise<Db>;
  /** The environment a child needs to open the same store (read with storeLocationFromEnv). */
  childEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

const ENV = 'STORE_LOCATION';
const LocationSchema = z.object({ databaseUrl: z.string().optional(), dataDir: z.string(), schema: z.string().optional() });

export function processSharedStore(prefix: string): ProcessSharedStore {
  const server = process.env['DATABASE_URL'] ?? '';
  if (server !== '') {
    const schema = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const location: StoreLocation = { databaseUrl: server, dataDir: '', schema };
    return {
      kind: 'postgresql',
      oneAtATime: false,
      open: () => openStore(location),
      childEnv: { [ENV]: JSON.stringify(location) },
      cleanup: async () => {
        const c = new Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  const location: StoreLocation = { dataDir: mkdtempSync(path.join(tmpdir(), `audit-loop-${prefix}-`)) };
  return {
    kind: 'pglite',
    oneAtATime: true,
    open: () => openStore(location),
    childEnv: { [ENV]: JSON.stringify(location) },
    cleanup: async () => rmSync(location.dataDir, { recursive: true, force: true }),
  };
}

/** In the child: the store its parent set up. Never a default: a child without one must not open the working directory. */
export function storeLocationFromEnv(): StoreLocation {
  const raw = process.env[ENV];
  if (raw === undefined || raw === '') throw new Error(`${ENV} is not set: start this process from its parent`);
  return LocationSchema.parse(JSON.parse(raw));
}
