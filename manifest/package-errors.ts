/** Errors raised while building the Teams app package: a code to branch on and a message that says what to fix. */
export type PackageErrorCode =
  | 'ENV_INVALID'
  | 'TEMPLATE_PLACEHOLDER_UNKNOWN'
  | 'SCHEMA_NOT_BUNDLED'
  | 'MANIFEST_SCHEMA_INVALID'
  | 'ICON_INVALID';

/** One schema complaint: where in the manifest (a JSON pointer, '' for the root) and what is wrong there. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

export class PackageError extends Error {
  constructor(
    readonly code: PackageErrorCode,
    message: string,
    readonly details: readonly string[] = [],
    readonly schemaIssues: readonly SchemaIssue[] = [],
  ) {
    super(message);
    this.name = 'PackageError';
  }
}
