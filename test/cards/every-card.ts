import { buildObservationRecordedCard, buildSupervisionObservationCard } from '../../cards/supervision-observation-card';
import { buildCaseReflectionCard, buildReflectionRecordedCard } from '../../cards/case-reflection-card';
import {
  buildAllocationListCard,
  buildCompletionNoticeCard,
  buildConfirmationCard,
  buildErrorCard,
  buildEscalationCard,
  buildExemptionFollowUpCard,
  buildExemptionOutcomeCard,
  buildExemptionRequestCard,
  buildGradeFormCard,
  buildHeadlinesCard,
  buildHelpCard,
  buildInadequateAlertCard,
  buildModerationRequestCard,
  buildOverdueCard,
  buildPartBRequestCard,
  buildReminderCard,
} from '../../cards';
import type { AdaptiveCard } from '../../cards';
import { buildDisagreementOutcomeCard } from '../../cards/disagreement-outcome-card';
import { buildDisagreementRequestCard } from '../../cards/disagreement-request-card';
import { buildLeaveOfferCard } from '../../cards/leave-offer-card';
import { buildOversightChaseCard } from '../../cards/oversight-chase-card';
import { buildOversightDisputeCard } from '../../cards/oversight-dispute-card';
import { buildOversightListCard } from '../../cards/oversight-list-card';
import * as f from './card-fixtures';

/** Every card, built from realistic view models; `wrap` lets the sentinel test feed the same models through. */
export function everyCard(wrap: <T>(vm: T) => T = (vm) => vm): { name: string; card: AdaptiveCard }[] {
  return [
    { name: 'allocation-list', card: buildAllocationListCard(wrap(f.allocationList)) },
    { name: 'reminder', card: buildReminderCard(wrap(f.reminder)) },
    { name: 'overdue', card: buildOverdueCard(wrap(f.overdue)) },
    { name: 'escalation', card: buildEscalationCard(wrap(f.escalation)) },
    { name: 'escalation-past-leave', card: buildEscalationCard(wrap(f.escalationPastLeave)) },
    { name: 'leave-offer', card: buildLeaveOfferCard(wrap(f.leaveOffer)) },
    { name: 'exemption-request', card: buildExemptionRequestCard(wrap(f.exemptionRequest)) },
    { name: 'exemption-outcome', card: buildExemptionOutcomeCard(wrap({ caseRef: 'CD490001', category: 'capacity', outcome: 'refused', decidedBy: 'Jo Patel', note: 'Cover is arranged for that week.' } as const)) },
    { name: 'exemption-follow-up', card: buildExemptionFollowUpCard(wrap({ requestId: 41, caseRef: 'CD490001', month: '2026-11', kind: 'audit', auditorName: 'Sam Whitfield', category: 'conflict-of-interest' } as const)) },
    { name: 'oversight-list', card: buildOversightListCard(wrap(f.oversightList)) },
    { name: 'oversight-chase', card: buildOversightChaseCard(wrap(f.oversightChase)) },
    { name: 'oversight-dispute', card: buildOversightDisputeCard(wrap(f.oversightDispute)) },
    { name: 'disagreement-review-auditor', card: buildDisagreementRequestCard(wrap(f.disagreementReview)) },
    { name: 'disagreement-review-worker', card: buildDisagreementRequestCard(wrap({ ...f.disagreementReview, form: null })) },
    { name: 'disagreement-outcome', card: buildDisagreementOutcomeCard(wrap(f.disagreementOutcome)) },
    { name: 'completion-notice-with-disagree', card: buildCompletionNoticeCard(wrap({ ...f.completionNotice, disagreeAllocationId: 7 })) },
    { name: 'inadequate-alert', card: buildInadequateAlertCard(wrap(f.inadequateAlert)) },
    { name: 'grade-form', card: buildGradeFormCard(wrap(f.gradeForm)) },
    { name: 'grade-form-ungraded', card: buildGradeFormCard(wrap(f.ungradedForm)) },
    { name: 'grade-form-errors', card: buildGradeFormCard(wrap(f.gradeFormWithErrors)) },
    { name: 'grade-form-themed', card: buildGradeFormCard(wrap(f.themedGradeForm)) },
    { name: 'supervision-observation', card: buildSupervisionObservationCard(wrap(f.supervisionObservation)) },
    { name: 'supervision-observation-recorded', card: buildObservationRecordedCard(wrap({ supervisee: 'Tom Okafor', supervisionDate: '2026-11-04' })) },
    { name: 'case-reflection', card: buildCaseReflectionCard(wrap(f.caseReflection)) },
    { name: 'case-reflection-recorded', card: buildReflectionRecordedCard(wrap({ returnedOn: '2026-11-12' })) },
    { name: 'confirmation', card: buildConfirmationCard(wrap(f.confirmation)) },
    { name: 'part-b-request', card: buildPartBRequestCard(wrap(f.partBRequest)) },
    { name: 'moderation-request', card: buildModerationRequestCard(wrap(f.moderationRequest)) },
    { name: 'completion-notice', card: buildCompletionNoticeCard(wrap(f.completionNotice)) },
    { name: 'completion-notice-ungraded', card: buildCompletionNoticeCard(wrap({ ...f.completionNotice, target: 'team-manager', grade: null, partB: false })) },
    { name: 'headlines', card: buildHeadlinesCard(wrap(f.headlines(6))) },
    { name: 'headlines-200-areas', card: buildHeadlinesCard(wrap(f.headlines(200))) },
    { name: 'headlines-with-report-link', card: buildHeadlinesCard(wrap(f.headlines(6)), { botAppId: f.BOT_APP_ID }) },
    { name: 'headlines-themed', card: buildHeadlinesCard(wrap(f.themedHeadlines(6))) },
    { name: 'error', card: buildErrorCard(wrap(f.errorView)) },
    { name: 'help', card: buildHelpCard(wrap(f.help)) },
  ];
}
