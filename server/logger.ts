import pino, { type Logger } from 'pino';

/**
 * The data is about children: logs carry ids and case references, never names, e-mail addresses, free text from an
 * audit or tokens. Redaction is the safety net behind that rule, for a field that slips into a log call anyway.
 */
export const REDACTED_PATHS = [
  'name', 'email', 'displayName', 'mail', 'userPrincipalName',
  'rationale', 'goodPractice', 'improvement', 'contactViews', 'reflection', 'note',
  '*.name', '*.email', '*.displayName', '*.mail', '*.userPrincipalName',
  '*.rationale', '*.goodPractice', '*.improvement', '*.contactViews', '*.reflection', '*.note',
  'req.headers.authorization', 'headers.authorization', 'authorization', 'token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, name: 'audit-loop', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
