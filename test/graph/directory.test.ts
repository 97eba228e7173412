import { ManagerDirectory, type DirectoryClock } from '../../graph/directory';
import { startGraphHarness, type GraphHarness } from './graph-harness';

class StepClock implements DirectoryClock {
  constructor(private ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

const HOUR = 3_600_000;
const workerIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `u-sw-${String(i + 1).padStart(3, '0')}`);

describe('manager chains for escalation', () => {
  let h: GraphHarness;
  let clock: StepClock;
  let directory: ManagerDirectory;
  beforeEach(async () => {
    h = await startGraphHarness();
    clock = new StepClock(Date.UTC(2025, 2, 10, 9));
    directory = new ManagerDirectory(h.graph, clock, 6 * HOUR);
  });
  afterEach(async () => {
    await h.fake.close();
  });

  it('resolves a worker’s line manager and the next tier above', async () => {
    await expect(directory.resolve('u-sw-006')).resolves.toEqual({
      kind: 'chain',
      lineManager: expect.objectContaining({ id: 'u-tm-2', displayName: 'Team Manager 2' }),
      nextTier: { kind: 'manager', person: expect.objectContaining({ id: 'u-head-2' }) },
    });
  });

  it('resolves someone without a manager to no-manager, with the reason, so the caller escalates to QA', async () => {
    const chain = await directory.resolve('u-orphan');
    expect(chain).toEqual({ kind: 'no-manager', reason: expect.stringContaining('u-orphan') });
    expect(chain.kind === 'no-manager' && chain.reason).toMatch(/QA/);
  });

  it('marks the next tier missing when the line manager has no manager of their own', async () => {
    const chain = await directory.resolve('u-head-1');
    expect(chain).toMatchObject({ kind: 'chain', lineManager: { id: 'u-director' }, nextTier: { kind: 'no-manager' } });
    expect(chain.kind === 'chain' && chain.nextTier.kind === 'no-manager' && chain.nextTier.reason).toMatch(/Director of Children’s Services/);
  });

  it('resolves 45 workers with two rounds of batches: 20, 20 and 5 workers, then their 4 team managers', async () => {
    const chains = await directory.resolveMany(workerIds(45));
    expect(h.fake.batchSizes).toEqual([20, 20, 5, 4]);
    expect([...chains.values()].every((c) => c.kind === 'chain' && c.nextTier.kind === 'manager')).toBe(true);
  });

  it('answers from memory until the entries expire, then asks Graph again', async () => {
    await directory.resolveMany(workerIds(10));
    const afterFirst = h.fake.count('/manager');
    await directory.resolveMany(workerIds(10));
    expect(h.fake.count('/manager')).toBe(afterFirst);
    clock.advance(6 * HOUR + 1);
    await directory.resolveMany(workerIds(10));
    expect(h.fake.count('/manager')).toBe(afterFirst * 2);
  });

  it('sees a manager change after the cache for that person is invalidated', async () => {
    await expect(directory.resolve('u-sw-001')).resolves.toMatchObject({ lineManager: { id: 'u-tm-1' } });
    const worker = h.fake.users.find((u) => u.id === 'u-sw-001');
    if (worker) worker.managerId = 'u-tm-3';
    await expect(directory.resolve('u-sw-001')).resolves.toMatchObject({ lineManager: { id: 'u-tm-1' } });
    directory.invalidate('u-sw-001');
    await expect(directory.resolve('u-sw-001')).resolves.toMatchObject({ lineManager: { id: 'u-tm-3' }, nextTier: { person: { id: 'u-head-1' } } });
  });

  it('does not remember a failed lookup', async () => {
    h.fake.addFault({ path: '/$batch', nth: 1, status: 500 });
    await expect(directory.resolve('u-sw-001')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(directory.resolve('u-sw-001')).resolves.toMatchObject({ kind: 'chain' });
  });
});
