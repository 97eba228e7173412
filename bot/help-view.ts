import type { Person } from '../audit/people';
import { hasRole } from '../audit/people';
import type { HelpView } from '../cards/view-models';

/** The commands a person can use: everyone's, plus QA's when they are QA. */
export function helpViewFor(person: Pick<Person, 'roles'> | null): HelpView {
  const commands = [
    { command: 'my audits', description: "This month's audits allocated to you, with a button to record each one." },
    { command: 'team', description: "For managers: your direct reports' audits returned, due, overdue and exempted." },
    { command: 'help', description: 'This list.' },
  ];
  if (person === null || hasRole(person, 'qa')) {
    commands.push(
      { command: 'headlines', description: "QA: this month's completion and grades." },
      { command: 'overdue', description: 'QA: every overdue audit.' },
      { command: 'unmatched', description: 'QA: form responses that matched no allocation.' },
      { command: 'report', description: "QA, in this personal chat: the month's Word report and Excel workbook, as files (\"report 2026-11\" for another month)." },
    );
  }
  return { commands };
}
