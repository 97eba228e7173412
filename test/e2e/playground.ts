/**
 * End-to-end harness: Microsoft 365 Agents Playground (a Teams-like web client) run headless against a bot on
 * localhost, driven by playwright-core in Debian's Chromium. Nothing here is specific to Audit Loop's bot.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export type PlaygroundErrorCode = 'PLAYGROUND_START_FAILED' | 'CARD_CONTROL_NOT_FOUND';

export class PlaygroundError extends Error {
  constructor(readonly code: PlaygroundErrorCode, message: string) {
    super(message);
    this.name = 'PlaygroundError';
  }
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Port for the Playground's UI and mock connector; 0 (default) lets the OS pick one. */
  port?: number;
  channelId?: 'msteams' | 'directline' | 'webchat' | 'emulator' | 'agents';
  /** Optional .m365agentsplayground.yml (mock users, team, bot name). Without it the built-in defaults apply. */
  configFile?: string;
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  url: string;
  port: number;
  /** The Playground writes its console here (it prints nothing else to a non-TTY stdout). */
  logFile: string;
  stop(): Promise<void>;
}

const cliPath = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');

/** Starts the Playground CLI and resolves once its web UI answers. */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  // A private cwd keeps its ./devTools log and any stray .m365agentsplayground.yml out of the repo.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'playground-'));
  const binDir = path.join(dir, 'bin');
  const logFile = path.join(dir, 'playground.log');
  // The CLI opens a browser through the `open` package (xdg-open); TEAMSAPPTESTER_BROWSER=none already stops
  // that, the no-op xdg-open is a second guard in case a later version drops the variable.
  mkdirSync(binDir);
  writeFileSync(path.join(binDir, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(binDir, 'xdg-open'), 0o755);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    // --disable-telemetry stops the events, but the bundled Application Insights SDK still posts its own
    // "statsbeat" to *.in.applicationinsights.azure.com unless told not to. Only localhost is allowed here.
    APPLICATION_INSIGHTS_NO_STATSBEAT: '1',
    APPLICATION_INSIGHTS_NO_DIAGNOSTIC_CHANNEL: '1',
  };
  if (options.configFile) env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = path.resolve(options.configFile);
  const args = [cliPath, '--app-endpoint', options.botEndpoint, '--channel-id', options.channelId ?? 'msteams',
    '--port', String(options.port ?? 0), '--disable-telemetry'];
  // detached: the CLI gets its own process group, so stop() can signal the whole tree.
  const child = spawn(process.execPath, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "Listening on" within ${options.startTimeoutMs ?? 30000} ms`),
      options.startTimeoutMs ?? 30000);
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new PlaygroundError('PLAYGROUND_START_FAILED', `Playground did not start: ${why}. Output: ${output.slice(-2000)}`));
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      // A non-TTY stdout gets exactly one line from the CLI: "Listening on <port>".
      const match = /Listening on (\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => fail(`exited with code ${String(code)}`));
    child.once('error', (err) => fail(err.message));
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const killer = setTimeout(() => { try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://localhost:${port}`;
  try {
    await waitForHttp(url, options.startTimeoutMs ?? 30000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, logFile, stop };
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new PlaygroundError('PLAYGROUND_START_FAILED', `${url} did not answer in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Chromium from Debian, with every non-localhost request refused (the UI asks a CDN for Segoe UI fonts). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Selectors over the Playground 0.2.x DOM (Fluent UI v9 + its own React Adaptive Card renderer). */
export const SELECTORS = {
  // The compose box is a Lexical rich-text editor; the only element with data-lexical-editor.
  composeBox: '[data-lexical-editor="true"][role="textbox"]',
  // Each chat message is a div whose direct child is the header labelled "Message header"; only messages from
  // someone other than the signed-in user carry a "Message author" inside that header (bot messages, in 1:1 chat).
  botMessage: 'div:has(> [aria-label="Message header"] [aria-label="Message author"])',
  // Rendered Adaptive Cards keep the classic `ac-adaptiveCard` class; the :not() skips Action.ShowCard sub-cards.
  card: '.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)',
} as const;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Inputs are named by aria-labelledby = label + (empty or shown) error text, so match the label as a prefix.
const startsWith = (label: string): RegExp => new RegExp(`^\\s*${escapeRegExp(label)}(\\s|$)`);

export class PlaygroundPage {
  private constructor(readonly page: Page, private readonly url: string, private readonly browser?: Browser) {}

  /** Launches Chromium and a 1400×900 page on the Playground. Close with close(). */
  static async launch(url: string): Promise<PlaygroundPage> {
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    return PlaygroundPage.attach(page, url, browser);
  }

  /** Wraps a page you own; refuses every request that is not to localhost. */
  static async attach(page: Page, url: string, browser?: Browser): Promise<PlaygroundPage> {
    await page.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return ['localhost', '127.0.0.1', '[::1]'].includes(host) ? route.continue() : route.abort();
    });
    return new PlaygroundPage(page, url, browser);
  }

  /**
   * Loads the UI; it opens on the Personal Chat with the bot and sends installationUpdate + conversationUpdate.
   * The client is one 9 MB script: parsing it takes ~5 s on an idle 2-core machine, far more under load.
   */
  async open(timeoutMs = 60000): Promise<void> {
    await this.page.goto(this.url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    await this.page.locator(SELECTORS.composeBox).waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Types into the compose box and presses Enter (Shift+Enter between lines). */
  async sendMessage(text: string): Promise<void> {
    const box = this.page.locator(SELECTORS.composeBox);
    await box.click();
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (i > 0) await this.page.keyboard.press('Shift+Enter');
      await this.page.keyboard.type(line);
    }
    await this.page.keyboard.press('Enter');
  }

  /** The latest bot message (text or card) containing the text; waits for it to be visible. */
  async waitForBotText(text: string | RegExp, timeoutMs = 15000): Promise<Locator> {
    const message = this.page.locator(SELECTORS.botMessage).filter({ hasText: text }).last();
    await message.waitFor({ state: 'visible', timeout: timeoutMs });
    return message;
  }

  /** The most recent top-level Adaptive Card in the conversation (a live locator: it follows in-place updates). */
  lastCard(): Locator {
    return this.page.locator(SELECTORS.botMessage).locator(SELECTORS.card).last();
  }

  /** Action buttons carry aria-label = the action's title. */
  async clickCardButton(title: string, card: Locator = this.lastCard()): Promise<void> {
    await card.getByRole('button', { name: title, exact: true }).click();
  }

  /** Fills Input.Text/Number/Date by label (or placeholder). The card's input ids are not in the DOM. */
  async fillCardInput(labelOrPlaceholder: string, value: string, card: Locator = this.lastCard()): Promise<void> {
    const input = card.getByLabel(startsWith(labelOrPlaceholder)).or(card.getByPlaceholder(labelOrPlaceholder, { exact: true }));
    await input.first().fill(value);
  }

  /** Picks choice titles in an Input.ChoiceSet found by label: compact (combobox) or expanded (radios/checkboxes). */
  async chooseCardChoice(label: string, titles: string | string[], card: Locator = this.lastCard()): Promise<void> {
    const wanted = Array.isArray(titles) ? titles : [titles];
    const combobox = card.getByRole('combobox', { name: startsWith(label) });
    if (await combobox.count() > 0) {
      await combobox.first().click();
      // The listbox is portalled to the end of <body>, outside the card.
      for (const title of wanted) await this.page.getByRole('option', { name: title, exact: true }).click();
      if (await combobox.first().getAttribute('aria-expanded') === 'true') await this.page.keyboard.press('Escape');
      return;
    }
    const group = card.getByRole('radiogroup', { name: startsWith(label) }).or(card.getByRole('group', { name: startsWith(label) }));
    if (await group.count() === 0) {
      throw new PlaygroundError('CARD_CONTROL_NOT_FOUND', `No choice set labelled "${label}" in the card`);
    }
    for (const title of wanted) {
      await group.first().getByRole('radio', { name: title, exact: true })
        .or(group.first().getByRole('checkbox', { name: title, exact: true })).check();
    }
  }

  /** Input.Toggle: a checkbox named by the toggle's title. */
  async setCardToggle(title: string, on: boolean, card: Locator = this.lastCard()): Promise<void> {
    await card.getByRole('checkbox', { name: title, exact: true }).setChecked(on);
  }

  async screenshot(filePath: string): Promise<void> {
    await this.page.screenshot({ path: filePath });
  }

  /** Closes the browser if launch() created it. */
  async close(): Promise<void> {
    await this.browser?.close();
  }
}
