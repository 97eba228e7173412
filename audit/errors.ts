/** Errors of the audit domain: each carries a code to branch on and a message that says what to fix. */
export type AuditErrorCode =
  | 'PROFILE_INVALID'
  | 'PROFILE_NOT_FOUND'
  | 'ALLOCATION_IMPOSSIBLE'
  | 'MONTH_ALREADY_ALLOCATED'
  | 'INVALID_TRANSITION'
  | 'NOT_PERMITTED'
  | 'UNKNOWN_ALLOCATION';

export class AuditError extends Error {
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'AuditError';
  }
}
