import { GraphError } from '../../graph/graph-errors';
import { seedOrganisation } from '../fakes/graph-fake-data';
import { rejectionOf, startGraphHarness, type GraphHarness } from './graph-harness';

const workerIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `u-sw-${String(i + 1).padStart(3, '0')}`);
const teamManagerOf = (workerId: string): string => `u-tm-${((Number(workerId.slice(-3)) - 1) % 4) + 1}`;

describe('batched directory lookups', () => {
  let h: GraphHarness;
  afterEach(async () => {
    await h?.fake.close();
  });

  it('looks up the managers of 45 people in 3 batches of 20, 20 and 5', async () => {
    h = await startGraphHarness();
    const managers = await h.graph.getManagers(workerIds(45));
    expect(h.fake.batchSizes).toEqual([20, 20, 5]);
    expect(h.fake.count('/$batch', { inBatch: false })).toBe(3);
    expect(managers.size).toBe(45);
    for (const id of workerIds(45)) expect(managers.get(id)?.id).toBe(teamManagerOf(id));
  });

  it('sends throttled items of a batch again, alone, after their Retry-After', async () => {
    h = await startGraphHarness();
    h.fake.addBatchItemFault({ path: '/manager', nth: 3, times: 2, status: 429, retryAfterSeconds: 7 });
    const managers = await h.graph.getManagers(workerIds(25));
    expect(h.fake.batchSizes).toEqual([20, 2, 5]);
    expect(h.sleeps).toEqual([7000]);
    expect([...managers.values()].every((m) => m !== null)).toBe(true);
    expect(managers.get('u-sw-003')?.id).toBe('u-tm-3');
  });

  it('reports an item still throttled after the item retries as THROTTLED', async () => {
    h = await startGraphHarness({ port: { maxItemRetries: 2 } });
    h.fake.addBatchItemFault({ path: '/users/u-sw-002/manager', status: 429, retryAfterSeconds: 30 });
    const error = await rejectionOf(h.graph.getManagers(workerIds(3)));
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ code: 'THROTTLED', retryAfterSeconds: 30 });
    expect(h.fake.batchSizes).toEqual([3, 1, 1]);
  });

  it('lets the RetryHandler retry a whole $batch that was throttled', async () => {
    h = await startGraphHarness();
    h.fake.addFault({ path: '/$batch', nth: 1, status: 429, retryAfterSeconds: 0 });
    const managers = await h.graph.getManagers(workerIds(4));
    expect(managers.size).toBe(4);
    expect(h.fake.count('/$batch', { inBatch: false })).toBe(2);
  });

  it('answers null for someone without a manager, singly and in a batch', async () => {
    h = await startGraphHarness();
    await expect(h.graph.getManager('u-orphan')).resolves.toBeNull();
    await expect(h.graph.getManager('u-sw-001')).resolves.toMatchObject({ id: 'u-tm-1', displayName: 'Team Manager 1' });
    const managers = await h.graph.getManagers(['u-orphan', 'u-director', 'u-tm-2']);
    expect(managers.get('u-orphan')).toBeNull();
    expect(managers.get('u-director')).toBeNull();
    expect(managers.get('u-tm-2')?.id).toBe('u-head-2');
  });

  it('reports a 403 inside a batch as CONSENT_MISSING naming User.Read.All', async () => {
    h = await startGraphHarness();
    h.fake.addBatchItemFault({ path: '/manager', status: 403 });
    const error = await rejectionOf(h.graph.getManagers(workerIds(2)));
    expect(error).toMatchObject({ code: 'CONSENT_MISSING' });
    expect((error as GraphError).message).toContain('User.Read.All');
  });

  it('finds people by email address, null for an address nobody has', async () => {
    const users = seedOrganisation(3);
    users.push({ id: 'u-apostrophe', displayName: 'Social Worker O', mail: "o'neill@council.example", userPrincipalName: 'oneill@council.example', managerId: 'u-tm-1' });
    users.push({ id: 'u-plus', displayName: 'Shared Inbox', mail: 'qa+audit@council.example', userPrincipalName: 'qa.audit@council.example', managerId: null });
    h = await startGraphHarness({ fake: { users } });
    const found = await h.graph.getUsersByEmail(['SW001@council.example', "o'neill@council.example", 'qa+audit@council.example', 'nobody@council.example']);
    expect(found.get('SW001@council.example')?.id).toBe('u-sw-001');
    expect(found.get("o'neill@council.example")?.id).toBe('u-apostrophe');
    expect(found.get('qa+audit@council.example')?.id).toBe('u-plus');
    expect(found.get('nobody@council.example')).toBeNull();
    expect(h.fake.batchSizes).toEqual([4]);
  });
});
