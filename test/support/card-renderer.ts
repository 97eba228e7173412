import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chartTypesWithFallback } from './chart-fallbacks';
import { teamsHostConfig } from './teams-host-config';

/**
 * Renders cards with the real `adaptivecards` SDK in headless Chromium, with the Teams light host config (from the
 * `adaptivecards-designer` package), at phone width. Fails on render errors and on parse or validation warnings
 * (unknown elements, missing labels, duplicate ids) except unknown chart types that carry a fallback. Writes one
 * screenshot per card.
 */

const REPO_ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const APT_LOG = '/tmp/apt-chromium.log';
const SDK = path.join(REPO_ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test/artifacts/cards');
const PHONE_WIDTH = 400;

export interface CardToRender {
  name: string;
  card: unknown;
}

export interface RenderedCard {
  name: string;
  screenshot: string;
  problems: string[];
}

function chromiumReady(): boolean {
  if (!fs.existsSync(CHROMIUM)) return false;
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  } catch {
    return false;
  }
  // Chromium may still be mid-install by apt; the install log ends with "done" when it has finished.
  if (!fs.existsSync(APT_LOG)) return true;
  return fs.readFileSync(APT_LOG, 'utf8').trim().split('\n').pop()?.trim() === 'done';
}

/** Why render tests should skip, or null to run them. On CI a missing Chromium is a failure, never a skip. */
export function renderSkipReason(): string | null {
  if (chromiumReady() || process.env.CI) return null;
  return `Chromium is not ready at ${CHROMIUM} (apt may still be installing it): card render tests skipped.`;
}

async function launch(): Promise<Browser> {
  if (!chromiumReady()) throw new Error(`Chromium is required to render cards but is not ready at ${CHROMIUM}.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

interface PageOutcome {
  events: { message: string; phase: string }[];
  rendered: boolean;
}

/** Runs in the page: parse, validate and render one card into #host. Kept free of Node references. */
function renderInPage(arg: { card: unknown; hostConfig: unknown }): PageOutcome {
  type Sdk = {
    AdaptiveCard: new () => {
      hostConfig: unknown;
      parse(json: unknown, ctx: unknown): void;
      render(): HTMLElement | undefined;
      validateProperties(): { validationEvents: { message: string; phase: number }[] };
    };
    HostConfig: new (json: unknown) => unknown;
    SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string; phase: number } };
  };
  const sdk = (window as unknown as { AdaptiveCards: Sdk }).AdaptiveCards;
  const card = new sdk.AdaptiveCard();
  card.hostConfig = new sdk.HostConfig(arg.hostConfig);
  const context = new sdk.SerializationContext();
  card.parse(arg.card, context);
  const events: PageOutcome['events'] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push({ message: e.message, phase: 'parse' });
  }
  for (const e of card.validateProperties().validationEvents) events.push({ message: e.message, phase: 'validate' });
  const host = document.getElementById('host');
  if (!host) throw new Error('no host element');
  host.innerHTML = '';
  const element = card.render();
  if (element) host.appendChild(element);
  return { events, rendered: element !== undefined };
}

function allowedEvent(message: string, chartTypes: Set<string>): boolean {
  const unknown = /^Unknown element type "([^"]+)"/.exec(message);
  return unknown !== null && unknown[1] !== undefined && chartTypes.has(unknown[1]);
}

function safeName(name: string): string {
  return name.replace(/[^a-z0-9-_]+/gi, '-');
}

/** Renders every card in one browser; throws listing every problem after screenshots are written. */
export async function renderCards(cards: readonly CardToRender[]): Promise<RenderedCard[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const hostConfig = teamsHostConfig('light');
  const browser = await launch();
  const results: RenderedCard[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: PHONE_WIDTH, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#f5f5f5;font-family:"Segoe UI",sans-serif}' +
        '#host{margin:8px;background:#fff;border-radius:4px;box-shadow:0 1px 2px rgba(0,0,0,.2)}</style></head>' +
        '<body><div id="host"></div></body></html>',
    );
    await page.addScriptTag({ path: SDK });
    for (const { name, card } of cards) {
      pageErrors.length = 0;
      const problems: string[] = [];
      const outcome = await page.evaluate(renderInPage, { card, hostConfig });
      const charts = chartTypesWithFallback(card);
      for (const e of outcome.events) if (!allowedEvent(e.message, charts)) problems.push(`${e.phase}: ${e.message}`);
      if (!outcome.rendered) problems.push('render returned nothing');
      problems.push(...pageErrors.map((m) => `page error: ${m}`));
      const screenshot = path.join(SCREENSHOT_DIR, `${safeName(name)}.png`);
      await page.locator('#host').screenshot({ path: screenshot });
      results.push({ name, screenshot, problems });
    }
  } finally {
    await browser.close();
  }
  const failed = results.filter((r) => r.problems.length > 0);
  if (failed.length > 0) {
    throw new Error(failed.map((r) => `${r.name}:\n  ${r.problems.join('\n  ')}`).join('\n'));
  }
  return results;
}
