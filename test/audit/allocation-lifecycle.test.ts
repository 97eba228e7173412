import {
  ALLOCATION_STATUSES,
  AllocationSchema,
  applyAllocationEvent,
  displayStatus,
  effectiveDueDate,
  isOverdue,
  ladderKey,
  workingDaysLate,
  type Allocation,
  type AllocationEvent,
  type AllocationStatus,
} from '../../audit/allocation-lifecycle';
import { AuditError } from '../../audit/errors';

// Christmas 2026: Fri 25 Dec is Christmas Day, Sat 26 Dec Boxing Day, Mon 28 Dec its substitute day.
function allocation(over: Partial<Allocation> = {}): Allocation {
  return AllocationSchema.parse({
    id: 7,
    month: '2026-12',
    caseRef: 'C-1001',
    auditorId: 'auditor-1',
    kind: 'audit',
    dueDate: '2026-12-24',
    extendedTo: null,
    status: 'allocated',
    escalationLevel: 0,
    exemptionReason: null,
    reauditOf: null,
    ...over,
  });
}

function refusal(a: Allocation, event: AllocationEvent): AuditError {
  try {
    applyAllocationEvent(a, event);
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error(`expected ${event.type} to be refused from ${a.status}`);
}

describe('the due date', () => {
  test('is the allocated due date when no extension was agreed', () => {
    expect(effectiveDueDate(allocation())).toBe('2026-12-24');
  });

  test('is the extended date once an extension is agreed', () => {
    expect(effectiveDueDate(allocation({ extendedTo: '2027-01-08' }))).toBe('2027-01-08');
  });
});

describe('overdue is what an allocated audit is once its due date has passed', () => {
  test('an audit is not overdue on its due date itself', () => {
    expect(isOverdue(allocation(), '2026-12-24')).toBe(false);
    expect(displayStatus(allocation(), '2026-12-24')).toBe('allocated');
  });

  test('an allocated audit is overdue the day after its due date, even when that day is Christmas Day', () => {
    expect(isOverdue(allocation(), '2026-12-25')).toBe(true);
    expect(displayStatus(allocation(), '2026-12-25')).toBe('overdue');
  });

  test('an extended audit is judged against its new date, not the original one', () => {
    const extended = allocation({ extendedTo: '2027-01-08' });
    expect(isOverdue(extended, '2027-01-04')).toBe(false);
    expect(displayStatus(extended, '2027-01-04')).toBe('allocated');
    expect(isOverdue(extended, '2027-01-09')).toBe(true);
  });

  test.each<AllocationStatus>(['returned', 'overseen', 'exempted'])('an audit %s is no longer overdue and shows its own status', (status) => {
    const a = allocation({ status });
    expect(isOverdue(a, '2027-02-01')).toBe(false);
    expect(displayStatus(a, '2027-02-01')).toBe(status);
    expect(workingDaysLate(a, '2027-02-01')).toBe(0);
  });

  test('an audit returned is no longer overdue', () => {
    const late = allocation();
    expect(displayStatus(late, '2026-12-31')).toBe('overdue');
    const returned = applyAllocationEvent(late, { type: 'return' });
    expect(displayStatus(returned, '2026-12-31')).toBe('returned');
  });
});

describe('working days late, the measure escalation cards show', () => {
  test('is 0 before and on the due date', () => {
    expect(workingDaysLate(allocation(), '2026-12-20')).toBe(0);
    expect(workingDaysLate(allocation(), '2026-12-24')).toBe(0);
  });

  test('is still 0 over Christmas: 25, 26 and 28 Dec 2026 are bank holidays and 27 Dec a Sunday', () => {
    expect(isOverdue(allocation(), '2026-12-28')).toBe(true);
    expect(workingDaysLate(allocation(), '2026-12-28')).toBe(0);
  });

  test('is 1 on Tuesday 29 Dec 2026, the first working day after a Christmas Eve due date', () => {
    expect(workingDaysLate(allocation(), '2026-12-29')).toBe(1);
  });

  test('counts 29, 30, 31 Dec and skips New Year’s Day and the weekend, so 4 on Monday 4 Jan 2027', () => {
    expect(workingDaysLate(allocation(), '2026-12-31')).toBe(3);
    expect(workingDaysLate(allocation(), '2027-01-04')).toBe(4);
  });

  test('counts from the extended date when there is one', () => {
    const extended = allocation({ extendedTo: '2026-12-29' });
    expect(workingDaysLate(extended, '2026-12-31')).toBe(2);
  });
});

describe('the life cycle: allocated → returned → overseen, or exempted (004 §2.18)', () => {
  test('the statuses are allocated, returned, overseen and exempted; overdue is not stored', () => {
    expect([...ALLOCATION_STATUSES]).toEqual(['allocated', 'returned', 'overseen', 'exempted']);
    expect(AllocationSchema.safeParse({ ...allocation(), status: 'overdue' }).success).toBe(false);
  });

  test('an allocated audit can be returned, and nothing else about it changes', () => {
    const a = allocation({ escalationLevel: 1, extendedTo: '2026-12-31' });
    expect(applyAllocationEvent(a, { type: 'return' })).toEqual({ ...a, status: 'returned' });
  });

  test('a returned audit can be overseen by the service lead (003 "Moderation and Management oversight")', () => {
    const a = allocation({ status: 'returned' });
    expect(applyAllocationEvent(a, { type: 'oversee' })).toEqual({ ...a, status: 'overseen' });
  });

  test('applying an event does not change the allocation it was given', () => {
    const a = allocation();
    const before = { ...a };
    applyAllocationEvent(a, { type: 'return' });
    expect(a).toEqual(before);
  });

  test.each<[AllocationStatus, AllocationEvent['type'], string]>([
    ['returned', 'return', 'only an allocated audit can be returned'],
    ['overseen', 'return', 'only an allocated audit can be returned'],
    ['exempted', 'return', 'only an allocated audit can be returned'],
    ['allocated', 'oversee', 'only a returned audit can be overseen'],
    ['overseen', 'oversee', 'only a returned audit can be overseen'],
    ['exempted', 'oversee', 'only a returned audit can be overseen'],
    ['returned', 'exempt', 'only an audit not yet returned can be exempted'],
    ['overseen', 'exempt', 'only an audit not yet returned can be exempted'],
    ['exempted', 'exempt', 'only an audit not yet returned can be exempted'],
    ['returned', 'extend', 'only an audit not yet returned can be extended'],
    ['overseen', 'extend', 'only an audit not yet returned can be extended'],
    ['exempted', 'extend', 'only an audit not yet returned can be extended'],
    ['returned', 'escalate', 'only an outstanding audit is escalated'],
    ['overseen', 'escalate', 'only an outstanding audit is escalated'],
    ['exempted', 'escalate', 'only an outstanding audit is escalated'],
  ])('an audit %s cannot be sent "%s": INVALID_TRANSITION, "%s"', (status, type, why) => {
    const events: Record<AllocationEvent['type'], AllocationEvent> = {
      return: { type: 'return' },
      oversee: { type: 'oversee' },
      exempt: { type: 'exempt', reason: 'Long-term sick leave' },
      extend: { type: 'extend', to: '2027-01-15' },
      escalate: { type: 'escalate', level: 1 },
    };
    const e = refusal(allocation({ status }), events[type]);
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toBe(`Allocation 7 (C-1001) is ${status}: ${why}`);
  });
});

describe('exemptions, agreed by a line manager and QA (004 §2.18)', () => {
  test('an allocated audit is exempted with the reason recorded, trimmed', () => {
    const next = applyAllocationEvent(allocation(), { type: 'exempt', reason: '  Auditor on long-term sick leave  ' });
    expect(next.status).toBe('exempted');
    expect(next.exemptionReason).toBe('Auditor on long-term sick leave');
  });

  test('an overdue audit can still be exempted: it is not yet returned', () => {
    const next = applyAllocationEvent(allocation({ escalationLevel: 2 }), { type: 'exempt', reason: 'Case transferred out' });
    expect(next.status).toBe('exempted');
    expect(next.escalationLevel).toBe(2);
  });

  test.each(['', '   '])('an exemption needs a reason (004 §2.18): %j is refused', (reason) => {
    const e = refusal(allocation(), { type: 'exempt', reason });
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toContain('an exemption needs a reason (004 §2.18)');
  });
});

describe('extensions', () => {
  test('an allocated audit can be given a later due date, and stays allocated', () => {
    const next = applyAllocationEvent(allocation(), { type: 'extend', to: '2027-01-08' });
    expect(next).toEqual({ ...allocation(), extendedTo: '2027-01-08' });
    expect(effectiveDueDate(next)).toBe('2027-01-08');
  });

  test('an extension can be extended again, past the earlier extension', () => {
    const once = applyAllocationEvent(allocation(), { type: 'extend', to: '2027-01-08' });
    expect(applyAllocationEvent(once, { type: 'extend', to: '2027-01-15' }).extendedTo).toBe('2027-01-15');
  });

  test.each(['2026-12-24', '2026-12-23'])('the new due date must be after the current one: %s is refused', (to) => {
    const e = refusal(allocation(), { type: 'extend', to });
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toContain('the new due date must be after 2026-12-24');
  });

  test('a second extension must be after the first extension, not just after the original due date', () => {
    const once = allocation({ extendedTo: '2027-01-08' });
    const e = refusal(once, { type: 'extend', to: '2027-01-04' });
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toContain('the new due date must be after 2027-01-08');
  });
});

describe('escalation level', () => {
  test('an outstanding audit climbs to the rung it is escalated to (004 §2.17)', () => {
    const rung1 = applyAllocationEvent(allocation(), { type: 'escalate', level: 1 });
    expect(rung1.escalationLevel).toBe(1);
    expect(rung1.status).toBe('allocated');
    expect(applyAllocationEvent(rung1, { type: 'escalate', level: 2 }).escalationLevel).toBe(2);
  });

  test('escalating to the rung already reached, or a lower one, changes nothing', () => {
    const a = allocation({ escalationLevel: 2 });
    expect(applyAllocationEvent(a, { type: 'escalate', level: 2 })).toBe(a);
    expect(applyAllocationEvent(a, { type: 'escalate', level: 1 })).toBe(a);
  });
});

describe('an extension re-arms the reminder and escalation ladder (004 §2.17)', () => {
  test('the ladder runs under the id alone while the original date stands, so keys done before stay done', () => {
    expect(ladderKey(allocation())).toBe('7');
  });

  test('once extended, the ladder runs under the new date, and again under each later extension', () => {
    const once = applyAllocationEvent(allocation(), { type: 'extend', to: '2027-01-08' });
    expect(ladderKey(once)).toBe('7:ext:2027-01-08');
    expect(ladderKey(applyAllocationEvent(once, { type: 'extend', to: '2027-01-15' }))).toBe('7:ext:2027-01-15');
  });

  test('an audit already escalated is still allocated, so its line manager can extend it, and it keeps its rung', () => {
    const escalated = applyAllocationEvent(allocation(), { type: 'escalate', level: 1 });
    const extended = applyAllocationEvent(escalated, { type: 'extend', to: '2027-01-08' });
    expect(extended).toMatchObject({ status: 'allocated', extendedTo: '2027-01-08', escalationLevel: 1 });
  });

  test('an extended audit late again can be escalated again: at the same rung nothing changes, at the next it climbs', () => {
    const extended = allocation({ escalationLevel: 1, extendedTo: '2027-01-08' });
    expect(isOverdue(extended, '2027-01-11')).toBe(true);
    expect(applyAllocationEvent(extended, { type: 'escalate', level: 1 })).toBe(extended);
    expect(applyAllocationEvent(extended, { type: 'escalate', level: 2 }).escalationLevel).toBe(2);
  });
});
