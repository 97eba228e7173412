/** The narrow database port every repository uses; PGlite and a PostgreSQL server both sit behind it. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements at once, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: all of it commits or none of it does. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_UNAVAILABLE' | 'STORE_LOCKED' | 'MIGRATION_FAILED' | 'CONFLICT',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The store answers a trivial query: what /readyz reports. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
