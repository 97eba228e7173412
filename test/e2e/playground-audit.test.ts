/**
 * The real Audit Loop server, seeded with the demo council, driven through Microsoft 365 Agents Playground in
 * headless Chromium: an auditor lists their audits, opens the grade form, is stopped by a blank required answer,
 * then records the audit and the store holds exactly one response.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadProfile } from '../../audit/programme-profiles';
import { DEMO_AUDITOR, seedDemo } from '../../demo/demo-council';
import { createServer, listen, type Listening } from '../../server/create-server';
import type { Db } from '../../store/db';
import { openTestStore, type TestStore } from '../support/test-store';
import { PlaygroundPage, startPlayground, type RunningPlayground } from './playground';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skipReason = existsSync(CHROMIUM) || process.env.CI
  ? null
  : `Chromium is not at ${CHROMIUM}: the Playground end-to-end test is skipped.`;
if (skipReason) console.warn(skipReason);
const maybe = skipReason ? describe.skip : describe;

const artifacts = path.resolve(__dirname, '../artifacts');
const shot = (step: string): string => path.join(artifacts, `playground-audit-${step}.png`);
const MONTH = '2026-11';
const NOW = new Date('2026-11-10T10:00:00Z');

async function countResponses(db: Db, allocationId?: number): Promise<number> {
  const rows = allocationId === undefined
    ? await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses')
    : await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE allocation_id = $1', [allocationId]);
  return rows[0]?.n ?? 0;
}

maybe('Audit Loop in the M365 Agents Playground', () => {
  let store: TestStore;
  let server: Listening;
  let playground: RunningPlayground;
  let ui: PlaygroundPage;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    store = await openTestStore();
    const profile = loadProfile('southampton-qaf-2023');
    await seedDemo(store.db, profile, MONTH);
    const app = createServer({
      db: store.db,
      profile,
      clock: { now: () => NOW },
      logger: pino({ level: 'silent' }),
      mode: { kind: 'local-anonymous', devUserId: DEMO_AUDITOR },
    });
    server = await listen(app, 0, '127.0.0.1');
    playground = await startPlayground({ botEndpoint: `http://127.0.0.1:${server.port}/api/messages`, startTimeoutMs: 45000 });
    ui = await PlaygroundPage.launch(playground.url);
  }, 90000);

  afterAll(async () => {
    await ui?.close().catch(() => undefined);
    await playground?.stop().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await store?.cleanup().catch(() => undefined);
  }, 30000);

  it('an auditor lists their audits, is stopped by a blank answer, then records the audit once', async () => {
    const mine = await store.db.query<{ id: number; case_ref: string }>(
      'SELECT id, case_ref FROM allocations WHERE auditor_id = $1 AND month = $2 ORDER BY id',
      [DEMO_AUDITOR, MONTH],
    );
    expect(mine.length).toBeGreaterThan(0);

    await ui.open(60000);
    await ui.sendMessage('my audits');
    const list = await ui.waitForBotText('Your audits for', 30000);
    await ui.screenshot(shot('1-list'));

    // The first "Record audit" button on the list belongs to the first open case shown.
    await list.getByRole('button', { name: 'Record audit', exact: true }).first().click();
    await ui.waitForBotText('Record audit:', 30000);
    const form = ui.lastCard();
    await form.getByText(/Record audit: CD\w+/).waitFor({ state: 'visible', timeout: 30000 });
    const heading = await form.getByText(/Record audit: CD\w+/).first().innerText();
    const caseRef = /CD\w+/.exec(heading)?.[0];
    const allocation = mine.find((a) => a.case_ref === caseRef);
    expect(allocation).toBeDefined();
    await ui.screenshot(shot('2-form'));

    // Everything but the rationale: the Playground validates isRequired itself and sends nothing.
    await ui.chooseCardChoice('Grade', 'Good', form);
    await ui.chooseCardChoice('Did you discuss the findings with the allocated worker?', 'Yes', form);
    await ui.chooseCardChoice('Did you speak to the child, young person or a parent?', 'Yes, I spoke to them', form);
    await ui.fillCardInput('Their views in their own words, or why they were not spoken to', 'The young person said they feel listened to at home.', form);
    await ui.fillCardInput('Good practice found', 'Visits are on time and the plan is reviewed monthly.', form);
    await ui.fillCardInput('What needs to improve', 'Record the outcome of each strategy discussion.', form);
    await ui.chooseCardChoice('Is there an immediate safeguarding concern?', 'No', form);
    await ui.clickCardButton('Submit audit', form);
    await form.getByText('Say why (at least', { exact: false }).first().waitFor({ state: 'visible', timeout: 15000 });
    await ui.screenshot(shot('3-required'));
    expect(await countResponses(store.db)).toBe(0);

    await ui.fillCardInput('Why this grade?', 'Consistent visits and a clear plan that the family understands.', form);
    await ui.clickCardButton('Submit audit', form);
    await ui.waitForBotText('Audit recorded', 30000);
    await ui.screenshot(shot('4-recorded'));

    expect(await countResponses(store.db)).toBe(1);
    expect(await countResponses(store.db, allocation?.id)).toBe(1);
  }, 90000);
});
