import type { Allocation } from '../../audit/allocation-lifecycle';
import type { Case } from '../../audit/cases';
import type { Person, Role } from '../../audit/people';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';
import { responseFollowUps, type PlannedMessage } from '../../audit/response-follow-ups';

const hillingdon = loadProfile('hillingdon-managers-monthly');
const southampton = loadProfile('southampton-qaf-2023');
/** The profiles as if QA did not moderate first, so the urgent notices go out on return (004 §2.11). */
const notModeratedFirst = (p: ProgrammeProfile): ProgrammeProfile => ({ ...p, inadequate: { ...p.inadequate, moderatedByQa: false } });
const hillingdonAtOnce = notModeratedFirst(hillingdon);
const southamptonAtOnce = notModeratedFirst(southampton);

function person(id: string, roles: Role[], serviceArea = 'North'): Person {
  return { id, name: id, email: `${id}@council.example`, team: 'North CIN 1', serviceArea, managerId: null, roles, aadObjectId: null };
}

const people: Person[] = [
  person('worker', ['social-worker']),
  person('tm', ['team-manager', 'auditor']),
  person('ad-south', ['assistant-director'], 'South'),
  person('ad-north', ['assistant-director']),
  person('qa-1', ['qa']),
  person('qa-2', ['qa', 'auditor']),
  person('auditor', ['auditor']),
  person('sl-north', ['service-lead']),
  person('hos-north', ['head-of-service']),
];

const allocation: Allocation = {
  id: 42,
  month: '2026-06',
  caseRef: 'CD490004',
  auditorId: 'auditor',
  kind: 'audit',
  dueDate: '2026-06-26',
  extendedTo: null,
  status: 'returned',
  escalationLevel: 0,
  exemptionReason: null,
  reauditOf: null,
};

const theCase: Case = { caseRef: 'CD490004', serviceArea: 'North', team: 'North CIN 1', allocatedWorkerId: 'worker', teamManagerId: 'tm', cohort: 'CIN', open: true };

// Monday 1 June 2026; no bank holidays in June.
const returnedOn = '2026-06-01';

const keys = (messages: PlannedMessage[]): string[] => messages.map((m) => m.key);
const ofKind = (messages: PlannedMessage[], kind: PlannedMessage['kind']): PlannedMessage[] => messages.filter((m) => m.kind === kind);

describe('what a returned audit sets in motion', () => {
  test('a Good audit without a safeguarding concern says it is done and asks the team manager for Part B, by the next supervision (004 §7.1)', () => {
    const result = responseFollowUps(hillingdon, allocation, theCase, { grade: 'Good', safeguardingConcern: false }, [], returnedOn);
    expect(result.partB).toEqual({ teamManagerId: 'tm', dueDate: '2026-06-29' });
    expect(result.messages.map((m) => m.kind)).toEqual(['completion-notice', 'completion-notice', 'part-b-request']);
    expect(ofKind(result.messages, 'part-b-request')[0]).toMatchObject({
      key: 'partb-request:42',
      channel: 'teams',
      kind: 'part-b-request',
      recipientId: 'tm',
      payload: { allocationId: 42, caseRef: 'CD490004', month: '2026-06', serviceArea: 'North', team: 'North CIN 1', grade: 'Good', dueDate: '2026-06-29' },
    });
  });

  test('where QA does not moderate first, an Inadequate audit tells the allocated worker, team manager and the area\'s AD at once, on Teams and by e-mail (004 §2.11)', () => {
    const { messages } = responseFollowUps(hillingdonAtOnce, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    const alerts = ofKind(messages, 'inadequate-alert');
    expect(alerts.map((m) => [m.recipientId, m.channel, (m.payload as { target: string }).target])).toEqual([
      ['worker', 'teams', 'allocated-worker'],
      ['tm', 'teams', 'team-manager'],
      ['ad-north', 'teams', 'assistant-director'],
    ]);
    expect(ofKind(messages, 'inadequate-email').map((m) => [m.recipientId, m.channel])).toEqual([
      ['worker', 'email'],
      ['tm', 'email'],
      ['ad-north', 'email'],
    ]);
    expect(keys(messages)).not.toContain('urgent:42:ad-south');
  });

  test('the urgent notice carries the 3-working-day update, the 7-day follow-up and the re-audit a month later (003)', () => {
    const { messages } = responseFollowUps(hillingdonAtOnce, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    const alert = ofKind(messages, 'inadequate-alert')[0];
    expect(alert?.payload).toMatchObject({
      allocationId: 42,
      auditorId: 'auditor',
      grade: 'Inadequate',
      safeguardingConcern: false,
      updateDue: '2026-06-04',
      followUpDue: '2026-06-08',
      reauditMonth: '2026-07',
      moderate: false,
    });
  });

  test('an Inadequate audit asks every QA officer to moderate it (003: "it will be moderated")', () => {
    const { messages } = responseFollowUps(hillingdon, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    const requests = ofKind(messages, 'moderation-request');
    expect(requests.map((m) => [m.key, m.recipientId])).toEqual([
      ['moderation-request:42:qa-1', 'qa-1'],
      ['moderation-request:42:qa-2', 'qa-2'],
    ]);
    expect(requests[0]?.payload).toMatchObject({ auditorId: 'auditor', grade: 'Inadequate' });
  });

  test('a QA officer who audited the case is not asked to moderate their own Inadequate grade', () => {
    const byQa = { ...allocation, auditorId: 'qa-2' };
    const { messages } = responseFollowUps(hillingdon, byQa, theCase, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    expect(ofKind(messages, 'moderation-request').map((m) => m.recipientId)).toEqual(['qa-1']);
  });

  test('an Inadequate audit with immediate safeguarding actions makes Part B due within 5 working days (004 §7.1)', () => {
    const result = responseFollowUps(hillingdon, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: true }, people, returnedOn);
    expect(result.partB).toEqual({ teamManagerId: 'tm', dueDate: '2026-06-08' });
    expect(ofKind(result.messages, 'part-b-request')).toEqual([expect.objectContaining({ key: 'partb-request:42', recipientId: 'tm' })]);
  });

  test('a safeguarding concern on a Good audit takes the urgent path, but only an Inadequate grade asks QA to moderate', () => {
    const { messages, partB } = responseFollowUps(hillingdon, allocation, theCase, { grade: 'Good', safeguardingConcern: true }, people, returnedOn);
    expect(ofKind(messages, 'inadequate-alert').map((m) => m.recipientId)).toEqual(['worker', 'tm', 'ad-north']);
    expect(ofKind(messages, 'inadequate-alert')[0]?.payload).toMatchObject({ grade: 'Good', safeguardingConcern: true });
    expect(ofKind(messages, 'moderation-request')).toEqual([]);
    // 004 §7.1 asks for both (Inadequate and immediate safeguarding actions) before Part B is due in 5 working days.
    expect(partB?.dueDate).toBe('2026-06-29');
  });

  test('the Southampton profile also tells the service lead and head of service in the case\'s area (003)', () => {
    const { messages } = responseFollowUps(southamptonAtOnce, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    expect(ofKind(messages, 'inadequate-alert').map((m) => m.recipientId)).toEqual(['worker', 'tm', 'ad-north', 'sl-north', 'hos-north']);
    expect(ofKind(messages, 'qa-notice')).toEqual([]);
  });

  test('a role nobody holds is reported to QA rather than the urgent notice silently going short', () => {
    const noHeadOfService = people.filter((p) => p.id !== 'hos-north');
    const { messages } = responseFollowUps(southamptonAtOnce, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: false }, noHeadOfService, returnedOn);
    const notices = ofKind(messages, 'qa-notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      key: 'urgent-missing:42:head-of-service',
      channel: 'qa-notice',
      recipientId: null,
      payload: { reason: 'no head-of-service on record for this case: the urgent notice could not go to them' },
    });
  });

  test('a case with no team manager on record: QA is told the urgent notice could not reach one, and no Part B request is sent', () => {
    const noManager: Case = { ...theCase, teamManagerId: null };
    const result = responseFollowUps(hillingdonAtOnce, allocation, noManager, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    expect(keys(ofKind(result.messages, 'qa-notice'))).toEqual(['urgent-missing:42:team-manager']);
    expect(ofKind(result.messages, 'inadequate-alert').map((m) => m.recipientId)).toEqual(['worker', 'ad-north']);
    expect(result.partB).toEqual({ teamManagerId: null, dueDate: '2026-06-29' });
    expect(ofKind(result.messages, 'part-b-request')).toEqual([]);
  });

  test('one person holding two of the roles is told once', () => {
    const workerIsManager: Case = { ...theCase, allocatedWorkerId: 'tm' };
    const { messages } = responseFollowUps(hillingdonAtOnce, allocation, workerIsManager, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    expect(ofKind(messages, 'inadequate-alert').map((m) => m.recipientId)).toEqual(['tm', 'ad-north']);
  });

  test('a profile that does not e-mail sends the urgent notice on Teams only', () => {
    const teamsOnly: ProgrammeProfile = { ...hillingdonAtOnce, inadequate: { ...hillingdonAtOnce.inadequate, alsoByEmail: false } };
    const { messages } = responseFollowUps(teamsOnly, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    expect(ofKind(messages, 'inadequate-email')).toEqual([]);
    expect(ofKind(messages, 'inadequate-alert')).toHaveLength(3);
  });

  test('a profile where QA does not moderate Inadequate audits sends no moderation request', () => {
    const unmoderated: ProgrammeProfile = { ...hillingdon, inadequate: { ...hillingdon.inadequate, moderatedByQa: false } };
    const { messages } = responseFollowUps(unmoderated, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    expect(ofKind(messages, 'moderation-request')).toEqual([]);
    expect(ofKind(messages, 'inadequate-alert')[0]?.payload).toMatchObject({ moderate: false });
  });

  test('a programme without Part B asks for none', () => {
    const noPartB: ProgrammeProfile = { ...hillingdon, partB: null };
    const result = responseFollowUps(noPartB, allocation, theCase, { grade: 'Requires Improvement', safeguardingConcern: false }, [], returnedOn);
    expect(result.partB).toBeNull();
    expect(ofKind(result.messages, 'part-b-request')).toEqual([]);
    expect(result.messages.map((m) => m.kind)).toEqual(['completion-notice', 'completion-notice']);
  });

  test('every message has its own key, so none is queued twice', () => {
    const { messages } = responseFollowUps(southampton, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: true }, people, returnedOn);
    expect(messages.length).toBeGreaterThan(10);
    expect(new Set(keys(messages)).size).toBe(messages.length);
  });
});

describe('the Inadequate path in the profile\'s order (003: "Upon the grading being further agreed as inadequate, the case will be escalated")', () => {
  const inadequate = { grade: 'Inadequate', safeguardingConcern: false } as const;

  test('where QA moderates first, an Inadequate grade goes to QA and the urgent notices wait for its agreement', () => {
    const result = responseFollowUps(southampton, allocation, theCase, inadequate, people, returnedOn);
    expect(ofKind(result.messages, 'inadequate-alert')).toEqual([]);
    expect(ofKind(result.messages, 'inadequate-email')).toEqual([]);
    expect(ofKind(result.messages, 'moderation-request').map((m) => m.recipientId)).toEqual(['qa-1', 'qa-2']);
    expect(result.inadequatePath).toEqual({ status: 'awaiting-moderation', startedOn: null });
  });

  test('a safeguarding concern is told at once whatever the order: the child\'s safety does not wait for moderation', () => {
    const result = responseFollowUps(southampton, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: true }, people, returnedOn);
    expect(ofKind(result.messages, 'inadequate-alert').map((m) => m.recipientId)).toEqual(['worker', 'tm', 'ad-north', 'sl-north', 'hos-north']);
    expect(ofKind(result.messages, 'moderation-request')).toHaveLength(2);
    expect(result.inadequatePath).toEqual({ status: 'awaiting-moderation', startedOn: null });
  });

  test('where QA does not moderate first, the path opens on return and the update is counted from that day', () => {
    const result = responseFollowUps(southamptonAtOnce, allocation, theCase, inadequate, people, returnedOn);
    expect(result.inadequatePath).toEqual({ status: 'open', startedOn: returnedOn });
    expect(ofKind(result.messages, 'inadequate-alert')).toHaveLength(5);
  });

  test('with nobody but the auditor able to moderate, the notices go at once rather than wait for a moderation that cannot come', () => {
    const byOnlyQa = { ...allocation, auditorId: 'qa-1' };
    const onlyOneQa = people.filter((p) => p.id !== 'qa-2');
    const result = responseFollowUps(southampton, byOnlyQa, theCase, inadequate, onlyOneQa, returnedOn);
    expect(result.inadequatePath).toEqual({ status: 'open', startedOn: returnedOn });
    expect(ofKind(result.messages, 'inadequate-alert').length).toBeGreaterThan(0);
  });

  test('only case audits and re-audits start the path: an Inadequate thematic audit or case reflection is a finding, with no notice and no moderation request', () => {
    for (const kind of ['thematic', 'case-reflection'] as const) {
      const result = responseFollowUps(southamptonAtOnce, { ...allocation, kind }, theCase, inadequate, people, returnedOn);
      expect(result.inadequatePath).toBeNull();
      expect(result.messages.filter((m) => ['inadequate-alert', 'inadequate-email', 'moderation-request'].includes(m.kind))).toEqual([]);
    }
    expect(responseFollowUps(southamptonAtOnce, { ...allocation, kind: 're-audit' }, theCase, inadequate, people, returnedOn).inadequatePath).toEqual({ status: 'open', startedOn: returnedOn });
  });

  test('a safeguarding concern on a thematic audit is still told at once, though it starts no Inadequate path', () => {
    const result = responseFollowUps(southampton, { ...allocation, kind: 'thematic' }, theCase, { grade: 'Inadequate', safeguardingConcern: true }, people, returnedOn);
    expect(ofKind(result.messages, 'inadequate-alert').map((m) => m.recipientId)).toEqual(['worker', 'tm', 'ad-north', 'sl-north', 'hos-north']);
    expect(ofKind(result.messages, 'moderation-request')).toEqual([]);
    expect(result.inadequatePath).toBeNull();
  });

  test('a safeguarding concern on an audit not graded Inadequate puts nothing on the Inadequate path', () => {
    expect(responseFollowUps(southampton, allocation, theCase, { grade: 'Good', safeguardingConcern: true }, people, returnedOn).inadequatePath).toBeNull();
  });
});

describe('Part B for a closed case (004 §7.2: "sent to the previous team manager for review and completion of Part B")', () => {
  const good = { grade: 'Good', safeguardingConcern: false } as const;

  test('a closed case\'s Part B goes to the team manager on record, saying the case has closed', () => {
    const { messages } = responseFollowUps(hillingdon, allocation, { ...theCase, open: false }, good, [], returnedOn);
    expect(ofKind(messages, 'part-b-request')).toEqual([expect.objectContaining({ recipientId: 'tm', payload: expect.objectContaining({ caseClosed: true }) })]);
  });

  test('an open case\'s Part B request does not say it has closed', () => {
    const { messages } = responseFollowUps(hillingdon, allocation, theCase, good, [], returnedOn);
    expect(ofKind(messages, 'part-b-request')[0]?.payload).not.toHaveProperty('caseClosed');
  });

  test('a closed case with no previous team manager on record tells QA rather than skipping Part B silently', () => {
    const { messages } = responseFollowUps(hillingdon, allocation, { ...theCase, open: false, teamManagerId: null }, good, [], returnedOn);
    expect(ofKind(messages, 'part-b-request')).toEqual([]);
    expect(ofKind(messages, 'qa-notice')).toEqual([expect.objectContaining({
      key: 'partb-no-manager:42', channel: 'qa-notice', payload: expect.objectContaining({ reason: expect.stringContaining('CD490004 has closed and no previous team manager is on record') }),
    })]);
  });
});

describe('a returned audit tells the allocated worker and team manager it is done (003 Audit Process Flow Chart)', () => {
  const good = { grade: 'Good', safeguardingConcern: false } as const;
  const notices = (profile: ProgrammeProfile, c: Case = theCase, a: Allocation = allocation) =>
    ofKind(responseFollowUps(profile, a, c, good, [], returnedOn).messages, 'completion-notice');

  test('both are told, once each, with the case reference, grade and month and never a name', () => {
    expect(notices(hillingdon)).toEqual([
      {
        key: 'completion:42:worker', channel: 'teams', kind: 'completion-notice', recipientId: 'worker',
        payload: { allocationId: 42, caseRef: 'CD490004', month: '2026-06', serviceArea: 'North', team: 'North CIN 1', grade: 'Good', auditorId: 'auditor', target: 'allocated-worker' },
      },
      {
        key: 'completion:42:tm', channel: 'teams', kind: 'completion-notice', recipientId: 'tm',
        payload: { allocationId: 42, caseRef: 'CD490004', month: '2026-06', serviceArea: 'North', team: 'North CIN 1', grade: 'Good', auditorId: 'auditor', target: 'team-manager' },
      },
    ]);
  });

  test('the Inadequate path tells them too, beside the urgent notice', () => {
    const { messages } = responseFollowUps(hillingdon, allocation, theCase, { grade: 'Inadequate', safeguardingConcern: false }, people, returnedOn);
    expect(keys(ofKind(messages, 'completion-notice'))).toEqual(['completion:42:worker', 'completion:42:tm']);
  });

  test('the profile says which of them are told', () => {
    const workerOnly: ProgrammeProfile = { ...hillingdon, completionNotices: { allocatedWorker: true, teamManager: false } };
    const managerOnly: ProgrammeProfile = { ...hillingdon, completionNotices: { allocatedWorker: false, teamManager: true } };
    const neither: ProgrammeProfile = { ...hillingdon, completionNotices: { allocatedWorker: false, teamManager: false } };
    expect(notices(workerOnly).map((m) => m.recipientId)).toEqual(['worker']);
    expect(notices(managerOnly).map((m) => m.recipientId)).toEqual(['tm']);
    expect(notices(neither)).toEqual([]);
  });

  test('someone not on record is skipped rather than failing the return', () => {
    expect(notices(hillingdon, { ...theCase, allocatedWorkerId: null }).map((m) => m.recipientId)).toEqual(['tm']);
    expect(notices(hillingdon, { ...theCase, allocatedWorkerId: null, teamManagerId: null })).toEqual([]);
  });

  test('an auditor who is the allocated worker is not told of their own audit', () => {
    expect(notices(hillingdon, theCase, { ...allocation, auditorId: 'worker' }).map((m) => m.recipientId)).toEqual(['tm']);
  });

  test('one person who is both worker and team manager is told once', () => {
    expect(notices(hillingdon, { ...theCase, allocatedWorkerId: 'tm' }).map((m) => [m.key, (m.payload as { target: string }).target])).toEqual([
      ['completion:42:tm', 'allocated-worker'],
    ]);
  });
});
