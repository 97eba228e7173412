import { loadProfile } from '../../audit/programme-profiles';
import { allocateMonth } from '../../programme/allocate-month';
import { listAllocationDetails } from '../../store/allocations-repo';
import { auditTrail } from '../../store/audit-log';
import { listCases, upsertCases } from '../../store/cases-repo';
import { listPeople, upsertPeople } from '../../store/people-repo';
import { smallCouncil } from '../support/fixtures';
import { openTestStore } from '../support/test-store';

const profile = loadProfile('southampton-qaf-2023');

describe('the store keeps everything across a restart', () => {
  it('a restarted process finds the people, cases, allocations and audit trail it wrote', async () => {
    const store = await openTestStore({ persistent: true });
    try {
      const { people, cases } = smallCouncil();
      await store.db.transaction(async (tx) => {
        await upsertPeople(tx, people, 'qa1');
        await upsertCases(tx, cases, 'qa1');
      });
      const plan = await allocateMonth(store.db, profile, { month: '2026-09', seed: 42, actor: 'qa1' });
      await store.db.close();

      const db = await store.reopen();
      expect(await listPeople(db)).toHaveLength(people.length);
      expect(await listCases(db)).toHaveLength(cases.length);
      const allocations = await listAllocationDetails(db, { month: '2026-09' });
      expect(allocations.map((a) => a.id)).toEqual(plan.ids);
      const trail = await auditTrail(db, 'allocation', String(plan.ids[0]));
      expect(trail).toEqual([expect.objectContaining({ actor: 'qa1', action: 'allocation.create' })]);
    } finally {
      await store.cleanup();
    }
  });

  it('every change is one transaction: a failure part-way leaves nothing behind', async () => {
    const store = await openTestStore();
    try {
      const { people } = smallCouncil();
      await expect(
        store.db.transaction(async (tx) => {
          await upsertPeople(tx, people.slice(0, 3), 'qa1');
          throw new Error('power cut');
        }),
      ).rejects.toThrow('power cut');
      expect(await listPeople(store.db)).toEqual([]);
    } finally {
      await store.cleanup();
    }
  });

  it('allocating a month twice is refused and changes nothing', async () => {
    const store = await openTestStore();
    try {
      const { people, cases } = smallCouncil();
      await store.db.transaction(async (tx) => {
        await upsertPeople(tx, people, 'qa1');
        await upsertCases(tx, cases, 'qa1');
      });
      await allocateMonth(store.db, profile, { month: '2026-09', seed: 1, actor: 'qa1' });
      const before = await listAllocationDetails(store.db, { month: '2026-09' });
      await expect(allocateMonth(store.db, profile, { month: '2026-09', seed: 2, actor: 'qa1' })).rejects.toMatchObject({ code: 'MONTH_ALREADY_ALLOCATED' });
      expect(await listAllocationDetails(store.db, { month: '2026-09' })).toEqual(before);
    } finally {
      await store.cleanup();
    }
  });
});
