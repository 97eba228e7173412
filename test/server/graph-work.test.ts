import pino from 'pino';
import { loadProfile } from '../../audit/programme-profiles';
import { readGraphSettings } from '../../graph/graph-settings';
import { leaveLookupOf, startGraphWork } from '../../server/graph-work';
import { listOutbox } from '../../store/outbox-repo';
import { countResponses } from '../../store/responses-repo';
import { FAKE_GRAPH_TOKEN, GraphFake } from '../fakes/graph-fake';
import { seedOrganisation } from '../fakes/graph-fake-data';
import { answerCells, FORMS_ITEM, formsTable, seedCouncil } from '../graph/forms-workbook';
import { openTestStore, type TestStore } from '../support/test-store';

const profile = loadProfile('southampton-qaf-2023');
const logger = pino({ level: 'silent' });

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the Graph side of the running bot', () => {
  let store: TestStore;
  let fake: GraphFake;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await fake?.close();
    await store.cleanup();
  });

  it('syncs the Forms workbook on its timer and sends the urgent e-mails an Inadequate response with a safeguarding concern queued', async () => {
    await seedCouncil(store.db, profile);
    // A safeguarding concern is told at once, even where QA moderates an Inadequate grade first (003).
    fake = await GraphFake.start({ users: seedOrganisation(10), tables: [formsTable(profile, [answerCells(8, 'tm-0-1@council.example', 'CD491120', 'Inadequate', 'Yes')])] });
    const settings = readGraphSettings({
      GRAPH_BASE_URL: fake.baseUrl, GRAPH_CREDENTIAL_KIND: 'fixed-token', GRAPH_FIXED_TOKEN: FAKE_GRAPH_TOKEN,
      FORMS_DRIVE_ID: FORMS_ITEM.driveId, FORMS_ITEM_ID: FORMS_ITEM.itemId, FORMS_TABLE: 'Table1', GRAPH_MAIL_FROM: 'u-tm-1',
    });
    const work = startGraphWork({ db: store.db, profile, clock: { now: () => new Date('2026-11-21T10:00:00Z') }, logger, settings, emailEveryMs: 100, formsEveryMs: 100 });
    try {
      await until(async () => (await listOutbox(store.db, { kind: 'inadequate-email' })).some((m) => m.status === 'sent'));
      await until(async () => (await listOutbox(store.db, { kind: 'inadequate-email' })).every((m) => m.status === 'sent'));
    } finally {
      await work.stop();
    }
    expect(await countResponses(store.db)).toBe(1);
    const emails = await listOutbox(store.db, { kind: 'inadequate-email' });
    expect(fake.sentMail).toHaveLength(emails.length);
  });

  it('stays off, and says so, when neither the mailbox nor the workbook is configured', async () => {
    const lines: string[] = [];
    const capture = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
    const work = startGraphWork({ db: store.db, profile, clock: { now: () => new Date() }, logger: capture, settings: readGraphSettings({}) });
    await work.stop();
    expect(lines.join('')).toContain('Graph work off');
  });
});

describe('leave checks at start', () => {
  const capture = (lines: string[]) => pino({ level: 'info' }, { write: (l: string) => lines.push(l) });

  it('says at start that leave is not checked without GRAPH_LEAVE_CHECKS=on, and chases everyone as at work', async () => {
    const lines: string[] = [];
    const leave = leaveLookupOf(readGraphSettings({}), capture(lines));
    expect(lines.join('')).toContain('Leave not checked: set GRAPH_LEAVE_CHECKS=on');
    await expect(leave.awayOn({ id: 'tm-0-1', aadObjectId: 'u-tm-1' }, ['2026-11-20'])).resolves.toEqual({ away: false, until: null });
  });

  it('reads automatic replies through Graph when switched on', async () => {
    const fake = await GraphFake.start({ users: seedOrganisation(10) });
    try {
      fake.setAutoReplies('u-tm-1', { status: 'alwaysEnabled' });
      const lines: string[] = [];
      const settings = readGraphSettings({ GRAPH_BASE_URL: fake.baseUrl, GRAPH_CREDENTIAL_KIND: 'fixed-token', GRAPH_FIXED_TOKEN: FAKE_GRAPH_TOKEN, GRAPH_LEAVE_CHECKS: 'on' });
      const leave = leaveLookupOf(settings, capture(lines));
      expect(lines.join('')).toContain('Leave checked');
      await expect(leave.awayOn({ id: 'tm-0-1', aadObjectId: 'u-tm-1' }, ['2026-11-20'])).resolves.toEqual({ away: true, until: null });
    } finally {
      await fake.close();
    }
  });

  it('refuses a value other than on or off, naming the variable', () => {
    expect(() => readGraphSettings({ GRAPH_LEAVE_CHECKS: 'yes' })).toThrow(/GRAPH_LEAVE_CHECKS: set GRAPH_LEAVE_CHECKS to 'on' or 'off'/);
  });
});
