/**
 * What each card shows, as plain data. The bot maps domain records to these; builders show these fields and
 * nothing else. Children appear only as case references (e.g. `CD490004`), never by name.
 * Dates are calendar dates `YYYY-MM-DD`; months are `YYYY-MM`.
 */
import type { AuditKind } from '../audit/audit-kinds';

export type AllocationStatus = 'allocated' | 'returned' | 'overseen' | 'exempted' | 'overdue';

export interface AllocationItemView {
  allocationId: number;
  caseRef: string;
  serviceArea: string;
  kind: AuditKind;
  dueDate: string;
  status: AllocationStatus;
  grade?: string | null;
}

export interface AllocationListView {
  month: string;
  theme: string | null;
  auditorName: string;
  items: AllocationItemView[];
}

export interface ReminderView {
  auditorName: string;
  dueDate: string;
  /** Working days left before the due date (004 §2.1 "a clear date when the audits are expected"). */
  workingDaysLeft: number;
  items: AllocationItemView[];
}

export interface OverdueItemView extends AllocationItemView {
  daysLate: number;
  workingDaysLate: number;
}

export interface OverdueNoticeView {
  auditorName: string;
  /** Who will be told next if the audit stays open (004 §2.17), e.g. the line manager's name. */
  escalatesTo: string | null;
  escalatesOn: string | null;
  items: OverdueItemView[];
}

export interface EscalationView {
  managerName: string;
  auditorName: string;
  /** 1 = line manager, 2 = next tier ("grandparent" manager) (004 §2.17). */
  rung: 1 | 2;
  /** The manager it would have gone to, on leave, so it came one rung up; null or absent when none was skipped. */
  insteadOfName?: string | null;
  items: OverdueItemView[];
  /** Earliest date a new due date may take (the Input.Date minimum). */
  today: string;
  /** Entra object ids of the people who may act on this card (refresh.userIds). */
  actorIds: string[];
}

export interface InadequateAlertView {
  allocationId: number;
  caseRef: string;
  serviceArea: string;
  team: string;
  auditorName: string;
  grade: string;
  auditedOn: string;
  /** What must happen and by when (003: update in 3 days, follow-up in a week, re-audit after a month). */
  updateDueDate: string;
  followUpDate: string;
  reAuditMonth: string;
  /** Part B within 5 working days when graded Inadequate (004 §7.1); null when no Part B was raised. */
  partBDueDate: string | null;
}

export type GradeFormField =
  | 'grade'
  | 'rationale'
  | 'discussionHeld'
  | 'contact'
  | 'contactViews'
  | 'goodPractice'
  | 'improvement'
  | 'safeguardingConcern'
  /** A themed month's question (audit/theme-questions.ts): theme1, theme2, … */
  | `theme${number}`;

export interface GradeFormValues {
  [themeField: `theme${number}`]: string | undefined;
  grade?: string;
  rationale?: string;
  discussionHeld?: string;
  contact?: string;
  contactViews?: string;
  goodPractice?: string;
  improvement?: string;
  safeguardingConcern?: string;
}

export interface GradeFormView {
  allocation: AllocationItemView;
  theme: string | null;
  /** The grades auditors choose from; null for an ungraded programme (e.g. 002). */
  scale: readonly string[] | null;
  /** Bumped on every change so a stale form is refused rather than overwriting newer answers. */
  formVersion: number;
  values: GradeFormValues;
  errors: Partial<Record<GradeFormField, string>>;
  actorIds: string[];
  /** The themed month's own questions, each answered by choosing one of its answers; none when the theme has none. */
  themeQuestions?: readonly { id: `theme${number}`; text: string; answers: readonly string[] }[];
}

export interface ConfirmationView {
  title: string;
  caseRef: string;
  facts: { label: string; value: string }[];
  nextSteps: string[];
}

export interface PartBRequestView {
  allocationId: number;
  caseRef: string;
  serviceArea: string;
  team: string;
  auditorName: string;
  grade: string | null;
  dueDate: string;
  /** Inadequate and immediate safeguarding actions identified: within 5 working days (004 §7.1). */
  urgent: boolean;
  /** Notes shown as bullets (e.g. the AD's chase: Part B is overdue). */
  suggestedActions: string[];
  /** 004 §7.3: the audit's "what needs to improve", prefilled into an editable input and stored with Part B. */
  suggestedActionsText?: string;
  /** 004 §7.2: the case has closed, so this goes to its previous team manager. */
  caseClosed?: boolean;
}

/** What the auditor answered, read at send time so the moderator judges from the record (free text, clipped). */
export interface ModerationAnswersView {
  rationale: string;
  goodPractice: string;
  improvement: string;
  discussionHeld: boolean;
  contact: 'yes' | 'no' | 'not_appropriate';
  contactViews: string | null;
}

export interface ModerationRequestView {
  allocationId: number;
  caseRef: string;
  serviceArea: string;
  kind: AuditKind;
  month: string;
  auditorName: string;
  originalGrade: string;
  scale: readonly string[];
  /** Moderate by: the dip sample's date, or the audit's own due date for a request made at return. */
  dueDate: string;
  /** Null when the audit's response cannot be read (the card says so rather than show nothing). */
  answers: ModerationAnswersView | null;
  /** The one reminder, sent once the date to moderate by has passed unmoderated. */
  chase?: boolean;
}

export interface ServiceAreaRowView {
  serviceArea: string;
  allocated: number;
  completed: number;
  /** 0..1 */
  completionRate: number;
  inadequate: number;
}

export interface HeadlinesView {
  month: string;
  /** 0..1 */
  completionRate: number;
  completed: number;
  allocated: number;
  /** Empty for an ungraded programme. */
  gradeCounts: { grade: string; count: number }[];
  changeOnLastMonth: string;
  serviceAreas: ServiceAreaRowView[];
  topThemes: string[];
  /** Share of completed audits discussed with the allocated worker (0..1); null when none was completed. */
  discussionRate?: number | null;
  /** The themed month's questions with how the audits answered them, case references only (never names). */
  themeFindings?: ThemeFindingsView | null;
  /** Moderation, the Inadequate path, Part B and the other audit kinds, one line each (report/headlines-view.ts). */
  qualityLoop?: string[];
}

export interface ThemeFindingsView {
  theme: string;
  questions: { question: string; answers: { answer: string; count: number; caseRefs: string[] }[] }[];
}

export interface ErrorView {
  whatWentWrong: string;
  whatToDo: string;
  /** A short code to quote to the QA team, e.g. `FORM_STALE`. */
  code: string | null;
}

export interface HelpView {
  commands: { command: string; description: string }[];
}

/** To the line manager of an auditor whose automatic replies cover the due date: chasing is paused until they decide. */
export interface LeaveOfferView {
  managerName: string;
  auditorName: string;
  /** The auditor's leave ends (an ISO instant), or null when their automatic replies have no end. */
  leaveEnds: string | null;
  item: AllocationItemView;
  /** Earliest date a new due date may take. */
  today: string;
}
