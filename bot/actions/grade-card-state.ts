import { isUrgent } from '../../audit/audit-response';
import { londonDateOf } from '../../audit/london-time';
import { themeFor } from '../../audit/programme-profile';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import type { AdaptiveCard } from '../../cards/adaptive-card-types';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import { buildGradeFormCard } from '../../cards/grade-form-card';
import type { GradeFormField, GradeFormValues } from '../../cards/view-models';
import type { AllocationDetail } from '../../store/allocations-repo';
import { getPerson } from '../../store/people-repo';
import { getResponse, type StoredResponse } from '../../store/responses-repo';
import { allocationItemView } from '../../cards/allocation-views';
import type { BotDeps } from '../bot-deps';
import { todayOf } from '../bot-dates';

/** Forms are not versioned by edits yet: a returned audit is refused by state, so one version suffices. */
export const GRADE_FORM_VERSION = 1;

export function gradeScaleOf(profile: ProgrammeProfile): readonly string[] | null {
  return profile.grading.mode === 'graded' ? profile.grading.scale : null;
}

export function responseConfirmationCard(deps: Pick<BotDeps, 'profile'>, a: AllocationDetail, r: StoredResponse): AdaptiveCard {
  const urgent = isUrgent(r);
  const nextSteps = urgent
    ? [
        'Urgent notices are on their way to the allocated worker, the team manager and the Assistant Director.',
        'The team manager will be asked to complete Part B.',
      ]
    : ['Thank you. QA may moderate a sample of this month\'s audits.'];
  return buildConfirmationCard({
    title: 'Audit recorded',
    caseRef: a.caseRef,
    facts: [
      { label: 'Grade', value: r.grade ?? 'Ungraded' },
      { label: 'Returned on', value: londonDateOf(r.submittedAt, deps.profile.timeZone) },
      { label: 'Safeguarding concern', value: r.safeguardingConcern ? 'Yes' : 'No' },
    ],
    nextSteps,
  });
}

/**
 * The card that fits the audit's state now: the form while it is open, the confirmation once returned. This is
 * what `grade.open` and `card.refresh` show, so a stale form turns into the confirmation.
 */
export async function gradeCardFor(
  deps: BotDeps,
  a: AllocationDetail,
  values: GradeFormValues = {},
  errors: Partial<Record<GradeFormField, string>> = {},
): Promise<AdaptiveCard> {
  if (a.status === 'returned' || a.status === 'overseen') {
    const r = await getResponse(deps.db, a.id);
    if (r !== null) return responseConfirmationCard(deps, a, r);
  }
  if (a.status === 'exempted') {
    return buildConfirmationCard({
      title: 'Audit exempted',
      caseRef: a.caseRef,
      facts: [{ label: 'Reason', value: a.exemptionReason ?? 'Agreed by the line manager' }],
      nextSteps: ['Nothing more is needed from you for this case.'],
    });
  }
  const auditor = await getPerson(deps.db, a.auditorId);
  return buildGradeFormCard({
    allocation: allocationItemView(a, todayOf(deps)),
    theme: themeFor(deps.profile, a.month),
    scale: gradeScaleOf(deps.profile),
    formVersion: GRADE_FORM_VERSION,
    values,
    errors,
    actorIds: auditor?.aadObjectId ? [auditor.aadObjectId] : [],
  });
}
