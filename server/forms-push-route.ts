/**
 * `POST /api/forms/responses`: one Microsoft Forms response pushed by a Power Automate flow ("When a new response is
 * submitted" → "Get response details" → an HTTP action; docs/forms-power-automate.md), recorded in seconds rather
 * than at the next 15-minute workbook sync, through the same ingest path and once per response ID whichever path
 * brings it first.
 *
 * Accepted only with either an Entra access token for this app (the flow's "HTTP with Microsoft Entra ID"
 * connector), checked against the tenant's signing keys, or an HMAC-SHA256 signature of timestamp and body with a
 * shared secret (FORMS_PUSH_SECRET, a Key Vault reference), refused when older than five minutes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import { readFormsAnswers } from '../audit/forms-response';
import { londonDateOf } from '../audit/london-time';
import { formsQuestionsOf, isGraded, type ProgrammeProfile } from '../audit/programme-profile';
import { ingestFormsRows } from '../programme/ingest-forms-response';
import type { GraphSettings } from '../graph/graph-settings';
import type { Db } from '../store/db';

export const SIGNATURE_HEADER = 'x-auditloop-signature';
export const TIMESTAMP_HEADER = 'x-auditloop-timestamp';
const MAX_AGE_SECONDS = 300;

export interface FormsPushAuth {
  /** The council's Entra tenant: tokens must be issued by it. */
  readonly tenantId: string;
  /** Accepted audiences: the app's client id and its Application ID URI (api://…). */
  readonly audiences: readonly string[];
  /** The tenant's signing keys; the tenant's JWKS endpoint unless a test hands in its own. */
  readonly keys?: JWTVerifyGetKey;
  /** FORMS_PUSH_SECRET; without it, signed pushes are refused and only Entra tokens work. */
  readonly hmacSecret?: string;
}

export interface FormsPushDeps {
  db: Db;
  profile: ProgrammeProfile;
  clock: { now(): Date };
  logger: Logger;
  auth: FormsPushAuth;
}

/**
 * The push's authentication from the settings: the app's tenant and id (and its api:// URI on the bot's domain), and
 * FORMS_PUSH_SECRET if set. Null without a tenant and app id: then the route is not mounted.
 */
export function formsPushAuthOf(s: Pick<GraphSettings, 'MicrosoftAppTenantId' | 'MicrosoftAppId' | 'FORMS_PUSH_SECRET'>, botDomain?: string): FormsPushAuth | null {
  const tenantId = s.MicrosoftAppTenantId;
  const appId = s.MicrosoftAppId;
  if (tenantId === undefined || appId === undefined || tenantId === '' || appId === '') return null;
  const audiences = [appId, `api://${appId}`, ...(botDomain === undefined ? [] : [`api://${botDomain}/${appId}`])];
  return { tenantId, audiences, ...(s.FORMS_PUSH_SECRET === undefined ? {} : { hmacSecret: s.FORMS_PUSH_SECRET }) };
}

/** What the flow's HTTP action sends: the response's id and time, the responder, and the answers by question title. */
export const FormsPushBodySchema = z.strictObject({
  responseId: z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String),
  submittedAt: z.iso.datetime({ offset: true }),
  responder: z.email(),
  answers: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type FormsPushBody = z.infer<typeof FormsPushBodySchema>;

function refuse(res: Response, status: number, error: string, detail: Record<string, unknown> = {}): void {
  res.status(status).json({ error, ...detail });
}

function hmacOk(secret: string, timestamp: string, raw: Buffer, signature: string): boolean {
  const given = /^sha256=([0-9a-f]{64})$/i.exec(signature)?.[1];
  if (given === undefined) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

export function createFormsPushRouter(deps: FormsPushDeps): Router {
  const { auth } = deps;
  const keys = auth.keys ?? createRemoteJWKSet(new URL(`https://login.microsoftonline.com/${auth.tenantId}/discovery/v2.0/keys`));
  // v2.0 tokens name the tenant's v2.0 issuer, v1.0 tokens (the default for an app's own API) the sts one.
  const issuers = [`https://login.microsoftonline.com/${auth.tenantId}/v2.0`, `https://sts.windows.net/${auth.tenantId}/`];

  /** Who sent it, or why it is refused. */
  async function authenticate(req: Request, raw: Buffer): Promise<{ ok: true; caller: string } | { ok: false; reason: string }> {
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (bearer !== undefined) {
      try {
        const { payload } = await jwtVerify(bearer, keys, { issuer: issuers, audience: [...auth.audiences], algorithms: ['RS256'] });
        if (payload['tid'] !== auth.tenantId) return { ok: false, reason: 'the token is not from this tenant' };
        return { ok: true, caller: `entra:${String(payload['appid'] ?? payload['azp'] ?? payload.sub ?? 'unknown')}` };
      } catch (e) {
        return { ok: false, reason: `the bearer token was not accepted (${(e as Error).message})` };
      }
    }
    const signature = req.get(SIGNATURE_HEADER);
    if (signature === undefined) return { ok: false, reason: `send an Entra token for the app (Authorization: Bearer …) or a ${SIGNATURE_HEADER} signature` };
    if (auth.hmacSecret === undefined) return { ok: false, reason: 'signed pushes are not enabled (FORMS_PUSH_SECRET is not set)' };
    const timestamp = req.get(TIMESTAMP_HEADER) ?? '';
    const sent = Number(timestamp);
    if (!/^\d+$/.test(timestamp) || Math.abs(deps.clock.now().getTime() / 1000 - sent) > MAX_AGE_SECONDS) {
      return { ok: false, reason: `${TIMESTAMP_HEADER} must be the Unix time of sending, within ${MAX_AGE_SECONDS} s` };
    }
    if (!hmacOk(auth.hmacSecret, timestamp, raw, signature)) return { ok: false, reason: 'the signature does not match' };
    return { ok: true, caller: 'hmac' };
  }

  const router = Router();
  router.post('/api/forms/responses', express.raw({ type: () => true, limit: '256kb' }), async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const who = await authenticate(req, raw);
    if (!who.ok) return refuse(res, 401, 'unauthenticated', { reason: who.reason });

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(res, 400, 'invalid body', { field: '(body)', reason: 'not JSON' });
    }
    const body = FormsPushBodySchema.safeParse(json);
    if (!body.success) {
      const issue = body.error.issues[0];
      return refuse(res, 400, 'invalid body', { field: issue?.path.join('.') || '(body)', reason: issue?.message ?? 'invalid' });
    }
    const push = body.data;
    const answers = Object.fromEntries(Object.entries(push.answers).map(([k, v]) => [k, v === null ? '' : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v)]));
    const row = { responseId: push.responseId, responderEmail: push.responder, answers };
    // Answers that cannot be read are the sender's to fix: refused whole, nothing recorded (the sync keeps them instead).
    const read = readFormsAnswers(row, formsQuestionsOf(deps.profile), isGraded(deps.profile));
    if (!read.ok) {
      const first = read.problems[0];
      return refuse(res, 400, 'invalid answers', {
        field: first?.column === 'ID' ? 'responseId' : first?.column === 'Email' ? 'responder' : `answers.${first?.column ?? ''}`,
        reason: first?.reason ?? 'invalid',
        problems: read.problems,
      });
    }
    const today = londonDateOf(deps.clock.now());
    try {
      const [result] = await deps.db.transaction((tx) =>
        ingestFormsRows(tx, deps.profile, [{ row, fallbackRef: push.responseId, what: `pushed response ${push.responseId}`, origin: { pushedBy: who.caller, submittedAt: push.submittedAt } }], 'forms-push', today),
      );
      const outcome = result?.outcome ?? 'already-seen';
      if (outcome === 'already-seen') return res.status(200).json({ responseId: push.responseId, outcome: 'already recorded' });
      deps.logger.info({ responseId: push.responseId, outcome, caller: who.caller }, 'Forms response pushed');
      return res.status(201).json({ responseId: push.responseId, outcome, ...(result?.reason !== undefined ? { reason: result.reason } : {}) });
    } catch (e) {
      deps.logger.error({ err: e, responseId: push.responseId }, 'Forms push could not be recorded');
      return refuse(res, 503, 'not recorded; send it again');
    }
  });
  return router;
}
