import { loadProfile } from '../../audit/programme-profiles';
import { ensurePersonalConversation, type ProactiveInstallSettings } from '../../programme/proactive-install';
import { personalConversationOf } from '../../store/conversations-repo';
import { getPerson, setAadObjectId } from '../../store/people-repo';
import type { Person } from '../../audit/people';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { startGraphHarness, type GraphHarness } from './graph-harness';
import { seedCouncil } from './forms-workbook';

const profile = loadProfile('southampton-qaf-2023');
const APP_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
const settings: ProactiveInstallSettings = { teamsAppId: APP_ID, serviceUrl: 'https://smba.trafficmanager.net/teams/', tenantId: 'tenant-1', botAppId: 'bot-1' };

describe('installing the app for someone the bot cannot reach yet', () => {
  let store: TestStore;
  let h: GraphHarness;
  let worker: Person;
  beforeAll(async () => {
    store = await openTestStore();
  });
  beforeEach(async () => {
    await resetStore(store.db);
    await seedCouncil(store.db, profile);
    await store.db.transaction((tx) => setAadObjectId(tx, 'sw-0-1', 'u-sw-001', 'test'));
    worker = (await getPerson(store.db, 'sw-0-1')) as Person;
    h = await startGraphHarness();
  });
  afterEach(async () => {
    await h.fake.close();
  });
  afterAll(() => store.cleanup());

  it('installs the app, stores the personal chat as their conversation, and reuses it next time', async () => {
    const r = await ensurePersonalConversation(store.db, h.graph, worker, settings, 'scheduler');
    expect(r).toMatchObject({ kind: 'installed', alreadyInstalled: false, ref: { kind: 'personal', conversationId: expect.stringMatching(/^19:u-sw-001_.*@unq\.gbl\.spaces$/) } });
    const stored = await personalConversationOf(store.db, 'sw-0-1');
    expect(stored).toMatchObject({ serviceUrl: settings.serviceUrl, aadObjectId: 'u-sw-001', reference: { conversation: { conversationType: 'personal', tenantId: 'tenant-1' }, bot: { id: '28:bot-1' } } });
    const again = await ensurePersonalConversation(store.db, h.graph, worker, settings, 'scheduler');
    expect(again).toMatchObject({ kind: 'existing', ref: { conversationId: stored?.conversationId } });
    expect(h.fake.count('/teamwork/installedApps', { method: 'POST' })).toBe(1);
  });

  it('treats 409 Conflict as already installed and still finds the chat', async () => {
    h.fake.markInstalled('u-sw-001', APP_ID);
    const r = await ensurePersonalConversation(store.db, h.graph, worker, settings, 'scheduler');
    expect(r).toMatchObject({ kind: 'installed', alreadyInstalled: true });
    expect(h.fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/installedApps')).map((q) => q.status)).toEqual([409]);
    expect(await personalConversationOf(store.db, 'sw-0-1')).not.toBeNull();
  });

  it('returns and logs a configuration error when installing is not consented, storing nothing', async () => {
    h.fake.addFault({ path: '/teamwork/installedApps', method: 'POST', status: 403 });
    const warnings: string[] = [];
    const r = await ensurePersonalConversation(store.db, h.graph, worker, settings, 'scheduler', { warn: (_d, m) => warnings.push(m) });
    expect(r.kind).toBe('configuration-error');
    expect(r.kind === 'configuration-error' && r.error.code).toBe('GRAPH_NOT_CONFIGURED');
    expect(warnings).toEqual([expect.stringContaining('TeamsAppInstallation.ReadWriteSelfForUser.All')]);
    expect(await personalConversationOf(store.db, 'sw-0-1')).toBeNull();
  });

  it('skips someone with no Entra object id without calling Graph', async () => {
    const other = (await getPerson(store.db, 'sw-0-2')) as Person;
    await expect(ensurePersonalConversation(store.db, h.graph, other, settings, 'scheduler')).resolves.toMatchObject({ kind: 'skipped' });
    expect(h.fake.requests).toHaveLength(0);
  });
});
