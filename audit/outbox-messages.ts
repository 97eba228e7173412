import { z } from 'zod';
import { IsoDateSchema, MonthSchema } from './month';

/**
 * The contract between everything that queues a message and what sends it: one payload schema per outbox `kind`.
 * Producers can only queue a known kind with its payload (OutboxMessage is typed from these schemas); the senders
 * parse the stored row with the same schema, so a payload that does not fit fails that row visibly, naming the kind
 * and the field, and never shows a guessed value. Pure data: no I/O, so the domain, store and delivery all import it.
 */
const AllocationId = z.number().int().positive();
const PersonId = z.string().min(1);
const CaseRef = z.string().min(1);
/** A grade as the profile's scale names it, or null for an ungraded audit. */
const GradeLabel = z.string().nullable();

/** What a returned audit's follow-ups carry about the case (audit/response-follow-ups.ts). */
const CaseContext = {
  allocationId: AllocationId,
  caseRef: CaseRef,
  month: MonthSchema,
};
const AuditContext = {
  ...CaseContext,
  serviceArea: z.string(),
  team: z.string(),
  grade: GradeLabel,
};

export const OUTBOX_PAYLOADS = {
  /** An auditor's month list, or (with serviceArea) a service lead's oversight list of the area. */
  'allocation-list': z.object({ month: MonthSchema, serviceArea: z.string().optional() }),
  reminder: z.object({ allocationId: AllocationId, step: z.number().int(), dueDate: IsoDateSchema }),
  /** A line manager's nudge from the escalation card. */
  nudge: z.object({ allocationId: AllocationId, caseRef: CaseRef, fromId: PersonId }),
  overdue: z.object({ allocationId: AllocationId, escalatesTo: PersonId.nullable() }),
  /** `insteadOf`: the manager it would have gone to, on leave, so it came one rung up. */
  escalation: z.object({ allocationId: AllocationId, rung: z.union([z.literal(1), z.literal(2)]), auditorId: PersonId, insteadOf: PersonId.optional() }),
  /** The urgent notice at return, and the scheduler's update-due and follow-up chases to the team manager. */
  'inadequate-alert': z.object({
    ...CaseContext,
    updateDue: IsoDateSchema,
    followUpDue: IsoDateSchema,
    reauditMonth: MonthSchema,
    stage: z.enum(['alert', 'update-due', 'follow-up']).optional(),
    serviceArea: z.string().optional(),
    team: z.string().optional(),
    grade: GradeLabel.optional(),
    auditorId: PersonId.optional(),
    safeguardingConcern: z.boolean().optional(),
    moderate: z.boolean().optional(),
    target: z.string().optional(),
  }),
  /** The written record of the urgent notice (004 §2.11), sent by the e-mail worker. */
  'inadequate-email': z.object({
    ...AuditContext,
    team: z.string().optional(),
    safeguardingConcern: z.boolean().default(false),
    updateDue: IsoDateSchema.optional(),
    followUpDue: IsoDateSchema.optional(),
    reauditMonth: MonthSchema.optional(),
    auditorId: PersonId.optional(),
    moderate: z.boolean().optional(),
    target: z.string().optional(),
  }),
  /**
   * 003: the team manager asked for the 3-day update or the 1-week follow-up on an open Inadequate path, on a card
   * with inputs; `chase`: the reminder once it is late; `escalated`: sent to the area's Assistant Director after that.
   */
  'inadequate-update-request': z.object({
    ...CaseContext,
    stage: z.enum(['update', 'follow-up']),
    round: z.number().int().positive().default(1),
    dueDate: IsoDateSchema,
    chase: z.boolean().optional(),
    escalated: z.boolean().optional(),
  }),
  /** QA moderated the grade away from Inadequate: the path stops, and everyone told of it hears so. */
  'inadequate-stood-down': z.object({ ...CaseContext, moderatedGrade: GradeLabel, round: z.number().int().positive().default(1) }),
  /**
   * QA asked to moderate: at return (Inadequate), or (`sample`) drawn in the month's dip sample with a date to moderate
   * by; `chase`: the one reminder to the moderator once that date has passed unmoderated.
   */
  'moderation-request': z.object({
    ...AuditContext,
    auditorId: PersonId,
    sample: z.boolean().optional(),
    dueDate: IsoDateSchema.optional(),
    chase: z.boolean().optional(),
  }),
  /** Part B to the team manager at return, or (chase) to the Assistant Director once overdue (004 §7.5). */
  'part-b-request': z.object({
    allocationId: AllocationId,
    caseRef: CaseRef,
    dueDate: IsoDateSchema,
    chase: z.boolean().optional(),
    month: MonthSchema.optional(),
    serviceArea: z.string().optional(),
    team: z.string().optional(),
    grade: GradeLabel.optional(),
    /** 004 §7.2: the case has closed, so this goes to its previous team manager. */
    caseClosed: z.boolean().optional(),
  }),
  /** To the allocated worker or team manager when an audit is returned: it is done, with its grade (003 flow chart). */
  'completion-notice': z.object({ ...AuditContext, auditorId: PersonId, target: z.enum(['allocated-worker', 'team-manager']) }),
  /**
   * 004 §2.18: an exemption request for a decision — to the auditor's line manager, then (where the profile asks for
   * it) to each QA officer for the Principal Social Worker's agreement.
   */
  'exemption-request': z.object({ allocationId: AllocationId, requestId: z.number().int().positive(), stage: z.enum(['line-manager', 'psw']) }),
  /** To the auditor who asked: agreed, refused (with the note), or agreed by the line manager and now with the PSW. */
  'exemption-outcome': z.object({
    allocationId: AllocationId,
    requestId: z.number().int().positive(),
    outcome: z.enum(['agreed', 'refused', 'awaiting-psw']),
  }),
  /** To each QA officer once an exemption is agreed: reallocate the case to another auditor, or drop it. */
  'exemption-follow-up': z.object({ allocationId: AllocationId, requestId: z.number().int().positive() }),
  /** To the line manager of an auditor whose automatic replies cover the due date: extend, exempt or reallocate. */
  'leave-offer': z.object({ allocationId: AllocationId, auditorId: PersonId, dueDate: IsoDateSchema, leaveEnds: z.string().nullable() }),
  /** 003: the service lead's list of the month's returned audits in the area, each to agree or dispute. */
  'oversight-list': z.object({ month: MonthSchema, serviceArea: z.string().min(1) }),
  /** The service lead reminded before the oversight due day, or (escalation) their manager told after it. */
  'oversight-chase': z.object({
    month: MonthSchema,
    serviceArea: z.string().min(1),
    serviceLeadId: PersonId,
    stage: z.enum(['reminder', 'escalation']),
    dueDate: IsoDateSchema,
    outstanding: z.number().int().min(0),
  }),
  /** A service lead's dispute of a returned audit, to each QA officer, with the reason. */
  'oversight-dispute': z.object({ ...AuditContext, serviceLeadId: PersonId, reason: z.string().min(1) }),
  /**
   * 004 §2.12–2.13: a disagreement with a grade — the review session asked of the auditor, worker and team manager,
   * or, unresolved, the mediation asked of the AD or QA.
   */
  'disagreement-request': z.object({
    ...AuditContext,
    disagreementId: z.number().int().positive(),
    stage: z.enum(['review', 'mediation']),
    raisedBy: PersonId,
    auditorId: PersonId,
  }),
  /** The outcome of a review or mediation, to the auditor, worker and team manager. */
  'disagreement-outcome': z.object({
    ...AuditContext,
    disagreementId: z.number().int().positive(),
    outcome: z.enum(['grade-kept', 'grade-changed']),
    newGrade: GradeLabel,
    stage: z.enum(['review', 'mediation']),
  }),
  /** The month's headlines to a channel the bot is in. */
  headlines: z.object({ month: MonthSchema, conversationId: z.string().min(1) }),
  /** Something QA must handle by hand; `reason` says what, the rest is context for the notice. */
  'qa-notice': z.object({
    reason: z.string().min(1),
    caseRef: CaseRef.nullable().optional(),
    allocationId: AllocationId.nullable().optional(),
    rung: z.number().int().optional(),
    recipientId: PersonId.nullable().optional(),
    messageKey: z.string().optional(),
    month: MonthSchema.optional(),
    serviceArea: z.string().optional(),
    team: z.string().optional(),
    grade: GradeLabel.optional(),
    updateDue: IsoDateSchema.optional(),
    followUpDue: IsoDateSchema.optional(),
    reauditMonth: MonthSchema.optional(),
  }),
} as const;

export type OutboxKind = keyof typeof OUTBOX_PAYLOADS;
export const OUTBOX_KINDS = Object.keys(OUTBOX_PAYLOADS) as OutboxKind[];
/** What a producer writes for a kind (defaults may be left out). */
export type OutboxPayloadInput<K extends OutboxKind> = z.input<(typeof OUTBOX_PAYLOADS)[K]>;
/** What a sender reads for a kind, parsed. */
export type OutboxPayload<K extends OutboxKind> = z.output<(typeof OUTBOX_PAYLOADS)[K]>;

export type OutboxChannel = 'teams' | 'email' | 'qa-notice';

/** A message to queue: the kind decides the payload's shape, so an unknown kind or a wrong payload will not compile. */
export type OutboxMessage = {
  [K in OutboxKind]: {
    /** Natural key: what the message is (`urgent:{allocation}:{person}`), so the same message is never queued twice. */
    key: string;
    channel: OutboxChannel;
    kind: K;
    recipientId: string | null;
    payload: OutboxPayloadInput<K>;
  };
}[OutboxKind];

/** A stored message parsed against the contract. */
export type ParsedOutboxMessage = { [K in OutboxKind]: { kind: K; payload: OutboxPayload<K> } }[OutboxKind];

/** A stored row whose kind is unknown or whose payload does not fit its kind's schema. */
export class OutboxPayloadInvalid extends Error {
  constructor(
    readonly kind: string,
    /** The payload field at fault (dotted path), or null when the kind itself is unknown. */
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(field === null ? `outbox kind '${kind}' is not one Audit Loop sends` : `outbox ${kind} payload: ${field}: ${problem}`);
    this.name = 'OutboxPayloadInvalid';
  }
}

export function isOutboxKind(kind: string): kind is OutboxKind {
  return Object.hasOwn(OUTBOX_PAYLOADS, kind);
}

/** Parses a stored row's payload for its kind; throws OutboxPayloadInvalid naming the kind and the field. */
export function parseOutboxMessage(kind: string, payload: unknown): ParsedOutboxMessage {
  if (!isOutboxKind(kind)) throw new OutboxPayloadInvalid(kind, null, 'unknown kind');
  const parsed = OUTBOX_PAYLOADS[kind].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? '(payload)' : issue.path.map(String).join('.');
    throw new OutboxPayloadInvalid(kind, field, issue?.message ?? 'invalid');
  }
  return { kind, payload: parsed.data } as ParsedOutboxMessage;
}

/** Parses for one expected kind (a sender that handles only that kind, like the e-mail worker). */
export function parseOutboxPayload<K extends OutboxKind>(kind: K, payload: unknown): OutboxPayload<K> {
  const parsed = parseOutboxMessage(kind, payload);
  return parsed.payload as OutboxPayload<K>;
}
