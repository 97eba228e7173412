import { userInfo } from 'node:os';
import { DEFAULT_PROFILE_ID, loadProfile } from '../audit/programme-profiles';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { readSettings } from '../config/settings';
import type { Db } from '../store/db';
import { openStore } from '../store/open-store';

export interface GlobalOptions {
  dataDir?: string;
  programme?: string;
}

export interface CliContext {
  db: Db;
  profile: ProgrammeProfile;
  actor: string;
}

/** The store and programme the bot uses too: same settings, same defaults. */
export async function withContext<T>(opts: GlobalOptions, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const settings = readSettings();
  const profile = loadProfile(opts.programme ?? settings.AUDIT_LOOP_PROGRAMME ?? DEFAULT_PROFILE_ID);
  const db = await openStore({ databaseUrl: settings.DATABASE_URL, dataDir: opts.dataDir ?? settings.AUDIT_LOOP_DATA_DIR });
  try {
    return await fn({ db, profile, actor: `cli:${process.env['AUDIT_LOOP_ACTOR'] ?? userInfo().username}` });
  } finally {
    await db.close();
  }
}
