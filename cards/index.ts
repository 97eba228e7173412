/** Audit Loop's Adaptive Cards: pure builders from view models to card JSON, and the verbs' data parsers. */
export * from './adaptive-card-types';
export * from './view-models';
export * from './verbs';
export { CardError, type CardErrorCode } from './card-error';
export { formatCardDate, formatCardMonth } from './format-date';
export { buildAllocationListCard } from './allocation-list-card';
export { buildReminderCard } from './reminder-card';
export { buildOverdueCard } from './overdue-card';
export { buildEscalationCard } from './escalation-card';
export { buildInadequateAlertCard } from './inadequate-alert-card';
export { buildGradeFormCard } from './grade-form-card';
export { buildConfirmationCard } from './confirmation-card';
export { buildPartBRequestCard } from './part-b-request-card';
export { buildModerationRequestCard } from './moderation-request-card';
export { buildCompletionNoticeCard, type CompletionNoticeView } from './completion-notice-card';
export { buildHeadlinesCard } from './headlines-card';
export { buildErrorCard } from './error-card';
export { buildHelpCard } from './help-card';
