/**
 * Graph settings from the environment: which credential, which Forms workbook, which Teams app and which
 * mailbox sends urgent e-mail. Validated once; every problem names the variable to set.
 */
import { z } from 'zod';
import { ConfigError } from '../config/settings';
import type { GraphCredentialConfig } from './credentials';
import type { GraphConfig } from './index';
import type { DriveItemRef } from './graph-port';

const blankIsUnset = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));

export const GraphSettingsSchema = z.object({
  /** Scheme and host only; the local fake in tests. */
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
  GRAPH_CREDENTIAL_KIND: z.enum(['client-secret', 'certificate', 'managed-identity', 'fixed-token']).default('managed-identity'),
  GRAPH_TENANT_ID: z.string().optional(),
  GRAPH_CLIENT_ID: z.string().optional(),
  GRAPH_CLIENT_SECRET: z.string().optional(),
  GRAPH_CERTIFICATE_PATH: z.string().optional(),
  /** Only for the local fake. */
  GRAPH_FIXED_TOKEN: z.string().optional(),
  GRAPH_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  FORMS_DRIVE_ID: z.string().min(1).optional(),
  FORMS_ITEM_ID: z.string().min(1).optional(),
  /** Workbook rows recorded per transaction. */
  FORMS_CHUNK_SIZE: z.coerce.number().int().min(1).max(5000).default(2000),
  /** The shared secret for HMAC-signed pushes to POST /api/forms/responses (a Key Vault reference in Container Apps). */
  FORMS_PUSH_SECRET: z.string().min(32, 'use at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  /** The Teams app's id in the org app catalog (not the bot id). */
  TEAMS_APP_ID: z.string().min(1).optional(),
  /** Where proactive messages go for the tenant; Teams' global service URL unless told otherwise. */
  TEAMS_SERVICE_URL: z.url().default('https://smba.trafficmanager.net/teams/'),
  /** The user id (or UPN) of the mailbox urgent e-mails are sent from. */
  GRAPH_MAIL_FROM: z.string().min(1).optional(),
  /**
   * 'on': read each auditor's and manager's automatic replies (MailboxSettings.Read, application) before a reminder or
   * escalation, so someone on leave is not chased and an escalation skips a manager who is away.
   */
  GRAPH_LEAVE_CHECKS: z.enum(['on', 'off'], { error: "set GRAPH_LEAVE_CHECKS to 'on' or 'off'" }).default('off'),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppId: z.string().optional(),
});
export type GraphSettings = z.infer<typeof GraphSettingsSchema>;

export function readGraphSettings(env: NodeJS.ProcessEnv = process.env): GraphSettings {
  const parsed = GraphSettingsSchema.safeParse(blankIsUnset(env));
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

function need(value: string | undefined, name: string, why: string, problems: string[]): string {
  if (value === undefined) problems.push(`${name}: not set; ${why}`);
  return value ?? '';
}

function credentialOf(s: GraphSettings, problems: string[]): GraphCredentialConfig {
  const why = `needed for GRAPH_CREDENTIAL_KIND=${s.GRAPH_CREDENTIAL_KIND}`;
  switch (s.GRAPH_CREDENTIAL_KIND) {
    case 'client-secret':
      return {
        kind: 'client-secret', tenantId: need(s.GRAPH_TENANT_ID, 'GRAPH_TENANT_ID', why, problems),
        clientId: need(s.GRAPH_CLIENT_ID, 'GRAPH_CLIENT_ID', why, problems), clientSecret: need(s.GRAPH_CLIENT_SECRET, 'GRAPH_CLIENT_SECRET', why, problems),
      };
    case 'certificate':
      return {
        kind: 'certificate', tenantId: need(s.GRAPH_TENANT_ID, 'GRAPH_TENANT_ID', why, problems), clientId: need(s.GRAPH_CLIENT_ID, 'GRAPH_CLIENT_ID', why, problems),
        certificatePath: need(s.GRAPH_CERTIFICATE_PATH, 'GRAPH_CERTIFICATE_PATH', why, problems), sendCertificateChain: false,
      };
    case 'managed-identity':
      return s.GRAPH_CLIENT_ID === undefined ? { kind: 'managed-identity' } : { kind: 'managed-identity', clientId: s.GRAPH_CLIENT_ID };
    case 'fixed-token':
      return { kind: 'fixed-token', token: need(s.GRAPH_FIXED_TOKEN, 'GRAPH_FIXED_TOKEN', why, problems) };
  }
}

/** The input for createGraph(); the credential schema there checks the GUIDs. */
export function graphConfigOf(s: GraphSettings): GraphConfig {
  const problems: string[] = [];
  const credential = credentialOf(s, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    credential,
    client: { baseUrl: s.GRAPH_BASE_URL, version: 'v1.0', scopes: [`${new URL(s.GRAPH_BASE_URL).origin}/.default`], maxRetries: s.GRAPH_MAX_RETRIES, retryDelaySeconds: 3 },
  };
}

export interface FormsWorkbookSettings {
  readonly item: DriveItemRef;
  /** Rows recorded per transaction. */
  readonly chunkSize: number;
}

/** Where the Forms-linked workbook is: the drive and item ids of the workbook (Graph Explorer shows them). */
export function formsWorkbookOf(s: GraphSettings): FormsWorkbookSettings {
  const problems: string[] = [];
  const why = 'the drive and item id of the workbook Microsoft Forms writes its responses to (GET /sites/{site}/drive/root:/{path} gives both)';
  const driveId = need(s.FORMS_DRIVE_ID, 'FORMS_DRIVE_ID', why, problems);
  const itemId = need(s.FORMS_ITEM_ID, 'FORMS_ITEM_ID', why, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { item: { driveId, itemId }, chunkSize: s.FORMS_CHUNK_SIZE };
}
