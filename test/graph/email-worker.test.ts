import { loadProfile } from '../../audit/programme-profiles';
import { runEmailWorker } from '../../delivery/email-worker';
import { syncForms } from '../../programme/sync-forms-workbook';
import { listOutbox } from '../../store/outbox-repo';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { startGraphHarness, type GraphHarness } from './graph-harness';
import { answerCells, FORMS_WORKBOOK, formsTable, seedCouncil } from './forms-workbook';

const profile = loadProfile('southampton-qaf-2023');
const clock = { now: () => new Date('2026-11-21T10:00:00Z') };
const options = { workerId: 'mail-1', fromUserId: 'u-tm-1', retry: { baseMs: 1000, capMs: 60_000, maxAttempts: 5, random: () => 0.5 } };

interface SentMessage {
  message: { subject: string; importance: string; body: { content: string }; toRecipients: { emailAddress: { address: string } }[] };
}

describe('sending the urgent e-mails of an Inadequate grade', () => {
  let store: TestStore;
  let h: GraphHarness;
  beforeAll(async () => {
    store = await openTestStore();
  });
  beforeEach(async () => {
    await resetStore(store.db);
    await seedCouncil(store.db, profile);
    h = await startGraphHarness({ client: { maxRetries: 0 }, fake: { tables: [formsTable(profile, [answerCells(8, 'tm-0-1@council.example', 'CD491120', 'Inadequate', 'Yes')])] } });
    // The Inadequate response, with a safeguarding concern (told at once even where QA moderates first), comes in
    // through the Forms sync, which queues the e-mails with the Teams alerts.
    await syncForms(store.db, profile, h.graph, FORMS_WORKBOOK, clock, 'scheduler');
  });
  afterEach(async () => {
    await h.fake.close();
  });
  afterAll(() => store.cleanup());

  it('sends each urgent e-mail at high importance with the case reference, grade, area and deadlines, and records delivery', async () => {
    const queued = await listOutbox(store.db, { kind: 'inadequate-email' });
    expect(queued.length).toBeGreaterThan(0);
    const r = await runEmailWorker(store.db, h.graph, options);
    expect(r).toEqual({ sent: queued.length, retried: 0, failed: 0 });
    const sent = h.fake.sentMail.map((m) => m.body as SentMessage);
    expect(sent.map((m) => m.message.toRecipients[0]?.emailAddress.address).sort()).toEqual(queued.map((q) => `${q.recipientId ?? ''}@council.example`).sort());
    for (const m of sent) {
      expect(m.message.importance).toBe('high');
      expect(m.message.subject).toContain('CD491120');
      expect(m.message.body.content).toMatch(/Inadequate/);
      expect(m.message.body.content).toContain('Jigsaw');
      expect(m.message.body.content).toMatch(/update on the actions taken by \d{4}-\d{2}-\d{2}/);
    }
    expect(h.fake.sentMail.every((m) => m.from === 'u-tm-1')).toBe(true);
    expect((await listOutbox(store.db, { kind: 'inadequate-email' })).every((m) => m.status === 'sent')).toBe(true);
    expect(await runEmailWorker(store.db, h.graph, options)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('fails the e-mail with a configuration reason and tells QA when Mail.Send is not consented', async () => {
    h.fake.addFault({ path: '/sendMail', status: 403, graphCode: 'ErrorAccessDenied' });
    const r = await runEmailWorker(store.db, h.graph, options);
    expect(r.failed).toBeGreaterThan(0);
    const rows = await listOutbox(store.db, { kind: 'inadequate-email' });
    expect(rows.every((m) => m.status === 'failed' && (m.lastError ?? '').startsWith('configuration:') && (m.lastError ?? '').includes('Mail.Send'))).toBe(true);
    const notices = (await listOutbox(store.db, { kind: 'qa-notice' })).filter((n) => n.key.startsWith('email-failed:'));
    expect(notices).toHaveLength(rows.length);
    expect(notices[0]?.payload).toMatchObject({ caseRef: 'CD491120', reason: expect.stringContaining('urgent e-mail could not be sent') });
  });

  it('puts a throttled e-mail back in the queue for after the Retry-After', async () => {
    h.fake.addFault({ path: '/sendMail', status: 429, retryAfterSeconds: 120 });
    const r = await runEmailWorker(store.db, h.graph, options);
    expect(r.retried).toBeGreaterThan(0);
    expect(r.sent + r.failed).toBe(0);
    const rows = await listOutbox(store.db, { kind: 'inadequate-email' });
    expect(rows.every((m) => m.status === 'retrying' && (m.lastError ?? '').includes('THROTTLED'))).toBe(true);
    // Not due yet: a second run right away claims nothing.
    expect(await runEmailWorker(store.db, h.graph, options)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });
});
