import fs from 'node:fs';
import path from 'node:path';

/**
 * The official Adaptive Card 1.5 schema and Teams host configs live beside the development checkout, in
 * ../shared/schemas, and nowhere else: a bare clone has none of it. Checks against it are an extra that runs
 * where it exists, and on CI (AUDIT_LOOP_REQUIRE_SCHEMA_CHECK=1) a missing folder fails instead of skipping.
 */

const REPO_ROOT = path.resolve(__dirname, '../..');
export const SHARED_SCHEMAS = path.resolve(REPO_ROOT, '../shared/schemas');
export const OFFICIAL_SCHEMA_FILE = path.join(SHARED_SCHEMAS, 'adaptive-card-1.5.schema.json');
export const REQUIRE_SCHEMA_CHECK_ENV = 'AUDIT_LOOP_REQUIRE_SCHEMA_CHECK';

export function sharedSchemasPresent(): boolean {
  return fs.existsSync(OFFICIAL_SCHEMA_FILE);
}

export function schemaCheckRequired(): boolean {
  return process.env[REQUIRE_SCHEMA_CHECK_ENV] === '1';
}

/** Why the official-schema tests should skip, or null to run them (and fail if the files are missing). */
export function schemaCheckSkipReason(): string | null {
  if (sharedSchemasPresent() || schemaCheckRequired()) return null;
  return (
    `${SHARED_SCHEMAS} not found: the official Adaptive Card 1.5 schema check is skipped; cards are still ` +
    `checked with the adaptivecards parser. Set ${REQUIRE_SCHEMA_CHECK_ENV}=1 to make its absence a failure.`
  );
}

/** A file from ../shared/schemas; throws naming what is missing so a required check fails clearly. */
export function readSharedSchemaFile(name: string): unknown {
  const file = path.join(SHARED_SCHEMAS, name);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${file} is missing` + (schemaCheckRequired() ? ` and ${REQUIRE_SCHEMA_CHECK_ENV}=1 requires the official schema check.` : '.'),
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}
