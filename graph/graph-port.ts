/**
 * The narrow view of Microsoft Graph that the rest of Audit Loop uses. Everything returned is already
 * parsed; every failure is a GraphError (see graph-errors.ts) with a code and what to fix.
 */
import type { AutomaticReplies, Cell, Person } from './graph-schemas';

export type { AutomaticReplies, Cell, Person } from './graph-schemas';

/** Where a workbook lives: a drive item (Forms response workbooks sit in a OneDrive or SharePoint drive). */
export interface DriveItemRef {
  readonly driveId: string;
  readonly itemId: string;
}

export interface RowPaging {
  /** Rows per request ($top). */
  readonly pageSize: number;
  /** Index of the last row already read; reading starts at the row after it. */
  readonly startAfter?: number;
}

/** A row as read: either cells, or why it could not be read (the caller keeps it for QA). */
export type WorkbookRow =
  | { readonly ok: true; readonly index: number; readonly cells: readonly Cell[] }
  | { readonly ok: false; readonly index: number | null; readonly problem: string };

export interface MailToSend {
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly importance: 'high';
}

export type InstallOutcome = 'installed' | 'already-installed';

export interface GraphPort {
  getUser(idOrUpn: string): Promise<Person>;
  /** Looks each address up by `mail`; null where nobody has it. Keys are the addresses as given. */
  getUsersByEmail(emails: readonly string[]): Promise<Map<string, Person | null>>;
  /** The user's manager, or null if none is set. */
  getManager(userId: string): Promise<Person | null>;
  getManagers(userIds: readonly string[]): Promise<Map<string, Person | null>>;
  getAutomaticReplies(userId: string): Promise<AutomaticReplies>;
  listWorkbookTableRows(item: DriveItemRef, tableName: string, paging: RowPaging): AsyncGenerator<WorkbookRow>;
  /** Header names, in column order. */
  getWorkbookTableColumns(item: DriveItemRef, tableName: string): Promise<string[]>;
  sendMail(fromUserId: string, mail: MailToSend): Promise<void>;
  installAppForUser(userId: string, teamsAppId: string): Promise<InstallOutcome>;
  /** The installation id of the catalog app in the user's personal scope, or null if not installed. */
  findAppInstallation(userId: string, teamsAppId: string): Promise<string | null>;
  /** The id of the 1:1 chat between the user and the installed app (for proactive messages). */
  getInstalledAppChat(userId: string, installationId: string): Promise<string>;
}
