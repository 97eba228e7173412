import type {
  AllocationListView,
  ConfirmationView,
  ErrorView,
  EscalationView,
  GradeFormView,
  HeadlinesView,
  HelpView,
  InadequateAlertView,
  LeaveOfferView,
  ModerationRequestView,
  OverdueNoticeView,
  PartBRequestView,
  ReminderView,
} from '../../cards/view-models';
import type { CompletionNoticeView } from '../../cards/completion-notice-card';
import type { ExemptionRequestCardView } from '../../cards';
import type { DisagreementOutcomeView } from '../../cards/disagreement-outcome-card';
import type { DisagreementRequestView } from '../../cards/disagreement-request-card';
import type { OversightChaseView } from '../../cards/oversight-chase-card';
import type { OversightDisputeView } from '../../cards/oversight-dispute-card';
import type { OversightListView } from '../../cards/oversight-list-card';
import { GRADES } from '../../audit/grades';
import { DEFAULT_KIND_FORMS, askedKindQuestions } from '../../audit/kind-forms';
import type { SupervisionObservationView } from '../../cards/supervision-observation-card';
import type { CaseReflectionView } from '../../cards/case-reflection-card';

/** Realistic view models for card tests. Staff names are invented; children appear only as case references. */

export const allocationList: AllocationListView = {
  month: '2026-11',
  theme: 'Voice of the child',
  auditorName: 'Priya Raman',
  items: [
    { allocationId: 101, caseRef: 'CD490004', serviceArea: 'Children in Need', kind: 'audit', dueDate: '2026-11-28', status: 'allocated' },
    { allocationId: 102, caseRef: 'CD512877', serviceArea: 'Looked After Children', kind: 'thematic', dueDate: '2026-11-28', status: 'returned', grade: 'Good' },
    { allocationId: 103, caseRef: 'CD377120', serviceArea: 'Child Protection', kind: 're-audit', dueDate: '2026-11-14', status: 'overdue' },
  ],
};

export const reminder: ReminderView = {
  auditorName: 'Priya Raman',
  dueDate: '2026-11-28',
  workingDaysLeft: 3,
  items: [allocationList.items[0]!],
};

const lateItem = { ...allocationList.items[2]!, daysLate: 9, workingDaysLate: 7 };

export const overdue: OverdueNoticeView = {
  auditorName: 'Priya Raman',
  escalatesTo: 'Tom Okafor',
  escalatesOn: '2026-11-27',
  items: [lateItem],
};

export const escalation: EscalationView = {
  managerName: 'Tom Okafor',
  auditorName: 'Priya Raman',
  rung: 1,
  today: '2026-11-27',
  actorIds: ['8f1c2a7e-1111-4c3b-9a55-0d2e6f0a1b01'],
  items: [
    lateItem,
    { allocationId: 104, caseRef: 'CD300451', serviceArea: 'Care Leavers', kind: 'audit', dueDate: '2026-10-28', status: 'overdue', daysLate: 30, workingDaysLate: 22 },
  ],
};

/** The same manager, reached one rung up because the auditor's line manager is on leave. */
export const escalationPastLeave: EscalationView = { ...escalation, rung: 1, insteadOfName: 'Sam Whitfield' };

export const leaveOffer: LeaveOfferView = {
  managerName: 'Tom Okafor',
  auditorName: 'Priya Raman',
  leaveEnds: '2026-12-04T17:00:00.000Z',
  item: { allocationId: 101, caseRef: 'CD490004', serviceArea: 'Children in Need', kind: 'audit', dueDate: '2026-11-28', status: 'allocated' },
  today: '2026-11-20',
};

export const inadequateAlert: InadequateAlertView = {
  allocationId: 103,
  caseRef: 'CD377120',
  serviceArea: 'Child Protection',
  team: 'CP Team 2',
  auditorName: 'Priya Raman',
  grade: 'Inadequate',
  auditedOn: '2026-11-20',
  updateDueDate: '2026-11-25',
  followUpDate: '2026-11-27',
  reAuditMonth: '2026-12',
  partBDueDate: '2026-11-27',
};

export const gradeForm: GradeFormView = {
  allocation: allocationList.items[0]!,
  theme: 'Voice of the child',
  scale: GRADES,
  formVersion: 3,
  values: {},
  errors: {},
  actorIds: ['5d0b7c3e-2222-4e8f-8c11-7a9b3c4d5e02'],
};

export const ungradedForm: GradeFormView = { ...gradeForm, scale: null, theme: null };

/** A themed month whose theme lists its own questions (audit/theme-questions.ts). */
export const themedGradeForm: GradeFormView = {
  ...gradeForm,
  theme: 'Neglect',
  themeQuestions: [
    { id: 'theme1', text: "Is the child's lived experience of neglect described in the assessment?", answers: ['Yes', 'Partly', 'No'] },
    { id: 'theme2', text: 'How long has neglect been known to the service?', answers: ['Under 6 months', '6 to 12 months', 'Over 12 months'] },
  ],
  values: { theme1: 'Partly' },
  errors: { theme2: 'Answer the theme question: How long has neglect been known to the service?' },
};

/** The headlines of a themed month: the discussion rate and the theme's findings by case reference. */
export function themedHeadlines(areaCount: number): HeadlinesView {
  return {
    ...headlines(areaCount),
    discussionRate: 0.9,
    qualityLoop: [
      'Moderation changed 2 of 9 judgements moderated, 22% (most often Good → Requires Improvement, 1)',
      'Open Inadequate cases: 2 (1 awaiting 3-day update, 1 follow-up recorded)',
      'Part B completed on time: 7 of 9, 78%; 1 overdue',
      'Case reflection sheets: 4 of 5 returned, 80%',
    ],
    themeFindings: {
      theme: 'Neglect',
      questions: [
        { question: "Is the child's lived experience of neglect described in the assessment?", answers: [
          { answer: 'Yes', count: 2, caseRefs: ['CD490004', 'CD490014'] },
          { answer: 'No', count: 1, caseRefs: ['CD490024'] },
        ] },
      ],
    },
  };
}

export const gradeFormWithErrors: GradeFormView = {
  ...gradeForm,
  values: {
    grade: 'Requires Improvement',
    rationale: 'Too short',
    discussionHeld: 'yes',
    contact: 'not_appropriate',
    goodPractice: 'Visits on time and recorded within two days.',
  },
  errors: {
    rationale: 'Give a fuller rationale (at least 20 characters).',
    contactViews: 'Record why the child, young person or parent was not spoken to.',
    improvement: 'Say what needs to improve.',
  },
};

export const confirmation: ConfirmationView = {
  title: 'Audit recorded',
  caseRef: 'CD490004',
  facts: [
    { label: 'Grade', value: 'Requires Improvement' },
    { label: 'Recorded', value: 'Thu 26 Nov 2026' },
  ],
  nextSteps: ['The team manager is asked to complete Part B at the next supervision.', 'Your audit counts towards November.'],
};

export const partBRequest: PartBRequestView = {
  allocationId: 103,
  caseRef: 'CD377120',
  serviceArea: 'Child Protection',
  team: 'CP Team 2',
  auditorName: 'Priya Raman',
  grade: 'Inadequate',
  dueDate: '2026-11-27',
  urgent: true,
  suggestedActions: ['Update the child protection plan with a clear contingency.', 'Record direct work with the child.'],
};

export const moderationRequest: ModerationRequestView = {
  allocationId: 102,
  caseRef: 'CD512877',
  serviceArea: 'Looked After Children',
  kind: 'audit',
  month: '2026-11',
  auditorName: 'Priya Raman',
  originalGrade: 'Good',
  scale: GRADES,
  dueDate: '2026-12-10',
  answers: {
    rationale: 'The plan is reviewed on time and the risks are understood, but the voice of the child is thin in the last two visits.',
    goodPractice: 'Timely statutory visits; a strong chronology; the worker knows the family well.',
    improvement: 'Record the child\'s wishes and feelings at each visit; update the plan after the strategy discussion.',
    discussionHeld: true,
    contact: 'yes',
    contactViews: 'The young person said they feel listened to and want to stay with their carers.',
  },
};

/** The bot's Microsoft App ID as the headlines card's link to QA's chat with the bot carries it. */
export const BOT_APP_ID = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';

export const completionNotice: CompletionNoticeView = {
  recipientName: 'Sam Okafor',
  target: 'allocated-worker',
  caseRef: 'CD377120',
  month: '2026-11',
  serviceArea: 'Child Protection',
  team: 'CP Team 2',
  auditorName: 'Priya Raman',
  grade: 'Requires Improvement',
  partB: true,
};

export function headlines(areaCount: number): HeadlinesView {
  return {
    month: '2026-11',
    completionRate: 0.82,
    completed: 41,
    allocated: 50,
    gradeCounts: [
      { grade: 'Outstanding', count: 3 },
      { grade: 'Good', count: 19 },
      { grade: 'Requires Improvement', count: 15 },
      { grade: 'Inadequate', count: 4 },
    ],
    changeOnLastMonth: 'Up 6 points on October; one more Inadequate than last month.',
    serviceAreas: Array.from({ length: areaCount }, (_, i) => ({
      serviceArea: `Service area ${i + 1} — Children in Need and Assessment`,
      allocated: 10,
      completed: 8,
      completionRate: 0.8,
      inadequate: i % 3 === 0 ? 1 : 0,
    })),
    topThemes: ['Voice of the child not recorded in plans', 'Contingency plans too general', 'Strong multi-agency working'],
  };
}

export const errorView: ErrorView = {
  whatWentWrong: 'This form was changed since you opened it.',
  whatToDo: 'Open the audit again from your allocation list and resubmit.',
  code: 'FORM_STALE',
};

export const help: HelpView = {
  commands: [
    { command: 'my audits', description: 'Show this month’s allocation list.' },
    { command: 'help', description: 'Show this list.' },
  ],
};

/** A name put where no builder should look, to prove builders copy fields, not whole objects. */
export const SENTINEL_CHILD_NAME = 'Kayleigh-Sentinel Marchbanks';

/** Copies a view model adding `childName` to every object in it (TypeScript would refuse it as a literal). */
export function withSentinel<T>(viewModel: T): T {
  const add = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(add);
    if (typeof value !== 'object' || value === null) return value;
    const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, add(v)]));
    return { ...copy, childName: SENTINEL_CHILD_NAME };
  };
  return add(viewModel) as T;
}

export const oversightList: OversightListView = {
  month: '2026-09',
  serviceArea: 'Children in Need',
  serviceLeadName: 'Grace Mensah',
  dueDate: '2026-10-06',
  items: [
    { allocationId: 201, caseRef: 'CD490004', team: 'CIN Team 1', grade: 'Good', auditorName: 'Priya Raman', state: 'outstanding' },
    { allocationId: 202, caseRef: 'CD490014', team: 'CIN Team 2', grade: 'Requires Improvement', auditorName: 'Tom Okafor', state: 'agreed' },
    { allocationId: 203, caseRef: 'CD490024', team: 'CIN Team 2', grade: 'Inadequate', auditorName: 'Tom Okafor', state: 'disputed' },
  ],
};

export const oversightChase: OversightChaseView = {
  stage: 'escalation', month: '2026-09', serviceArea: 'Children in Need', serviceLeadName: 'Grace Mensah', recipientName: 'Sam Whitfield',
  dueDate: '2026-10-06', outstanding: 4,
};

export const oversightDispute: OversightDisputeView = {
  caseRef: 'CD490024', month: '2026-09', serviceArea: 'Children in Need', team: 'CIN Team 2', grade: 'Inadequate', auditorName: 'Tom Okafor',
  serviceLeadName: 'Grace Mensah', reason: 'The chronology was updated before the audit; the grade should be looked at again.',
};

export const disagreementReview: DisagreementRequestView = {
  recipientName: 'Priya Raman', stage: 'review', caseRef: 'CD490004', month: '2026-09', serviceArea: 'Children in Need', team: 'CIN Team 1',
  auditorName: 'Priya Raman', grade: 'Requires Improvement', raisedByName: 'Jo Adebayo', raisedAs: 'allocated-worker',
  reason: 'The visits were recorded late but they did happen within timescales.', mediationDate: '2026-10-14',
  form: { disagreementId: 5, scale: GRADES },
};

export const disagreementOutcome: DisagreementOutcomeView = {
  recipientName: 'Jo Adebayo', stage: 'mediation', caseRef: 'CD490004', month: '2026-09', outcome: 'grade-changed',
  grade: 'Requires Improvement', newGrade: 'Good', resolvedByName: 'Alex Carter', note: 'Visits evidenced in the case notes; grade moved to Good.',
};

export const exemptionRequest: ExemptionRequestCardView = {
  requestId: 41, caseRef: 'CD490001', auditorName: 'Sam Whitfield', category: 'leave',
  reason: 'Three weeks of annual leave over the due date.', dueDate: '2026-11-28', stage: 'psw',
  lineManagerName: 'Jo Patel', qaStandsIn: false,
};

/** A supervision observation (003 §9.1, §11): the supervisee and the date of the supervision, no case reference. */
export const supervisionObservation: SupervisionObservationView = {
  activityId: 31,
  supervisee: 'Tom Okafor',
  dueDate: '2026-11-28',
  today: '2026-11-10',
  questions: askedKindQuestions(DEFAULT_KIND_FORMS['supervision-observation']),
  values: { q1: 'Strong' },
  errors: { supervisionDate: 'The supervision cannot be in the future.' },
};

/** A case reflection sheet (003 §9.3): the practitioner's own questions, no case reference, no grade. */
export const caseReflection: CaseReflectionView = {
  activityId: 32,
  dueDate: '2026-11-28',
  questions: askedKindQuestions(DEFAULT_KIND_FORMS['case-reflection']),
  values: { q3: 'Partly' },
  errors: { q1: "Answer: What is the child's lived experience, and how does your recording show it?" },
};
