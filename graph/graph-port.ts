/**
 * The narrow view of Microsoft Graph that the rest of Audit Loop uses. Everything returned is already
 * parsed; every failure is a GraphError (see graph-errors.ts) with a code and what to fix.
 */
import type { AutomaticReplies, DriveItemMeta, Person } from './graph-schemas';
import type { DownloadOutcome } from './workbook-download';

export type { AutomaticReplies, DriveItemMeta, Person } from './graph-schemas';
export type { DownloadOutcome } from './workbook-download';

/** Where a workbook lives: a drive item (Forms response workbooks sit in a OneDrive or SharePoint drive). */
export interface DriveItemRef {
  readonly driveId: string;
  readonly itemId: string;
}

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
  /**
   * The item's bytes, streamed from the pre-authenticated download URL (the token never goes there), or 'unchanged'
   * when its eTag still equals `ifNoneMatch` (a 304: nothing downloaded).
   */
  downloadDriveItem(item: DriveItemRef, ifNoneMatch: string | null): Promise<DownloadOutcome>;
  /** id, name and eTag of the item: one metadata GET. */
  getDriveItem(item: DriveItemRef): Promise<DriveItemMeta>;
  sendMail(fromUserId: string, mail: MailToSend): Promise<void>;
  installAppForUser(userId: string, teamsAppId: string): Promise<InstallOutcome>;
  /** The installation id of the catalog app in the user's personal scope, or null if not installed. */
  findAppInstallation(userId: string, teamsAppId: string): Promise<string | null>;
  /** The id of the 1:1 chat between the user and the installed app (for proactive messages). */
  getInstalledAppChat(userId: string, installationId: string): Promise<string>;
}
