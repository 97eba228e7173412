import { z } from 'zod';
import { AuditKindSchema } from './audit-kinds';
import { COHORTS, normaliseCohort, type Cohort } from './cases';
import { GradeSchema } from './grades';
import { matchKey } from './closest-match';
import { isValidTimeZone } from './london-time';
import { MAX_THEME_QUESTIONS, ThemeQuestionSchema, type ThemeQuestion } from './theme-questions';
import { KindFormsSchema } from './kind-forms';

/** '01'..'12', or 'YYYY-01'..'YYYY-12'. */
const THEME_KEY = /^(\d{4}-)?(0[1-9]|1[0-2])$/;
const DayOfMonth = z.number().int().min(1).max(28);
const WorkingDays = z.number().int().min(0).max(60);

/** Who the urgent path tells in writing (004 §2.11; 003 adds the service lead and head of service). */
export const NOTIFY_TARGETS = [
  'allocated-worker',
  'team-manager',
  'assistant-director',
  'service-lead',
  'head-of-service',
  'qa',
] as const;

export const DEFAULT_FORMS_QUESTIONS = {
  caseRef: 'Case reference',
  grade: 'Overall grade',
  rationale: 'Rationale for grade',
  discussionHeld: 'Did you discuss the audit with the allocated worker or their manager?',
  contact: 'Were the child, young person or parent contacted?',
  contactViews: 'Their views, or why they were not contacted',
  goodPractice: 'Areas of good practice',
  improvement: 'Areas for improvement',
  safeguardingConcern: 'Immediate safeguarding concern?',
} as const;

const FormsQuestionsSchema = z
  .object({
    caseRef: z.string().min(1),
    grade: z.string().min(1),
    rationale: z.string().min(1),
    discussionHeld: z.string().min(1),
    contact: z.string().min(1),
    contactViews: z.string().min(1),
    goodPractice: z.string().min(1),
    improvement: z.string().min(1),
    safeguardingConcern: z.string().min(1),
  })
  .partial();

/** A cohort as the case list spells it ('CLA', 'Looked after'), kept as its code so the draw compares like with like. */
const ThemeCohortSchema = z
  .string()
  .trim()
  .min(1, 'a cohort, such as CLA')
  .transform((raw, ctx) => {
    const cohort = normaliseCohort(raw);
    if (cohort !== null) return cohort;
    ctx.addIssue({ code: 'custom', message: `'${raw}' is not a cohort (${COHORTS.join(', ')})` });
    return z.NEVER;
  });

/**
 * A month's theme: its name, or its name with the cohorts the draw takes first ({ "name": ..., "cohorts": ["CLA"] }).
 * Read as an object either way, so a bad cohort is refused by its own path (a union's refusal names only the month);
 * a plain name stays a plain name.
 */
const ThemeSchema = z
  .preprocess(
    (v) => (typeof v === 'string' ? { name: v } : v),
    z.object(
      {
        name: z.string().min(1),
        cohorts: z.array(ThemeCohortSchema, { error: 'a list of cohorts, such as ["CLA", "CP"]' }).min(1, 'list at least one cohort, or leave cohorts out').optional(),
        /** The theme's own questions, added to the month's grade form and counted in the report's theme findings. */
        questions: z
          .array(ThemeQuestionSchema, { error: 'a list of questions, such as ["Is the child\'s voice recorded?"]' })
          .min(1, 'list at least one question, or leave questions out')
          .max(MAX_THEME_QUESTIONS, `at most ${MAX_THEME_QUESTIONS} questions`)
          .optional(),
      },
      { error: 'a theme\'s name, or { "name": ..., "cohorts": [...], "questions": [...] }' },
    ),
  )
  .transform((t): string | { name: string; cohorts?: Cohort[]; questions?: ThemeQuestion[] } => {
    if (t.cohorts === undefined && t.questions === undefined) return t.name;
    return { name: t.name, ...(t.cohorts === undefined ? {} : { cohorts: t.cohorts }), ...(t.questions === undefined ? {} : { questions: t.questions }) };
  });

export const ProgrammeProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1),
    basedOn: z.string().min(1),
    timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone such as Europe/London'),
    calendar: z.literal('england-and-wales'),
    allocationDay: DayOfMonth,
    dueDay: DayOfMonth,
    /** Service leads see the month's audits on `sendDay` and record oversight by `dueDayNextMonth` (003). */
    oversight: z
      .object({
        sendDay: DayOfMonth,
        dueDayNextMonth: DayOfMonth,
        /** The service lead is reminded this many working days before the due day, and escalated the working day after. */
        reminderWorkingDaysBefore: WorkingDays.default(2),
      })
      .nullable(),
    headlinesDay: DayOfMonth,
    /** Reminders, in working days before the due date (0 = on the due date). */
    reminders: z.array(WorkingDays).max(10),
    escalation: z.object({
      /** Working days after the due date before the line manager is told (1 = the day after). */
      lineManagerAfterWorkingDays: z.number().int().min(1).max(20),
      /** Repeat non-completion goes to the next tier (004 §2.17): missed `missed` of the last `ofMonths` months. */
      nextTier: z.object({ missed: z.number().int().min(2), ofMonths: z.number().int().min(2).max(12) }).nullable(),
      noManager: z.literal('qa'),
    }),
    inadequate: z.object({
      notify: z.array(z.enum(NOTIFY_TARGETS)).min(1),
      updateDueWorkingDays: WorkingDays,
      followUpCalendarDays: z.number().int().min(1).max(60),
      reauditAfterMonths: z.number().int().min(1).max(6),
      moderatedByQa: z.boolean(),
      alsoByEmail: z.boolean(),
    }),
    /**
     * Who is told when an audit is returned (003 Audit Process Flow Chart: the social worker and team manager are
     * notified of the audit completed; 004 §2.2: the audit is undertaken with the allocated worker). Left out, both are.
     */
    completionNotices: z
      .object({ allocatedWorker: z.boolean().default(true), teamManager: z.boolean().default(true) })
      .default({ allocatedWorker: true, teamManager: true }),
    /**
     * 004 §2.18: an exemption is discussed with the line manager and agreed with the Principal Social Worker.
     * `pswAgreement` false: the line manager's agreement is enough. A reallocated audit is due on the original date or
     * `reallocationWorkingDays` after the reallocation, whichever is later.
     */
    exemptions: z
      .object({ pswAgreement: z.boolean().default(false), reallocationWorkingDays: WorkingDays.default(10) })
      .default({ pswAgreement: false, reallocationWorkingDays: 10 }),
    /**
     * 004 §2.12–2.13: a disagreement with a grade goes to a review session of auditor, worker and team manager; not
     * resolved within `reviewWorkingDays`, it is mediated by the Assistant Director or the QA service.
     */
    disagreement: z
      .object({ reviewWorkingDays: WorkingDays.default(10), mediator: z.enum(['assistant-director', 'qa']).default('assistant-director') })
      .default({ reviewWorkingDays: 10, mediator: 'assistant-director' }),
    partB: z
      .object({
        /** "At the next available supervision" (004 §7.1), which we take as this many working days. */
        nextSupervisionWorkingDays: WorkingDays,
        inadequateWorkingDays: WorkingDays,
        escalateTo: z.literal('assistant-director'),
      })
      .nullable(),
    moderation: z.object({
      sampleRate: z.number().min(0.25, 'QA moderates a dip sample of at least 25%').max(1),
      focusGrades: z.array(GradeSchema),
      // Optional rather than defaulted, so a profile written as a literal without them still type-checks; read them
      // through moderationRules (audit/moderation-sample.ts), which supplies the defaults.
      /** The month's returned audits are sampled on this day of the next month (003: the panel moderates monthly); 10. */
      sampleDay: DayOfMonth.optional(),
      /** A sampled audit not moderated this many working days after the sample day is chased once; 5. */
      chaseWorkingDays: WorkingDays.optional(),
      /**
       * Who moderates (permissions.mayModerate): 'qa', the QA unit (004 §2.16); or 'panel', 003's moderation panel of
       * the Heads of Service with the QA unit. Read through moderationRules; 'qa' when left out.
       */
      moderators: z.enum(['qa', 'panel']).optional(),
    }),
    grading: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('graded'), scale: z.array(GradeSchema).min(2) }),
      z.object({ mode: z.literal('ungraded') }),
    ]),
    /**
     * Service areas are the council's organisation, learned from the people and case imports. A council may pin
     * the list in its own profile; then a case in any other area is refused. Shipped profiles pin none.
     */
    serviceAreas: z.array(z.string().trim().min(1)).min(1, 'list at least one service area, or leave serviceAreas out to learn them from the imports').optional(),
    auditKinds: z.array(AuditKindSchema).min(1),
    /**
     * Theme per month: 'MM' repeats every year, 'YYYY-MM' applies to that month only and wins over 'MM'
     * (003 Audit Schedule 2023 is a one-year schedule, so it is keyed '2023-MM').
     */
    themes: z.record(z.string(), ThemeSchema),
    /** A case audited (or re-audited) in this many months before the draw is not drawn again; 0 turns it off. */
    excludeAuditedWithinMonths: z.number().int('a whole number of months').min(0, 'a whole number of months, or 0 to turn the exclusion off').default(12),
    formsQuestions: FormsQuestionsSchema.default({}),
    /** The questions of the kinds that are not case audits (audit/kind-forms.ts); left out, the shipped defaults. */
    kindForms: KindFormsSchema.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.dueDay <= p.allocationDay) {
      ctx.addIssue({ code: 'custom', path: ['dueDay'], message: `must be after allocationDay (${p.allocationDay})` });
    }
    // Unique ignoring case and spacing: 'North East' and 'north east' would split one area's figures in two.
    const areas = p.serviceAreas ?? [];
    if (new Set(areas.map(matchKey)).size !== areas.length) {
      ctx.addIssue({ code: 'custom', path: ['serviceAreas'], message: 'service areas must be unique (ignoring case and spacing)' });
    }
    // Checked here rather than by the record's key schema, whose refusal says only "Invalid key in record".
    for (const key of Object.keys(p.themes).filter((k) => !THEME_KEY.test(k))) {
      ctx.addIssue({ code: 'custom', path: ['themes', key], message: "a theme's key is a month number '01' to '12' (every year) or a month 'YYYY-MM' such as '2023-09' (that month only)" });
    }
    if (!p.auditKinds.includes('audit')) {
      ctx.addIssue({ code: 'custom', path: ['auditKinds'], message: "must include 'audit'" });
    }
    if (p.grading.mode === 'ungraded' && p.moderation.focusGrades.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['moderation', 'focusGrades'], message: 'an ungraded programme has no focus grades' });
    }
  });

export type ProgrammeProfile = z.infer<typeof ProgrammeProfileSchema>;
export type FormsQuestions = Required<z.infer<typeof FormsQuestionsSchema>>;

export function formsQuestionsOf(profile: ProgrammeProfile): FormsQuestions {
  return { ...DEFAULT_FORMS_QUESTIONS, ...profile.formsQuestions };
}

/** The theme of `month` (YYYY-MM): its own 'YYYY-MM' entry, else the month number's, else none. */
export function themeFor(profile: ProgrammeProfile, month: string): string | null {
  const theme = themeEntry(profile, month);
  return typeof theme === 'string' ? theme : (theme?.name ?? null);
}

/** The cohorts `month`'s theme names for the draw to take first, or null when it names none. */
export function themeCohortsFor(profile: ProgrammeProfile, month: string): readonly Cohort[] | null {
  const theme = themeEntry(profile, month);
  return typeof theme === 'object' ? (theme.cohorts ?? null) : null;
}

/** The questions `month`'s theme adds to the grade form; none for a plain-name theme or an unthemed month. */
export function themeQuestionsFor(profile: ProgrammeProfile, month: string): readonly ThemeQuestion[] {
  const theme = themeEntry(profile, month);
  return typeof theme === 'object' ? (theme.questions ?? []) : [];
}

function themeEntry(profile: ProgrammeProfile, month: string): ProgrammeProfile['themes'][string] | undefined {
  return profile.themes[month] ?? profile.themes[month.slice(5, 7)];
}

/** Whether the profile pins the service areas (a case in any other is refused) or they are learned from imports. */
export function pinnedServiceAreas(profile: ProgrammeProfile): readonly string[] | null {
  return profile.serviceAreas ?? null;
}

/**
 * Areas in the order reports and the allocation go through them: the pinned ones in the profile's order, then any
 * others found in the data alphabetically (all of them, when the areas are learned).
 */
export function orderServiceAreas(profile: ProgrammeProfile, found: Iterable<string>): string[] {
  const pinned = profile.serviceAreas ?? [];
  const extra = [...new Set(found)].filter((a) => !pinned.includes(a)).sort((a, b) => a.localeCompare(b, 'en-GB'));
  return [...pinned, ...extra];
}

export function isGraded(profile: ProgrammeProfile): boolean {
  return profile.grading.mode === 'graded';
}
