import type { Renderer } from './render-context';
import { reminderFor } from './reminder';

/** A line manager's nudge (escalation card button) reaches the auditor as a reminder of the same audit. */
export const renderNudge: Renderer<'nudge'> = (p, row, ctx) => reminderFor(p.allocationId, row, ctx);
