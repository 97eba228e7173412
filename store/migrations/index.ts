import * as core from './001-core';
import * as outbox from './002-outbox';
import * as conversations from './003-conversations';
import * as formsSync from './007-forms-sync';
import * as formsDownload from './008-forms-download';
import * as openAllocationsIndex from './009-open-allocations-index';
import * as returnLoop from './010-return-loop';
import * as allocationsByMonth from './011-allocations-by-month';
import * as partBAndInadequatePath from './012-part-b-and-inadequate-path';
import * as themeAnswersAndActivities from './013-theme-answers-and-activities';
import * as responsesByMonth from './014-responses-by-month';
import * as responsesMonthGiven from './015-responses-month-given';

/** Migrations in order. Append only: a migration that has run is never edited. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'core', sql: core.sql },
  { version: 2, name: 'outbox', sql: outbox.sql },
  { version: 3, name: 'conversations', sql: conversations.sql },
  { version: 7, name: 'forms-sync', sql: formsSync.sql },
  { version: 8, name: 'forms-download', sql: formsDownload.sql },
  { version: 9, name: 'open-allocations-index', sql: openAllocationsIndex.sql },
  { version: 10, name: 'return-loop', sql: returnLoop.sql },
  { version: 11, name: 'allocations-by-month', sql: allocationsByMonth.sql },
  { version: 12, name: 'part-b-and-inadequate-path', sql: partBAndInadequatePath.sql },
  { version: 13, name: 'theme-answers-and-activities', sql: themeAnswersAndActivities.sql },
  { version: 14, name: 'responses-by-month', sql: responsesByMonth.sql },
  { version: 15, name: 'responses-month-given', sql: responsesMonthGiven.sql },
];
