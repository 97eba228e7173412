import { auditTrail } from '../../store/audit-log';
import { getAllocation, insertAllocation, updateAllocation } from '../../store/allocations-repo';
import type { Db } from '../../store/db';
import { listOutbox } from '../../store/outbox-repo';
import { getOversight } from '../../store/oversights-repo';
import { reportForPeriod } from '../../report/report-for-period';
import { setAadObjectId, upsertPeople } from '../../store/people-repo';
import { person } from '../support/fixtures';
import { validateCard } from '../support/card-checks';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { AAD, BotDriver, botDeps, cardText, seed, type Seeded } from './bot-harness';

// The seed's two November audits (CD491100, CD491110) are Jigsaw cases; both are returned here, so a Jigsaw service
// lead (sl-jig, added) may oversee them and the CRS one (sl-crs) may not. A third Jigsaw audit stays allocated.
const LEAD = 'aad-sl-jig';
const OTHER_LEAD = 'aad-sl-crs';
const AD = 'aad-ad';
const WORKER = 'aad-sw';

let store: TestStore;
let db: Db;
let ids: Seeded & { allocated: number };
let bot: BotDriver;

beforeAll(async () => {
  store = await openTestStore();
  db = store.db;
}, 60_000);
afterAll(async () => {
  await store.cleanup();
});
beforeEach(async () => {
  await resetStore(db);
  const seeded = await seed(db);
  const allocated = await db.transaction(async (tx) => {
    await upsertPeople(tx, [person('sl-jig', 'Jigsaw Leadership', 'Jigsaw', ['service-lead'], 'hos1')], 'test');
    for (const [id, oid] of [['sl-jig', LEAD], ['sl-crs', OTHER_LEAD], ['ad1', AD], ['sw-1-1', WORKER]] as const) await setAadObjectId(tx, id, oid, 'test');
    for (const id of [seeded.open, seeded.late]) await updateAllocation(tx, id, { type: 'return' }, 'test');
    return insertAllocation(tx, '2026-11', { caseRef: 'CD491120', auditorId: 'tm-0-1', kind: 'audit', dueDate: '2026-11-28', reauditOf: null }, 'test');
  });
  ids = { ...seeded, allocated };
  bot = new BotDriver(botDeps(db));
});

const REASON = 'The grade does not reflect the drift in the plan.';

async function expectNothingWritten(allocationId: number): Promise<void> {
  expect(await getOversight(db, allocationId)).toBeNull();
  expect((await getAllocation(db, allocationId))?.status).toBe('returned');
  expect(await listOutbox(db, { kind: 'oversight-dispute' })).toEqual([]);
  expect((await auditTrail(db, 'allocation', allocationId)).filter((e) => e.action.startsWith('oversight.') || e.action === 'allocation.oversee')).toEqual([]);
}

test('the service lead agrees: the audit is overseen and the reply is the updated list', async () => {
  const card = await bot.invoke(LEAD, 'oversight.record', { allocationId: ids.open, decision: 'agree' });
  expect(validateCard(card)).toEqual([]);
  const text = cardText(card);
  expect(text).toContain('You agreed with audit CD491100');
  expect(text).toContain('1 audit to oversee · 1 overseen · 0 disputed');
  expect((await getAllocation(db, ids.open))?.status).toBe('overseen');
  expect(await getOversight(db, ids.open)).toMatchObject({ serviceLeadId: 'sl-jig', decision: 'agree', reason: null });
  expect(await listOutbox(db, { kind: 'oversight-dispute' })).toEqual([]);
  const trail = await auditTrail(db, 'allocation', ids.open);
  expect(trail.filter((e) => e.action === 'oversight.record').map((e) => e.detail)).toEqual([{ decision: 'agree', serviceLeadId: 'sl-jig' }]);
});

test('the service lead disputes with a reason: stored, the audit stays returned, each QA officer is told', async () => {
  const card = await bot.invoke(LEAD, 'oversight.record', { allocationId: ids.late, decision: 'dispute', [`reason_${ids.late}`]: REASON });
  expect(validateCard(card)).toEqual([]);
  expect(cardText(card)).toContain('has gone to the QA team');
  expect((await getAllocation(db, ids.late))?.status).toBe('returned');
  expect(await getOversight(db, ids.late)).toMatchObject({ decision: 'dispute', reason: REASON });
  const qa = await listOutbox(db, { kind: 'oversight-dispute' });
  expect(qa.map((m) => [m.key, m.recipientId])).toEqual([[`oversight-dispute:${ids.late}:qa1`, 'qa1']]);
  expect(qa[0]?.payload).toMatchObject({ caseRef: 'CD491110', serviceArea: 'Jigsaw', serviceLeadId: 'sl-jig', reason: REASON });
  // The reason is in the table and the message, never in the audit trail.
  expect(JSON.stringify(await auditTrail(db, 'allocation', ids.late))).not.toContain('drift');
  const figures = async () => (await reportForPeriod(db, botDeps(db).profile, '2026-11')).returnLoop;
  expect(await figures()).toMatchObject({ overseen: 0, disputed: 1 });
  await bot.invoke(LEAD, 'oversight.record', { allocationId: ids.open, decision: 'agree' });
  // The monthly report counts overseen and disputed (003).
  expect(await figures()).toMatchObject({ overseen: 1, disputed: 1 });
});

test('recording a second time is refused and changes nothing', async () => {
  await bot.invoke(LEAD, 'oversight.record', { allocationId: ids.late, decision: 'dispute', reason: REASON });
  const again = await bot.invoke(LEAD, 'oversight.record', { allocationId: ids.late, decision: 'agree' });
  expect(validateCard(again)).toEqual([]);
  expect(cardText(again)).toContain('OVERSIGHT_NOT_RECORDED');
  expect(cardText(again)).toContain('already recorded');
  expect((await getAllocation(db, ids.late))?.status).toBe('returned');
  expect(await getOversight(db, ids.late)).toMatchObject({ decision: 'dispute' });
  expect(await listOutbox(db, { kind: 'oversight-dispute' })).toHaveLength(1);
});

test('an audit not yet returned cannot be overseen: a plain error card, nothing stored', async () => {
  const card = await bot.invoke(LEAD, 'oversight.record', { allocationId: ids.allocated, decision: 'agree' });
  expect(validateCard(card)).toEqual([]);
  expect(cardText(card)).toContain('only a returned audit can be overseen');
  expect(await getOversight(db, ids.allocated)).toBeNull();
  expect((await getAllocation(db, ids.allocated))?.status).toBe('allocated');
});

test.each([
  ['the auditor', AAD.auditor, 'tm-0-1'],
  ["another area's service lead", OTHER_LEAD, 'sl-crs'],
  ['QA', AAD.qa, 'qa1'],
  ['the Assistant Director', AD, 'ad1'],
  ['the line manager', AAD.lineManager, 'hos1'],
  ["a stranger (the case's social worker)", WORKER, 'sw-1-1'],
])('%s is refused with NOT_PERMITTED and nothing is written', async (_who, aad, personId) => {
  for (const data of [{ allocationId: ids.open, decision: 'agree' }, { allocationId: ids.open, decision: 'dispute', reason: REASON }]) {
    const card = await bot.invoke(aad, 'oversight.record', data);
    expect(validateCard(card)).toEqual([]);
    expect(cardText(card)).toContain('NOT_PERMITTED');
  }
  await expectNothingWritten(ids.open);
  const refused = (await auditTrail(db, 'allocation', ids.open)).filter((e) => e.action === 'action.refused');
  expect(refused).toEqual([
    expect.objectContaining({ actor: personId, detail: { verb: 'oversight.record' } }),
    expect.objectContaining({ actor: personId, detail: { verb: 'oversight.record' } }),
  ]);
});

test('someone Audit Loop does not know is told so, and nothing is written', async () => {
  const card = await bot.invoke(AAD.stranger, 'oversight.record', { allocationId: ids.open, decision: 'agree' });
  expect(validateCard(card)).toEqual([]);
  expect(cardText(card)).toContain('PERSON_UNKNOWN');
  await expectNothingWritten(ids.open);
});

test.each([
  ['no decision', { allocationId: 0 }, 'decision'],
  ['a decision not on the card', { allocationId: 0, decision: 'maybe' }, 'decision'],
  ['a dispute without a reason', { allocationId: 0, decision: 'dispute' }, 'reason'],
  ['a dispute with too short a reason', { allocationId: 0, decision: 'dispute', reason: 'no' }, 'reason'],
  ['no allocation', { decision: 'agree' }, 'allocationId'],
])('%s gets a field error card and nothing is written', async (_what, data, field) => {
  const card = await bot.invoke(LEAD, 'oversight.record', { ...data, ...('allocationId' in data ? { allocationId: ids.open } : {}) });
  expect(validateCard(card)).toEqual([]);
  const text = cardText(card);
  expect(text).toContain('ACTION_DATA_INVALID');
  expect(text).toContain(field);
  await expectNothingWritten(ids.open);
});

test('an unknown allocation gets an error card and nothing is written', async () => {
  const card = await bot.invoke(LEAD, 'oversight.record', { allocationId: 999_999, decision: 'agree' });
  expect(validateCard(card)).toEqual([]);
  expect(cardText(card)).toContain('UNKNOWN_ALLOCATION');
  expect(await getOversight(db, 999_999)).toBeNull();
  await expectNothingWritten(ids.open);
});
