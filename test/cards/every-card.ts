import {
  buildAllocationListCard,
  buildCompletionNoticeCard,
  buildConfirmationCard,
  buildErrorCard,
  buildEscalationCard,
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
import { buildLeaveOfferCard } from '../../cards/leave-offer-card';
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
    { name: 'inadequate-alert', card: buildInadequateAlertCard(wrap(f.inadequateAlert)) },
    { name: 'grade-form', card: buildGradeFormCard(wrap(f.gradeForm)) },
    { name: 'grade-form-ungraded', card: buildGradeFormCard(wrap(f.ungradedForm)) },
    { name: 'grade-form-errors', card: buildGradeFormCard(wrap(f.gradeFormWithErrors)) },
    { name: 'confirmation', card: buildConfirmationCard(wrap(f.confirmation)) },
    { name: 'part-b-request', card: buildPartBRequestCard(wrap(f.partBRequest)) },
    { name: 'moderation-request', card: buildModerationRequestCard(wrap(f.moderationRequest)) },
    { name: 'completion-notice', card: buildCompletionNoticeCard(wrap(f.completionNotice)) },
    { name: 'completion-notice-ungraded', card: buildCompletionNoticeCard(wrap({ ...f.completionNotice, target: 'team-manager', grade: null, partB: false })) },
    { name: 'headlines', card: buildHeadlinesCard(wrap(f.headlines(6))) },
    { name: 'headlines-200-areas', card: buildHeadlinesCard(wrap(f.headlines(200))) },
    { name: 'headlines-with-report-link', card: buildHeadlinesCard(wrap(f.headlines(6)), { botAppId: f.BOT_APP_ID }) },
    { name: 'error', card: buildErrorCard(wrap(f.errorView)) },
    { name: 'help', card: buildHelpCard(wrap(f.help)) },
  ];
}
