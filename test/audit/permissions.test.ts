import {
  mayAgreeExemptionAsPsw, mayCompletePartB, mayDecideExemptionAsLineManager, mayDisagree, mayExempt, mayExtend, mayGrade,
  mayMediate, mayModerate, mayNudge, mayOversee, mayReallocate, mayRecordInadequateUpdate, mayRecordReview, mayRequestExemption,
  type Actor, type AllocationFacts, type CasePeopleFacts, type PartBFacts, type Permission, type RefusalCode,
} from '../../audit/permissions';

/**
 * One CRS audit: `aud` is allocated it, `lm` manages `aud` and `hos` manages `lm` (the next tier); the case is `sw`'s,
 * in `tm`'s team, and `tm` owes its Part B; a disagreement about it is mediated by the AD `ad`.
 */
const allocation: AllocationFacts = { auditorId: 'aud', auditorManagerId: 'lm', nextTierManagerId: 'hos', serviceArea: 'CRS' };
const partB: PartBFacts = { teamManagerId: 'tm', assistantDirectorId: 'ad' };
const casePeople: CasePeopleFacts = { allocatedWorkerId: 'sw', teamManagerId: 'tm' };

const people = {
  'the allocated auditor': { id: 'aud', roles: ['auditor'], serviceArea: 'CRS' },
  'another auditor': { id: 'aud-2', roles: ['auditor'], serviceArea: 'CRS' },
  "the auditor's line manager": { id: 'lm', roles: ['team-manager', 'auditor'], serviceArea: 'CRS' },
  'another manager': { id: 'lm-2', roles: ['team-manager', 'auditor'], serviceArea: 'CRS' },
  "the case's team manager": { id: 'tm', roles: ['team-manager'], serviceArea: 'CRS' },
  "the case's allocated worker": { id: 'sw', roles: ['social-worker'], serviceArea: 'CRS' },
  'the next-tier manager': { id: 'hos', roles: ['head-of-service'], serviceArea: 'CRS' },
  'QA': { id: 'qa', roles: ['qa', 'auditor'], serviceArea: 'QA' },
  'the Assistant Director': { id: 'ad', roles: ['assistant-director'], serviceArea: 'CRS' },
  'the service lead of the area': { id: 'sl', roles: ['service-lead'], serviceArea: 'CRS' },
  'a person with no role': { id: 'nobody', roles: [], serviceArea: 'CRS' },
} satisfies Record<string, Actor>;
type Who = keyof typeof people;

const actions = {
  grade: (a: Actor) => mayGrade(a, allocation),
  extend: (a: Actor) => mayExtend(a, allocation),
  exempt: (a: Actor) => mayExempt(a, allocation),
  nudge: (a: Actor) => mayNudge(a, allocation),
  moderate: (a: Actor) => mayModerate(a),
  'moderate on 003\'s panel': (a: Actor) => mayModerate(a, 'panel'),
  'complete Part B': (a: Actor) => mayCompletePartB(a, partB),
  'record an Inadequate update': (a: Actor) => mayRecordInadequateUpdate(a, partB),
  oversee: (a: Actor) => mayOversee(a, allocation),
  'ask for an exemption': (a: Actor) => mayRequestExemption(a, allocation),
  'decide an exemption as line manager': (a: Actor) => mayDecideExemptionAsLineManager(a, allocation),
  'agree an exemption as PSW': (a: Actor) => mayAgreeExemptionAsPsw(a),
  reallocate: (a: Actor) => mayReallocate(a),
  'disagree with a grade': (a: Actor) => mayDisagree(a, casePeople),
  'record the review': (a: Actor) => mayRecordReview(a, allocation),
  'mediate as AD': (a: Actor) => mayMediate(a, { mediator: 'assistant-director', mediatorId: 'ad' }),
  'mediate as QA': (a: Actor) => mayMediate(a, { mediator: 'qa', mediatorId: null }),
} satisfies Record<string, (a: Actor) => Permission>;
type Action = keyof typeof actions;

/** Who may do each action; everyone else is refused with the action's code. */
const allowed: Record<Action, { only: readonly Who[]; otherwise: RefusalCode }> = {
  grade: { only: ['the allocated auditor'], otherwise: 'NOT_ALLOCATED_AUDITOR' },
  extend: { only: ["the auditor's line manager", 'the next-tier manager'], otherwise: 'NOT_LINE_MANAGER' },
  exempt: { only: ["the auditor's line manager", 'the next-tier manager'], otherwise: 'NOT_LINE_MANAGER' },
  nudge: { only: ["the auditor's line manager", 'the next-tier manager'], otherwise: 'NOT_LINE_MANAGER' },
  moderate: { only: ['QA'], otherwise: 'NOT_QA' },
  // 003: "a Panel comprising of the Heads of Service ... the Quality Assurance Unit Manager and nominated QA leads".
  'moderate on 003\'s panel': { only: ['QA', 'the next-tier manager'], otherwise: 'NOT_QA' },
  // 004 §7.5: the overdue Part B goes to the area's Assistant Director, who may then complete it.
  'complete Part B': { only: ["the case's team manager", 'the Assistant Director'], otherwise: 'NOT_TEAM_MANAGER' },
  // 003: the Inadequate updates are the team manager's; a late one goes to the Assistant Director, who may record it.
  'record an Inadequate update': { only: ["the case's team manager", 'the Assistant Director'], otherwise: 'NOT_TEAM_MANAGER' },
  oversee: { only: ['the service lead of the area'], otherwise: 'NOT_SERVICE_LEAD' },
  'ask for an exemption': { only: ['the allocated auditor'], otherwise: 'NOT_ALLOCATED_AUDITOR' },
  'decide an exemption as line manager': { only: ["the auditor's line manager", 'the next-tier manager'], otherwise: 'NOT_LINE_MANAGER' },
  'agree an exemption as PSW': { only: ['QA'], otherwise: 'NOT_QA' },
  reallocate: { only: ['QA'], otherwise: 'NOT_QA' },
  'disagree with a grade': { only: ["the case's allocated worker", "the case's team manager"], otherwise: 'NOT_WORKER_OR_TEAM_MANAGER' },
  'record the review': { only: ['the allocated auditor'], otherwise: 'NOT_ALLOCATED_AUDITOR' },
  'mediate as AD': { only: ['the Assistant Director'], otherwise: 'NOT_MEDIATOR' },
  'mediate as QA': { only: ['QA'], otherwise: 'NOT_MEDIATOR' },
};

const table = (Object.keys(actions) as Action[]).flatMap((action) =>
  (Object.keys(people) as Who[]).map((who) => {
    const rule = allowed[action];
    return [action, who, rule.only.includes(who) ? 'allowed' : rule.otherwise] as const;
  }),
);

test.each(table)('may %s: %s → %s', (action, who, expected) => {
  const answer = actions[action](people[who]);
  expect(answer.allowed ? 'allowed' : answer.code).toBe(expected);
});

test.each([
  ['grade', mayGrade(people['another auditor'], allocation), 'Only the allocated auditor can do this.'],
  ['extend', mayExtend(people['another manager'], allocation), "Only the auditor's line manager or the next tier can do this."],
  ['moderate', mayModerate(people['the allocated auditor']), 'Only the QA team can do this.'],
  ['complete Part B', mayCompletePartB(people['another manager'], partB), "Only the case's team manager or the service area's Assistant Director can do this."],
] as const)('a refusal to %s says who may, in the words the card shows', (_action, answer, reason) => {
  expect(answer).toMatchObject({ allowed: false, reason });
});

test('an auditor with no known line manager cannot be extended, exempted or nudged by anyone', () => {
  const orphan: AllocationFacts = { ...allocation, auditorManagerId: null, nextTierManagerId: null };
  for (const rule of [mayExtend, mayExempt, mayNudge]) {
    expect(rule(people["the auditor's line manager"], orphan)).toMatchObject({ allowed: false, code: 'NOT_LINE_MANAGER' });
  }
});

test("a Part B with no team manager on record can be completed by no team manager, only by the area's Assistant Director", () => {
  expect(mayCompletePartB(people["the case's team manager"], { teamManagerId: null, assistantDirectorId: 'ad' })).toMatchObject({ allowed: false, code: 'NOT_TEAM_MANAGER' });
  expect(mayCompletePartB(people['the Assistant Director'], { teamManagerId: null, assistantDirectorId: 'ad' })).toEqual({ allowed: true });
});

test("another service area's Assistant Director may not complete the Part B or record the Inadequate update", () => {
  // The facts name the AD the area's chases go to; any other AD is refused.
  const otherAd: Actor = { id: 'ad-2', roles: ['assistant-director'], serviceArea: 'Jigsaw' };
  expect(mayCompletePartB(otherAd, partB)).toMatchObject({ allowed: false, code: 'NOT_TEAM_MANAGER' });
  expect(mayRecordInadequateUpdate(otherAd, partB)).toMatchObject({ allowed: false, code: 'NOT_TEAM_MANAGER' });
});

test('a service lead oversees only their own area; another area\'s lead is refused with NOT_SERVICE_LEAD', () => {
  const otherLead: Actor = { id: 'sl-2', roles: ['service-lead'], serviceArea: 'Jigsaw' };
  expect(mayOversee(otherLead, allocation)).toMatchObject({ allowed: false, code: 'NOT_SERVICE_LEAD' });
});
