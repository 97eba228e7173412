import type { AuditKind } from '../../audit/audit-kinds';
import type { ContactAnswer } from '../../audit/audit-response';
import type { Grade } from '../../audit/grades';
import { ensureCycle, insertAllocation, updateAllocation } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { upsertModeration } from '../../store/moderations-repo';
import { insertResponse } from '../../store/responses-repo';

export interface SeedAudit {
  month: string;
  caseRef: string;
  auditor: string;
  kind?: AuditKind;
  status: 'allocated' | 'returned' | 'overseen' | 'exempted';
  dueDate?: string;
  grade?: Grade | null;
  discussionHeld?: boolean;
  contact?: ContactAnswer;
  goodPractice?: string;
  improvement?: string;
  moderatedTo?: Grade | null;
  reauditOf?: number;
}

/** Writes an audit through the repositories the programme uses, so reports read exactly what the bot stores. */
export async function seedAudit(db: Db, programmeId: string, a: SeedAudit): Promise<number> {
  return db.transaction(async (tx) => {
    await ensureCycle(tx, a.month, programmeId, null, 1);
    const id = await insertAllocation(
      tx,
      a.month,
      { caseRef: a.caseRef, auditorId: a.auditor, kind: a.kind ?? 'audit', dueDate: a.dueDate ?? `${a.month}-28`, reauditOf: a.reauditOf ?? null },
      'test',
    );
    if (a.status === 'exempted') await updateAllocation(tx, id, { type: 'exempt', reason: 'worker on long-term leave' }, 'test');
    if (a.status === 'returned' || a.status === 'overseen') {
      await insertResponse(
        tx,
        id,
        {
          grade: a.grade ?? null,
          rationale: 'Rationale',
          discussionHeld: a.discussionHeld ?? false,
          contact: a.contact ?? 'no',
          contactViews: null,
          goodPractice: a.goodPractice ?? '',
          improvement: a.improvement ?? '',
          safeguardingConcern: false,
        },
        { source: 'card', sourceRef: null, submittedBy: a.auditor },
      );
      await updateAllocation(tx, id, { type: 'return' }, a.auditor);
      if (a.status === 'overseen') await updateAllocation(tx, id, { type: 'oversee' }, 'test');
    }
    if (a.moderatedTo !== undefined) {
      await upsertModeration(tx, { allocationId: id, moderatorId: 'qa1', originalGrade: a.grade ?? null, moderatedGrade: a.moderatedTo, note: null }, 'qa1');
    }
    return id;
  });
}

/**
 * February and March 2026 on the Southampton-style profile (smallCouncil people and cases):
 * February: 4 audits, 2 returned, both Inadequate. March: 6 audits (1 exempted, 4 completed, 1 still out), two of
 * them moderated (one downgraded RI → Inadequate, one confirmed), two re-audits of February's Inadequates (one
 * improved, one still Inadequate) and one thematic audit.
 */
export async function seedSpring2026(db: Db, programmeId = 'southampton-qaf-2023'): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  const s = (name: string, a: SeedAudit): Promise<void> => seedAudit(db, programmeId, a).then((id) => void (ids[name] = id));
  await s('f1', { month: '2026-02', caseRef: 'CD490120', auditor: 'tm-1-1', status: 'returned', grade: 'Inadequate', discussionHeld: true, contact: 'yes' });
  await s('f2', { month: '2026-02', caseRef: 'CD490130', auditor: 'tm-1-2', status: 'overseen', grade: 'Inadequate', discussionHeld: false, contact: 'no' });
  await s('f3', { month: '2026-02', caseRef: 'CD491120', auditor: 'tm-0-1', status: 'allocated' });
  await s('f4', { month: '2026-02', caseRef: 'CD491130', auditor: 'tm-0-2', status: 'allocated' });
  await s('m1', {
    month: '2026-03', caseRef: 'CD490100', auditor: 'tm-1-1', status: 'returned', grade: 'Good', discussionHeld: true, contact: 'yes',
    goodPractice: 'Clear chronology, and the voice of the child is strong throughout.', improvement: 'Supervision is not recorded.',
  });
  await s('m2', {
    month: '2026-03', caseRef: 'CD490110', auditor: 'tm-1-2', status: 'overseen', grade: 'Inadequate', discussionHeld: false, contact: 'no',
    improvement: 'No contingency plan; supervision irregular; visits out of timescale.',
  });
  await s('m3', {
    month: '2026-03', caseRef: 'CD491100', auditor: 'tm-0-1', status: 'returned', grade: 'Requires Improvement', discussionHeld: true,
    contact: 'not_appropriate', goodPractice: 'Good direct work with the young person.', improvement: 'Genogram missing.', moderatedTo: 'Inadequate',
  });
  await s('m4', { month: '2026-03', caseRef: 'CD491110', auditor: 'tm-0-2', status: 'allocated', dueDate: '2026-03-27' });
  await s('m5', { month: '2026-03', caseRef: 'CD492100', auditor: 'tm-3-1', status: 'exempted' });
  await s('m6', {
    month: '2026-03', caseRef: 'CD492110', auditor: 'tm-3-2', status: 'returned', grade: 'Outstanding', discussionHeld: true, contact: 'yes',
    goodPractice: 'A SMART plan the family understands.', moderatedTo: 'Outstanding',
  });
  await s('r1', { month: '2026-03', caseRef: 'CD490120', auditor: 'qa1', kind: 're-audit', status: 'returned', grade: 'Requires Improvement', reauditOf: ids['f1'] as number });
  await s('r2', { month: '2026-03', caseRef: 'CD490130', auditor: 'qa1', kind: 're-audit', status: 'returned', grade: 'Inadequate', reauditOf: ids['f2'] as number });
  await s('t1', { month: '2026-03', caseRef: 'CD493100', auditor: 'tm-2-1', kind: 'thematic', status: 'returned', grade: 'Good' });
  return ids;
}
