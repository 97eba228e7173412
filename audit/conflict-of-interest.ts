import type { Case } from './cases';
import type { Person } from './people';

/**
 * 004 §2.1: "audits will not be allocated to internal auditors whom have, or their team have had involvement in the
 * case". We know involvement through the case's team, its allocated worker and its team manager.
 */
export function conflictOfInterest(auditor: Pick<Person, 'id' | 'team'>, c: Case): string | null {
  if (auditor.team === c.team) return `the auditor's team (${auditor.team}) holds the case`;
  if (auditor.id === c.allocatedWorkerId) return 'the auditor is the allocated worker';
  if (auditor.id === c.teamManagerId) return "the auditor is the case's team manager";
  return null;
}
