import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { PackageError, type SchemaIssue } from './package-errors';

/**
 * The official Teams manifest JSON schemas ship inside @microsoft/app-manifest, so validation works offline and
 * against exactly the schema version the template names. Only the schema files are used: the package's own
 * validator loads an ESM-only dependency that jest on Node 20 cannot require, so ajv is driven here the way the
 * package drives it (all errors, formats uri/email/regex).
 */
type JsonSchema = Record<string, unknown>;

function teamsSchemaRoot(): string {
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');
}

function versionKey(version: string): number[] {
  return version.split('.').map((part) => Number(part));
}

/** Manifest versions with a bundled schema, oldest first ("1.0" … "1.30"); the developer preview is left out. */
export function bundledTeamsSchemaVersions(): string[] {
  return fs
    .readdirSync(teamsSchemaRoot())
    .filter((entry) => /^v\d+\.\d+$/.test(entry))
    .map((entry) => entry.slice(1))
    .sort((a, b) => {
      const [aMajor = 0, aMinor = 0] = versionKey(a);
      const [bMajor = 0, bMinor = 0] = versionKey(b);
      return aMajor - bMajor || aMinor - bMinor;
    });
}

export function newestBundledTeamsSchemaVersion(): string {
  const versions = bundledTeamsSchemaVersions();
  const newest = versions[versions.length - 1];
  if (!newest) throw new PackageError('SCHEMA_NOT_BUNDLED', 'No Teams manifest schema found in @microsoft/app-manifest.');
  return newest;
}

export function loadBundledTeamsSchema(manifestVersion: string): JsonSchema {
  const file = path.join(teamsSchemaRoot(), `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!/^\d+\.\d+$/.test(manifestVersion) || !fs.existsSync(file)) {
    throw new PackageError(
      'SCHEMA_NOT_BUNDLED',
      `manifestVersion "${manifestVersion}" has no schema in @microsoft/app-manifest; use one of ${bundledTeamsSchemaVersions().join(', ')}.`,
    );
  }
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as JsonSchema;
  } catch {
    // Some published schemas contain \a and \v escapes, which JSON forbids; the package repairs them the same way.
    return JSON.parse(text.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as JsonSchema;
  }
}

function manifestVersionOf(manifest: unknown): string {
  if (manifest !== null && typeof manifest === 'object' && 'manifestVersion' in manifest) {
    const { manifestVersion } = manifest;
    if (typeof manifestVersion === 'string') return manifestVersion;
  }
  throw new PackageError('MANIFEST_SCHEMA_INVALID', 'The manifest has no manifestVersion string.', [], [
    { path: '/manifestVersion', message: 'must be a string such as "1.30"' },
  ]);
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(manifestVersion: string): ValidateFunction {
  const cached = validators.get(manifestVersion);
  if (cached) return cached;
  // The schemas declare draft-04 but use nothing whose meaning changed by draft-07 (no boolean exclusiveMinimum,
  // no `id`), so ajv's default draft validates them faithfully once the draft-04 meta-schema reference is dropped.
  const { $schema: _draft, ...schema } = loadBundledTeamsSchema(manifestVersion);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  validators.set(manifestVersion, validate);
  return validate;
}

/** Validates against the bundled official schema for the manifest's own manifestVersion; [] means valid. */
export function validateTeamsManifest(manifest: unknown): SchemaIssue[] {
  const validate = validatorFor(manifestVersionOf(manifest));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((error) => {
    const params = JSON.stringify(error.params);
    return { path: error.instancePath, message: `${error.message ?? 'is invalid'}${params === '{}' ? '' : ` ${params}`}` };
  });
}
