import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { AuditError } from './errors';
import { ProgrammeProfileSchema, type ProgrammeProfile } from './programme-profile';
import cityOfLondon from './profiles/city-of-london-external-2019.json';
import hillingdon from './profiles/hillingdon-managers-monthly.json';
import southampton from './profiles/southampton-qaf-2023.json';
import surrey from './profiles/surrey-style-monthly.json';

/** Profiles modelled on the published programmes in the domain documents, by id. */
export const SHIPPED_PROFILES: Readonly<Record<string, unknown>> = {
  [hillingdon.id]: hillingdon,
  [southampton.id]: southampton,
  [cityOfLondon.id]: cityOfLondon,
  [surrey.id]: surrey,
};

export const DEFAULT_PROFILE_ID = 'southampton-qaf-2023';

/** Every problem in a profile, one line each, by path: "escalation.nextTier.missed: Too small: expected ...". */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(profile)'}: ${i.message}`);
}

export function parseProfile(data: unknown, source: string): ProgrammeProfile {
  const parsed = ProgrammeProfileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new AuditError('PROFILE_INVALID', `Programme profile ${source} is invalid:\n  ${issues.join('\n  ')}`, issues);
  }
  return parsed.data;
}

/** A shipped profile by id, or a JSON file by path (anything with a '/' or ending .json). */
export function loadProfile(idOrPath: string): ProgrammeProfile {
  if (idOrPath.includes('/') || idOrPath.endsWith('.json')) {
    let text: string;
    try {
      text = readFileSync(idOrPath, 'utf8');
    } catch {
      throw new AuditError('PROFILE_NOT_FOUND', `Programme profile file ${idOrPath} cannot be read`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new AuditError('PROFILE_INVALID', `Programme profile ${idOrPath} is not valid JSON: ${(e as Error).message}`);
    }
    return parseProfile(data, idOrPath);
  }
  const shipped = SHIPPED_PROFILES[idOrPath];
  if (shipped === undefined) {
    throw new AuditError(
      'PROFILE_NOT_FOUND',
      `No programme profile '${idOrPath}'. Shipped profiles: ${Object.keys(SHIPPED_PROFILES).join(', ')}; or give a path to a JSON file.`,
    );
  }
  return parseProfile(shipped, idOrPath);
}
