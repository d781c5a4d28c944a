/**
 * Headless Chromium for the UI tests: Debian's `chromium` (browsers cannot be downloaded here; .ci/run installs the
 * package) driven by playwright-core. Each page is opened in a fresh context, with everything that goes wrong in it
 * collected: console errors, uncaught exceptions, Content-Security-Policy refusals, failed requests. Screenshots are
 * kept under test-artifacts/ui/ and an axe-core check reports serious and critical violations.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const ARTIFACTS = join(projectRoot, 'test-artifacts/ui');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium; .ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: without these Chromium keeps trying Google's services.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface OpenedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Everything that went wrong in the page so far. */
  readonly problems: string[];
  /** Every request the page made, as `METHOD URL` with its Authorization header if any. */
  readonly requests: { url: string; resourceType: string; authorization?: string }[];
}

export async function openContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', locale: 'en-GB', timezoneId: 'UTC' });
}

/** A page in `context` (a fresh one unless given) at `url`, waiting until its data has loaded. */
export async function openPage(browser: Browser, url: string, options: { context?: BrowserContext; allowStatus?: readonly number[] } = {}): Promise<OpenedPage> {
  const context = options.context ?? (await openContext(browser));
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: OpenedPage['requests'] = [];
  const allowed = new Set(options.allowStatus ?? []);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // A response the page handles (a 401 before the token, a 404 it shows) is logged by Chromium too.
    if (/Failed to load resource: the server responded with a status of (\d+)/.test(message.text())) {
      const status = Number(/status of (\d+)/.exec(message.text())?.[1]);
      if (allowed.has(status)) return;
    }
    problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Navigating away cancels the previous page's requests; that is not a failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('request', (request) => {
    const authorization = request.headers()['authorization'];
    requests.push({ url: request.url(), resourceType: request.resourceType(), ...(authorization !== undefined ? { authorization } : {}) });
  });
  await page.goto(url);
  await settle(page);
  return { page, context, problems, requests };
}

/** Waits until the page has rendered what the last action started, no request is in flight and no "Loading…" is shown. */
export async function settle(page: Page): Promise<void> {
  // Preact runs effects (which start the loads) after the next frame: let two frames pass first.
  for (let frame = 0; frame < 2; frame++) await page.evaluate(() => new Promise<void>((resolveFrame) => requestAnimationFrame(() => setTimeout(resolveFrame, 0))));
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelector('.loading') === null, undefined, { timeout: 20_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is now; the serious and critical violations. The script is
 * evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
