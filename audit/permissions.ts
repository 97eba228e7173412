import { isModerator, type Moderators } from './moderation-sample';
import { hasRole, type Person } from './people';

/**
 * Who may act on an audit, as pure rules the Teams layer asks before it changes anything. Each rule takes the
 * acting person and only the facts it needs, and answers with a code the audit trail and tests can rely on and the
 * sentence the refusal card shows.
 */
export type Actor = Pick<Person, 'id' | 'roles' | 'serviceArea'>;

export type RefusalCode =
  | 'NOT_ALLOCATED_AUDITOR'
  | 'NOT_LINE_MANAGER'
  | 'NOT_QA'
  | 'NOT_TEAM_MANAGER'
  | 'NOT_SERVICE_LEAD'
  | 'NOT_WORKER_OR_TEAM_MANAGER'
  | 'NOT_MEDIATOR';

export type Permission = { allowed: true } | { allowed: false; code: RefusalCode; reason: string };

/** The allocation as the rules see it: whose audit it is, who manages that auditor (null when unknown), its area. */
export interface AllocationFacts {
  auditorId: string;
  auditorManagerId: string | null;
  /** The line manager's own manager: the next tier an escalation goes to (004 §2.17), or one rung up past leave. */
  nextTierManagerId?: string | null;
  serviceArea: string;
}

/** A case's people as the rules see them: its allocated worker and team manager (null when none is on record). */
export interface CasePeopleFacts {
  allocatedWorkerId: string | null;
  teamManagerId: string | null;
}

/** Part B as the rules see it: the case's team manager when the Part B was raised (null when none was known). */
export interface PartBFacts {
  teamManagerId: string | null;
  /**
   * The Assistant Director of the case's service area, as the chases find them (people.assistantDirectorFor): the one
   * an overdue Part B or a late Inadequate update is sent to (004 §7.5); null when no AD is on record.
   */
  assistantDirectorId: string | null;
}

const ALLOWED: Permission = { allowed: true };

function refused(code: RefusalCode, who: string): Permission {
  return { allowed: false, code, reason: `Only ${who} can do this.` };
}

/** Only the allocated auditor grades (opens and submits the grade form). */
export function mayGrade(actor: Actor, a: Pick<AllocationFacts, 'auditorId'>): Permission {
  return actor.id === a.auditorId ? ALLOWED : refused('NOT_ALLOCATED_AUDITOR', 'the allocated auditor');
}

type ManagerFacts = Pick<AllocationFacts, 'auditorManagerId' | 'nextTierManagerId'>;

/**
 * 004 §2.17: the auditor's line manager decides on an overdue audit — extend, exempt or nudge — and so does the next
 * tier, who hears of repeat lateness and of escalations that skip a line manager on leave.
 */
function mayManage(actor: Actor, a: ManagerFacts): Permission {
  const isManager = (id: string | null | undefined): boolean => id !== null && id !== undefined && actor.id === id;
  return isManager(a.auditorManagerId) || (a.auditorManagerId !== null && isManager(a.nextTierManagerId))
    ? ALLOWED
    : refused('NOT_LINE_MANAGER', "the auditor's line manager or the next tier");
}

export function mayExtend(actor: Actor, a: ManagerFacts): Permission {
  return mayManage(actor, a);
}

export function mayExempt(actor: Actor, a: ManagerFacts): Permission {
  return mayManage(actor, a);
}

export function mayNudge(actor: Actor, a: ManagerFacts): Permission {
  return mayManage(actor, a);
}

/** 004 §2.16: QA moderates; where the profile has 003's panel, the heads of service sit on it with QA. */
export function mayModerate(actor: Actor, moderators: Moderators = 'qa'): Permission {
  if (isModerator(actor, moderators)) return ALLOWED;
  return refused('NOT_QA', moderators === 'panel' ? 'the moderation panel (QA and the heads of service)' : 'the QA team');
}

/**
 * 004 §7: the case's team manager completes Part B; 004 §7.5: an overdue one goes to the Assistant Director, so the AD
 * of the case's service area may complete or record it too.
 */
export function mayCompletePartB(actor: Actor, p: PartBFacts): Permission {
  return isTeamManagerOrAreaAd(actor, p) ? ALLOWED : refused('NOT_TEAM_MANAGER', "the case's team manager or the service area's Assistant Director");
}

function isTeamManagerOrAreaAd(actor: Actor, p: PartBFacts): boolean {
  const is = (id: string | null): boolean => id !== null && actor.id === id;
  return is(p.teamManagerId) || (is(p.assistantDirectorId) && hasRole(actor, 'assistant-director'));
}

/**
 * 003: after an Inadequate grade the case's team manager gives QA the 3-day update and the 1-week follow-up; late
 * ones go to the Assistant Director, so the AD of the case's service area may record them too.
 */
export function mayRecordInadequateUpdate(actor: Actor, c: PartBFacts): Permission {
  return isTeamManagerOrAreaAd(actor, c) ? ALLOWED : refused('NOT_TEAM_MANAGER', "the case's team manager or the service area's Assistant Director");
}

/** 003: a service lead records oversight of the audits in their own service area. */
export function mayOversee(actor: Actor, a: Pick<AllocationFacts, 'serviceArea'>): Permission {
  return hasRole(actor, 'service-lead') && actor.serviceArea === a.serviceArea
    ? ALLOWED
    : refused('NOT_SERVICE_LEAD', 'the service lead for the area');
}

/** 004 §2.18: the allocated auditor may ask to be exempted from their own audit, at any time before it is returned. */
export function mayRequestExemption(actor: Actor, a: Pick<AllocationFacts, 'auditorId'>): Permission {
  return mayGrade(actor, a);
}

/** 004 §2.18: the exemption is discussed with the auditor's line manager first, who agrees or refuses it. */
export function mayDecideExemptionAsLineManager(actor: Actor, a: ManagerFacts): Permission {
  return mayManage(actor, a);
}

/** 004 §2.18: "agreed with the Principal Social Worker", whose QA unit runs the programme (004 §2.1). */
export function mayAgreeExemptionAsPsw(actor: Actor): Permission {
  return hasRole(actor, 'qa') ? ALLOWED : refused('NOT_QA', 'the Principal Social Worker or the QA team');
}

/** QA allocates (004 §2.1), so QA reallocates an exempted case or drops it from the month. */
export function mayReallocate(actor: Actor): Permission {
  return hasRole(actor, 'qa') ? ALLOWED : refused('NOT_QA', 'the QA team');
}

/** 004 §2.12: the allocated worker or the team manager may disagree with the grade of a returned audit. */
export function mayDisagree(actor: Actor, c: CasePeopleFacts): Permission {
  const theirs = (c.allocatedWorkerId !== null && actor.id === c.allocatedWorkerId) || (c.teamManagerId !== null && actor.id === c.teamManagerId);
  return theirs ? ALLOWED : refused('NOT_WORKER_OR_TEAM_MANAGER', "the case's allocated worker or team manager");
}

/** 004 §2.12: the auditor holds the review session with the worker and team manager and records its outcome. */
export function mayRecordReview(actor: Actor, a: Pick<AllocationFacts, 'auditorId'>): Permission {
  return mayGrade(actor, a);
}

export type Mediator = 'assistant-director' | 'qa';

/**
 * 004 §2.13: unresolved, the disagreement is mediated by the Assistant Director (the one it was sent to, recorded as
 * `mediatorId`) or by the QA service, as the profile says.
 */
export function mayMediate(actor: Actor, d: { mediator: Mediator; mediatorId: string | null }): Permission {
  if (d.mediator === 'qa') return hasRole(actor, 'qa') ? ALLOWED : refused('NOT_MEDIATOR', 'the QA service, as mediator');
  return d.mediatorId !== null && actor.id === d.mediatorId ? ALLOWED : refused('NOT_MEDIATOR', 'the Assistant Director mediating it');
}
