/**
 * The web UI in headless Chromium against the local broker (every function under AWS's rules), filled through the
 * official CLI (scenario.ts). Each page shows the right names, versions, verdicts and notices; links lead between
 * pages; no page breaks its Content-Security-Policy or logs an error; axe-core finds no serious violation; a
 * screenshot of every page is kept in test-artifacts/ui/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { launchBrowser, openPage, screenshot, seriousViolations, settle, type OpenedPage } from './browser.ts';
import { fillScenario, type Scenario } from './scenario.ts';

let broker: TestBroker;
let browser: Browser;
let scenario: Scenario;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  [broker, browser] = await Promise.all([startTestBroker(), launchBrowser()]);
  scenario = await fillScenario(broker.url);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await broker?.close();
});

/** `allowStatus`: answers the page handles itself (an unverified pact's latest verification is a 404). */
async function visit(hash: string, name: string, allowStatus: readonly number[] = []): Promise<Page> {
  const result = await openPage(browser, `${broker.url}/${hash}`, { allowStatus });
  opened.push(result);
  await screenshot(result.page, name);
  return result.page;
}

/** The visible text of the elements matching `selector`, trimmed. */
const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).evaluateAll((elements) => elements.map((element) => (element as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));

/** Checks that the page did nothing wrong and is accessible; every test ends with it. */
async function healthy(page: Page): Promise<void> {
  const result = opened.find((entry) => entry.page === page);
  expect(result?.problems ?? [], 'console errors, CSP refusals or failed requests').toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
}

describe('serving', () => {
  it('answers a browser at the base URL with the page, and API clients with the HAL index', async () => {
    const pageLoad = await fetch(`${broker.url}/`, { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(pageLoad.status).toBe(200);
    expect(pageLoad.headers.get('content-type')).toBe('text/html;charset=utf-8');
    expect(pageLoad.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await pageLoad.text();
    const script = /src="([^"]+\.js)"/.exec(html)?.[1] as string;
    expect(script).toMatch(/^\/ui\/main-[A-Z0-9]+\.js$/);

    const asset = await fetch(`${broker.url}${script}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await asset.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${broker.url}/ui/main-NOSUCHFILE.js`)).status).toBe(404);

    for (const accept of ['application/hal+json', 'application/hal+json, application/json, */*', '*/*']) {
      const index = await http(broker.url, 'GET', '/', undefined, { Accept: accept });
      expect(index.headers.get('content-type'), accept).toBe('application/hal+json;charset=utf-8');
      expect(index.body._links['pb:integrations'].href).toBe(`${broker.url}/integrations`);
    }
  });
});

describe('integrations', () => {
  it('lists every consumer and provider pair with its latest contract, verification and where each runs', async () => {
    const page = await visit('', 'integrations');
    expect(await page.locator('h1').innerText()).toBe('Integrations');
    const rows = await texts(page, 'table.integrations tbody tr');
    const row = (consumer: string, provider: string) => rows.find((text) => text.startsWith(`${consumer} ${provider} `)) ?? '';
    expect(rows).toHaveLength(6);
    expect(row('Kiosk', 'Catalog')).toContain('Failed');
    expect(row('Web', 'Orders')).toContain('1.2.0');
    expect(row('Web', 'Orders')).toContain('Not verified since changed');
    expect(row('Web', 'Users')).toContain('Failed');
    expect(row('Web', 'Users')).toContain('by 5.0.0');
    expect(row('Mobile', 'Orders')).toContain('Verified');
    expect(row('Mobile', 'Catalog')).toContain('Verified');
    expect(row('Mobile', 'Catalog')).toContain('by 7.0.0');
    expect(row('Admin', 'Users')).toContain('Never verified');
    expect(row('Web', 'Orders')).toContain('Production: 1.0.0');
    expect(row('Web', 'Orders')).toContain('Test: 1.1.0');
    expect(row('Web', 'Orders')).toContain('Production: 3.0.0');
    expect(row('Mobile', 'Orders')).toContain('Production: 2.0.0 · released');
    await healthy(page);
  });

  it('filters by name and status, in the address', async () => {
    const page = await visit('', 'integrations-filtered');
    await page.getByLabel('Filter by application').fill('mobile');
    expect(await texts(page, 'table.integrations tbody th')).toEqual(['Mobile', 'Mobile']);
    expect(page.url()).toContain('#/integrations?q=mobile');
    await page.getByLabel('Filter by application').fill('');
    await page.getByLabel('Verification status').selectOption('failed');
    expect(await texts(page, 'table.integrations tbody tr')).toEqual([expect.stringMatching(/^Kiosk Catalog /), expect.stringMatching(/^Web Users /)]);
    const shared = await visit('#/integrations?status=unverified', 'integrations-unverified');
    expect(await texts(shared, 'table.integrations tbody th')).toEqual(['Admin']);
    await healthy(page);
  });

  it('links to the application and contract pages', async () => {
    const page = await visit('', 'integrations-links');
    await page.locator('tr[data-integration="Admin -> Users"] th a').click();
    await settle(page);
    expect(page.url()).toMatch(/#\/applications\/Admin$/);
    expect(await page.locator('h1').innerText()).toBe('Admin');
    await page.goBack();
    await settle(page);
    await page.locator('tr[data-integration="Web -> Orders"] td a', { hasText: '1.2.0' }).click();
    await settle(page);
    expect(page.url()).toMatch(/#\/contracts\/Web\/Orders\/1\.2\.0$/);
  });
});

describe('application', () => {
  it('shows versions newest first with branches, tags and environments, and who depends on it', async () => {
    const page = await visit('#/applications/Web', 'application-web');
    expect(await page.locator('h1').innerText()).toBe('Web');
    const versions = await texts(page, 'table.versions tbody tr');
    expect(versions.map((text) => text.split(' ')[0])).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect(versions[0]).toContain('feat/search');
    expect(versions[1]).toContain('main');
    expect(versions[1]).toContain('Test');
    expect(versions[2]).toContain('Production');
    expect(versions[2]).toContain('Test · before');
    expect(await texts(page, '#providers-heading + ul > li > a:first-child')).toEqual(['Orders', 'Users']);
    await healthy(page);

    const orders = await visit('#/applications/Orders', 'application-orders');
    // "Who depends on me?"
    expect(await texts(orders, '#consumers-heading + ul > li > a:first-child')).toEqual(['Mobile', 'Web']);
    const catalog = await visit('#/applications/Catalog', 'application-catalog');
    expect(await texts(catalog, '#consumers-heading + ul > li > a:first-child')).toEqual(['Kiosk', 'Mobile']);
    await healthy(orders);
  });

  for (const [pacticipant, version, environment, verdict] of [
    ['Web', '1.1.0', 'production', 'no'],
    ['Mobile', '2.0.0', 'production', 'yes'],
  ] as const) {
    it(`answers can-i-deploy ${pacticipant} ${version} to ${environment} as the CLI does (${verdict})`, async () => {
      const cli = scenario.canIDeploy[`${pacticipant}@${version}->${environment}`];
      expect(cli?.code).toBe(verdict === 'yes' ? 0 : 1);
      const page = await visit(`#/applications/${pacticipant}`, `can-i-deploy-${pacticipant}-${verdict}`);
      await page.getByLabel('Version', { exact: true }).fill(version);
      await page.getByLabel('To environment').selectOption(environment);
      await page.getByRole('button', { name: 'Check' }).click();
      await settle(page);
      expect(page.url()).toContain(`version=${version}`);
      expect(await page.locator('.verdict').getAttribute('data-verdict')).toBe(verdict);
      expect(await page.locator('.verdict-line').innerText()).toBe(verdict === 'yes' ? 'Computer says yes \\o/' : 'Computer says no ¯\\_(ツ)_/¯');
      // Every notice the CLI printed is on the page, word for word.
      const notices = await texts(page, '.verdict .notices li');
      expect(notices.length).toBeGreaterThan(0);
      for (const notice of notices) expect(cli?.output.replace(/\s+/g, ' ')).toContain(notice);
      await screenshot(page, `can-i-deploy-${pacticipant}-${verdict}-answered`);
      // The verdict's address is shareable: opening it answers at once.
      const shared = await visit(`#/applications/${pacticipant}?version=${version}&environment=${environment}`, `can-i-deploy-${pacticipant}-${verdict}-shared`);
      expect(await shared.locator('.verdict').getAttribute('data-verdict')).toBe(verdict);
      await healthy(page);
    });
  }

  it('says so for an application that does not exist', async () => {
    const page = await visit('#/applications/Nobody', 'application-missing');
    expect(await page.locator('[role=alert]').innerText()).toContain('Nothing by that name');
  });
});

describe('environments', () => {
  it('shows what runs in production now, and the timeline of what ran there', async () => {
    const page = await visit('#/environments/production', 'environment-production');
    expect(await page.locator('h1').innerText()).toContain('Production');
    expect((await texts(page, 'table.deployed tbody tr')).map((text) => text.split(' ').slice(0, 2).join(' ')).sort()).toEqual(['Catalog 7.0.0', 'Orders 3.0.0', 'Users 5.0.0', 'Web 1.0.0']);
    expect((await texts(page, 'table.released tbody tr')).map((text) => text.split(' ').slice(0, 2).join(' '))).toEqual(['Mobile 2.0.0']);
    const events = await page.locator('ol.timeline li').evaluateAll((items) => items.map((item) => item.getAttribute('data-event')));
    expect(events).toEqual(['released Mobile 2.0.0', 'deployed Web 1.0.0', 'deployed Catalog 7.0.0', 'deployed Users 5.0.0', 'deployed Orders 3.0.0']);
    await healthy(page);
  });

  it('shows a replaced deployment as undeployed in the timeline', async () => {
    const page = await visit('#/environments/test', 'environment-test');
    const events = await page.locator('ol.timeline li').evaluateAll((items) => items.map((item) => item.getAttribute('data-event')));
    expect(events).toContain('undeployed Web 1.0.0');
    expect(events.indexOf('deployed Web 1.1.0')).toBeLessThan(events.indexOf('deployed Web 1.0.0'));
    expect((await texts(page, 'table.deployed tbody tr')).map((text) => text.split(' ').slice(0, 2).join(' '))).toEqual(['Web 1.1.0']);
    await healthy(page);
  });

  it('lists every environment with its contents', async () => {
    const page = await visit('#/environments', 'environments');
    expect(await texts(page, '.environment-cards h2 a')).toEqual(['Production', 'Test']);
    await page.getByRole('link', { name: 'Test', exact: true }).click();
    await settle(page);
    expect(page.url()).toMatch(/#\/environments\/test$/);
    await healthy(page);
  });
});

describe('matrix', () => {
  it('answers a deep link with the API selectors, with a reason on each row', async () => {
    const page = await visit('#/matrix?q[][pacticipant]=Web&q[][version]=1.1.0&q[][pacticipant]=Users&latestby=cvpv', 'matrix-deep-link');
    expect(await page.locator('input[name="pacticipant-0"]').inputValue()).toBe('Web');
    expect(await page.locator('input[name="value-0"]').inputValue()).toBe('1.1.0');
    const rows = await texts(page, 'table.matrix tbody tr');
    expect(rows).toEqual([expect.stringMatching(/^Web 1\.1\.0 Users 5\.0\.0 Failed .*Verification failed$/)]);
    await healthy(page);
  });

  it('builds the query from the form, and the address follows it', async () => {
    const page = await visit('#/matrix', 'matrix-form');
    await page.locator('input[name="pacticipant-0"]').fill('Mobile');
    await page.locator('select[name="kind-0"]').selectOption('version');
    await page.locator('input[name="value-0"]').fill('2.0.0');
    await page.locator('select[name="latestby"]').selectOption('cvp');
    await page.locator('input[name="to-environment"]').fill('production');
    await page.getByRole('button', { name: 'Show matrix' }).click();
    await settle(page);
    expect(decodeURIComponent(page.url())).toContain('#/matrix?q[][pacticipant]=Mobile&q[][version]=2.0.0&latestby=cvp&environment=production');
    await screenshot(page, 'matrix-form-answered');
    const rows = (await texts(page, 'table.matrix tbody tr')).join('\n');
    expect(rows).toMatch(/^Mobile 2\.0\.0 Orders 3\.0\.0 Verified/m);
    expect(rows).toMatch(/^Mobile 2\.0\.0 Catalog 7\.0\.0 Verified bi-directional/m);
    await healthy(page);
  });
});

describe('contracts', () => {
  it('shows a pact\'s interactions and its differences from an earlier version', async () => {
    const page = await visit('#/contracts/Web/Orders/1.2.0', 'contract-web-orders', [404]);
    expect(await page.locator('h1').innerText()).toBe('Web → Orders');
    const interactions = await page.locator('[data-interaction]').evaluateAll((items) => items.map((item) => item.getAttribute('data-interaction')));
    expect(interactions.sort()).toEqual(['a request for order 1', 'a search for orders']);
    await healthy(page);

    const compared = await visit('#/contracts/Web/Orders/1.2.0?compare=1.1.0', 'contract-web-orders-diff', [404]);
    const entries = await compared.locator('[data-diff]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-diff')} ${item.getAttribute('data-interaction-key')}`));
    expect(entries.sort()).toEqual(['added a search for orders', 'changed a request for order 1', 'removed a request for all orders']);
    expect(await compared.locator('[data-diff="changed"]').innerText()).toContain('currency');
    await healthy(compared);
  });

  it('shows a verified pact with its verification', async () => {
    const page = await visit('#/contracts/Mobile/Orders/2.0.0', 'contract-mobile-orders');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Verified');
    expect(text).toContain('3.0.0');
    await healthy(page);
  });

  it('shows a bi-directional comparison\'s mismatches in the pact and in the OpenAPI document', async () => {
    const page = await visit('#/contracts/Kiosk/Catalog/1.0.0', 'contract-kiosk-catalog', [404]);
    expect(await page.locator('[data-mismatch]').count()).toBeGreaterThan(0);
    const mismatches = await page.locator('[data-mismatch]').allInnerTexts();
    expect(mismatches.join('\n')).toContain('/crocodiles/Bob');
    expect(await page.locator('main').innerText()).toContain('/alligators/{name}');
    await screenshot(page, 'contract-kiosk-catalog-mismatch');
    await healthy(page);

    const compatible = await visit('#/contracts/Mobile/Catalog/2.0.0', 'contract-mobile-catalog', [404]);
    expect(await compatible.locator('[data-mismatch]').count()).toBe(0);
    expect(await compatible.locator('main').innerText()).toContain('7.0.0');
    await healthy(compatible);
  });
});

describe('network', () => {
  it('draws every integration coloured by its status, and focuses on one application', async () => {
    const page = await visit('#/network', 'network');
    const nodes = await page.locator('[data-node]').evaluateAll((items) => items.map((item) => item.getAttribute('data-node')));
    expect(nodes.sort()).toEqual(['Admin', 'Catalog', 'Kiosk', 'Mobile', 'Orders', 'Users', 'Web']);
    const edges = Object.fromEntries(await page.locator('[data-edge]').evaluateAll((items) => items.map((item) => [item.getAttribute('data-edge'), item.getAttribute('data-status')])));
    expect(edges).toEqual({ 'Web -> Orders': 'stale', 'Web -> Users': 'failed', 'Mobile -> Orders': 'success', 'Mobile -> Catalog': 'success', 'Kiosk -> Catalog': 'failed', 'Admin -> Users': 'unverified' });
    await healthy(page);

    const focused = await visit('#/network?focus=Orders', 'network-focus-orders');
    const shown = await focused.locator('[data-node]').evaluateAll((items) => items.map((item) => item.getAttribute('data-node')));
    expect(shown.sort()).toEqual(['Mobile', 'Orders', 'Web']);
    await healthy(focused);
  });
});

describe('API browser', () => {
  it('shows a resource with its links, and follows them', async () => {
    const page = await visit('#/api', 'api-index');
    await page.locator('table.links a', { hasText: '/pacticipants' }).first().click();
    await settle(page);
    expect(decodeURIComponent(page.url())).toContain('#/api?path=/pacticipants');
    expect(await page.locator('pre.json').innerText()).toContain('"Mobile"');
    await page.locator('table.links a', { hasText: '/pacticipants/Web' }).first().click();
    await settle(page);
    expect(await page.locator('pre.json').innerText()).toContain('"name": "Web"');
    await healthy(page);
  });

  it('expands a templated link', async () => {
    const page = await visit('#/api', 'api-templated');
    const form = page.locator('tr', { has: page.locator('code', { hasText: /^pb:latest-version$/ }) }).locator('form');
    await form.getByLabel('pacticipant').fill('Orders');
    await form.getByRole('button', { name: 'Open' }).click();
    await settle(page);
    expect(await page.locator('pre.json').innerText()).toContain('"number": "3.0.0"');
    await healthy(page);
  });
});
