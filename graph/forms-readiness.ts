/**
 * The start-up check of the Forms download path: one metadata GET of the workbook, answered in words an
 * administrator can act on (which permission to grant, or that the ids are wrong), for the log and /readyz.
 */
import { GraphError } from './graph-errors';
import type { DriveItemRef, GraphPort } from './graph-port';
import { WORKBOOK_READ_PERMISSION } from './workbook-download';

export type FormsAccessProblemCode = 'PERMISSION_MISSING' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'UNAVAILABLE' | 'OTHER';

export type FormsAccess =
  | { readonly ok: true; readonly name: string; readonly eTag: string | null }
  | { readonly ok: false; readonly code: FormsAccessProblemCode; readonly message: string; readonly grant: string | null };

export async function checkFormsWorkbookAccess(graph: Pick<GraphPort, 'getDriveItem'>, item: DriveItemRef): Promise<FormsAccess> {
  const where = `drive ${item.driveId}, item ${item.itemId}`;
  try {
    const meta = await graph.getDriveItem(item);
    return { ok: true, name: meta.name, eTag: meta.eTag };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    switch (error.code) {
      case 'CONSENT_MISSING':
        return {
          ok: false, code: 'PERMISSION_MISSING', grant: WORKBOOK_READ_PERMISSION,
          message: `The Forms workbook (${where}) cannot be read: Graph refused (${error.status ?? ''} ${error.graphCode ?? ''}). Grant the application permission Files.Read.All, or Sites.Selected with read access on the site that holds the workbook, and admin consent.`,
        };
      case 'NOT_FOUND':
        return { ok: false, code: 'NOT_FOUND', grant: null, message: `The Forms workbook (${where}) was not found: FORMS_DRIVE_ID or FORMS_ITEM_ID is wrong, or the file was moved or deleted.` };
      case 'UNAUTHENTICATED':
        return { ok: false, code: 'UNAUTHENTICATED', grant: null, message: error.message };
      case 'UNAVAILABLE':
      case 'THROTTLED':
        return { ok: false, code: 'UNAVAILABLE', grant: null, message: error.message };
      default:
        return { ok: false, code: 'OTHER', grant: null, message: error.message };
    }
  }
}

export interface FormsReadinessDetail {
  /** 'off': no workbook configured; 'checking': the start-up check has not answered yet. */
  readonly status: 'off' | 'checking' | 'ok' | 'problem';
  readonly message: string;
  readonly grant?: string | null;
  readonly checkedAt?: string;
}

/** What the Forms path last learned about its workbook, for /readyz's detail. Informational: the bot still runs. */
export class FormsReadiness {
  private current: FormsReadinessDetail = { status: 'off', message: 'Forms workbook sync is off (FORMS_DRIVE_ID and FORMS_ITEM_ID are not set)' };

  get detail(): FormsReadinessDetail {
    return this.current;
  }

  checking(): void {
    this.current = { status: 'checking', message: 'checking that the Forms workbook can be read' };
  }

  record(access: FormsAccess, at: Date): void {
    this.current = access.ok
      ? { status: 'ok', message: `the Forms workbook "${access.name}" can be read`, checkedAt: at.toISOString() }
      : { status: 'problem', message: access.message, grant: access.grant, checkedAt: at.toISOString() };
  }
}

/** One per process: server/graph-work.ts writes it, /readyz reads it. */
export const formsReadiness = new FormsReadiness();
