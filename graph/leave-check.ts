/**
 * Whether an auditor is on leave on an audit's due date, read from their automatic replies, for the reminder
 * builder. A reminder must still go out when Graph cannot say, so every failure is a warning, never a throw.
 */
import type { IsoDate } from '../audit/working-days';
import { GraphError } from './graph-errors';
import type { GraphPort } from './graph-port';
import { coversDueDate } from './leave';

export interface LeaveCheck {
  readonly onLeave: boolean;
  /** Why the answer is only a default (no Entra id, throttled, consent missing …). */
  readonly warning?: string;
}

export async function leaveOnDueDate(
  graph: Pick<GraphPort, 'getAutomaticReplies'>,
  auditor: { readonly id: string; readonly aadObjectId: string | null },
  dueDate: IsoDate,
): Promise<LeaveCheck> {
  if (auditor.aadObjectId === null) {
    return { onLeave: false, warning: `${auditor.id} has no Entra object id on record, so their leave could not be checked.` };
  }
  try {
    const setting = await graph.getAutomaticReplies(auditor.aadObjectId);
    return { onLeave: coversDueDate(setting, dueDate) };
  } catch (error) {
    if (error instanceof GraphError) return { onLeave: false, warning: `Leave of ${auditor.id} not checked (${error.code}): ${error.message}` };
    const text = error instanceof Error ? error.message : String(error);
    return { onLeave: false, warning: `Leave of ${auditor.id} not checked: ${text}` };
  }
}
