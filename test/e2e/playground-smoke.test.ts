/**
 * Throwaway proof that the Playground harness drives a real CloudAdapter bot end to end: a message, an Adaptive
 * Card 1.5 with a required input, client-side validation, an Action.Execute invoke and the card it returns.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import {
  ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory,
  type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type TurnContext,
} from 'botbuilder';
import { PlaygroundPage, startPlayground, type RunningPlayground } from './playground';

const artifacts = path.resolve(__dirname, '../artifacts');

function caseCard(): Record<string, unknown> {
  return {
    type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Record the audit', weight: 'Bolder', wrap: true },
      { type: 'Input.Text', id: 'caseRef', label: 'Case reference', isRequired: true, errorMessage: 'Enter the case reference' },
      { type: 'Input.ChoiceSet', id: 'grade', label: 'Grade', style: 'compact', choices: [
        { title: 'Outstanding', value: 'outstanding' }, { title: 'Good', value: 'good' },
        { title: 'Requires Improvement', value: 'requires-improvement' }, { title: 'Inadequate', value: 'inadequate' },
      ] },
    ],
    actions: [{ type: 'Action.Execute', title: 'Submit', verb: 'submit', data: { form: 'audit' } }],
  };
}

class SmokeBot extends ActivityHandler {
  readonly invokes: AdaptiveCardInvokeValue[] = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(caseCard())));
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(_context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    this.invokes.push(value);
    const data = value.action.data as { caseRef?: unknown; grade?: unknown };
    const card = {
      type: 'AdaptiveCard', version: '1.5',
      body: [{ type: 'TextBlock', wrap: true, text: `Recorded ${String(data.caseRef)} as ${String(data.grade)}` }],
    };
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  }
}

describe('M365 Agents Playground harness', () => {
  const bot = new SmokeBot();
  let server: Server;
  let playground: RunningPlayground;
  let ui: PlaygroundPage;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    // Anonymous auth: no app id, so the adapter neither checks the Playground's token nor asks for one.
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const app = express();
    app.use(express.json());
    app.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    playground = await startPlayground({ botEndpoint: `http://127.0.0.1:${port}/api/messages` });
    ui = await PlaygroundPage.launch(playground.url);
  }, 60000);

  afterAll(async () => {
    await ui?.close();
    await playground?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('a user says hello, is stopped by the required field, then submits and sees the bot\'s updated card', async () => {
    await ui.open();
    await ui.sendMessage('hello');
    await ui.waitForBotText('Record the audit');
    await ui.screenshot(path.join(artifacts, 'playground-1-card.png'));

    await ui.clickCardButton('Submit');
    // The Playground validates isRequired itself: it shows errorMessage and sends nothing to the bot.
    await ui.lastCard().getByText('Enter the case reference').waitFor({ state: 'visible' });
    await ui.screenshot(path.join(artifacts, 'playground-2-required.png'));

    await ui.fillCardInput('Case reference', 'CD490004');
    await ui.chooseCardChoice('Grade', 'Requires Improvement');
    await ui.clickCardButton('Submit');
    await ui.waitForBotText('Recorded CD490004 as requires-improvement');
    await ui.screenshot(path.join(artifacts, 'playground-3-updated.png'));

    // Exactly one invoke proves the click with the empty required field never reached the bot.
    expect(bot.invokes).toHaveLength(1);
    expect(bot.invokes[0]?.action).toMatchObject({
      type: 'Action.Execute', verb: 'submit', data: { form: 'audit', caseRef: 'CD490004', grade: 'requires-improvement' },
    });
    // The returned card replaced the original in place: no input remains in the conversation's last card.
    expect(await ui.lastCard().getByRole('textbox').count()).toBe(0);
  });
});
