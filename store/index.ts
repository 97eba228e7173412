export type { Db, Queryable } from './db';
export { StoreError } from './db';
export { openStore, type StoreLocation } from './open-store';
