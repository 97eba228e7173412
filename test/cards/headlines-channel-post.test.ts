/**
 * The headlines day's channel post, sent by the outbox worker to a (fake) Teams channel: it links QA to the month's
 * Word report and Excel workbook in their chat with Audit Loop, and has no link where no app id is configured.
 */
import { enqueue } from '../../store/outbox-repo';
import type { Db } from '../../store/db';
import { fastSender, installChannel, seedCouncil, workerFor } from '../delivery/outbox-harness';
import { startTeamsConnector, type FakeTeamsConnector } from '../fakes/teams-connector';
import { validateCard } from '../support/card-checks';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { BOT_APP_ID } from './card-fixtures';

let store: TestStore;
let db: Db;
let fake: FakeTeamsConnector;

beforeAll(async () => {
  store = await openTestStore();
  db = store.db;
}, 60_000);
afterAll(async () => {
  await store.cleanup();
});
beforeEach(async () => {
  await resetStore(db);
  fake = await startTeamsConnector({ token: 'fake-bot-token' });
});
afterEach(async () => {
  await fake.close();
});

/** Queues the month's headlines for a channel, drains the outbox and returns the card the channel received. */
async function postedHeadlines(botAppId: string | null): Promise<Record<string, unknown>> {
  await seedCouncil(db, fake);
  const conversationId = await installChannel(db, fake, 'audit-headlines');
  await db.transaction((tx) =>
    enqueue(tx, { key: 'headlines:2026-10:audit-headlines', channel: 'teams', kind: 'headlines', recipientId: null, payload: { month: '2026-10', conversationId } }),
  );
  await workerFor(db, 'w1', fastSender(), { botAppId }).drain();
  const [sent] = fake.delivered();
  const attachments = (sent?.activity['attachments'] ?? []) as { contentType: string; content: Record<string, unknown> }[];
  expect(attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachments[0]?.content ?? {};
}

test("the headlines day's post links QA to October's Word report and Excel workbook in their chat with Audit Loop", async () => {
  const card = await postedHeadlines(BOT_APP_ID);
  expect(validateCard(card)).toEqual([]);
  expect(card['actions']).toEqual([
    {
      type: 'Action.OpenUrl',
      title: 'Get the Word report and Excel workbook',
      url: `https://teams.microsoft.com/l/chat/0/0?users=28:${BOT_APP_ID}&message=report%202026-10`,
    },
  ]);
});

test('without a bot app id (local anonymous mode) the post has no link to the files', async () => {
  const card = await postedHeadlines(null);
  expect(validateCard(card)).toEqual([]);
  expect(card['actions']).toBeUndefined();
});
