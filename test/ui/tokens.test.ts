/**
 * The web UI with tokens on: the page loads without one and asks for it once; the token is kept in the tab's session
 * storage and sent only in the Authorization header (never in an address); a read-only token sees everything; a
 * tenant sees only its own data; forgetting the token asks again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sha256Hex } from '../../shared/services/auth.ts';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { runCli } from '../support/cli.ts';
import { launchBrowser, openContext, openPage, screenshot, seriousViolations, settle } from './browser.ts';
import { fillScenario } from './scenario.ts';

const ADMIN_TOKEN = 'ui-test-admin-credential-0123456789abcdef';
let broker: TestBroker;
let browser: Browser;
const tokens = { read: '', otherTenant: '' };

beforeAll(async () => {
  [broker, browser] = await Promise.all([startTestBroker({ auth: true, adminTokenSha256: sha256Hex(ADMIN_TOKEN) }), launchBrowser()]);
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  for (const tenant of ['alpha', 'bravo']) expect((await http(broker.url, 'POST', '/admin/tenants', { tenantId: tenant }, admin)).status).toBe(201);
  const issue = async (tenant: string, role: string) => (await http(broker.url, 'POST', `/admin/tenants/${tenant}/tokens`, { role }, admin)).body.token as string;
  const alphaWrite = await issue('alpha', 'write');
  tokens.read = await issue('alpha', 'read');
  tokens.otherTenant = await issue('bravo', 'read');
  await fillScenario(broker.url, alphaWrite);
  // Bravo has one application of its own, which alpha must never see.
  const bravoWrite = await issue('bravo', 'write');
  expect((await runCli('pact-broker', ['create-or-update-pacticipant', '--name', 'BravoOnly', '--broker-token', bravoWrite], broker.url)).code).toBe(0);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await broker?.close();
});

describe('with tokens on', () => {
  it('serves the page without a token, asks for one, and then shows the data', async () => {
    const { page, problems, requests } = await openPage(browser, `${broker.url}/#/integrations`, { allowStatus: [401] });
    expect(await page.locator('h1').innerText()).toBe('Token required');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tokens-asked');
    const beforeToken = requests.length;
    await page.getByLabel('API token').fill(tokens.read);
    await page.getByRole('button', { name: 'Use token' }).click();
    await settle(page);
    expect(await page.locator('h1').innerText()).toBe('Integrations');
    expect(await page.locator('table.integrations tbody tr').count()).toBe(6);
    await screenshot(page, 'tokens-read-only');

    // A read-only token reads every page.
    for (const hash of ['#/applications/Web?version=1.1.0&environment=production', '#/environments/production', '#/matrix?q[][pacticipant]=Web&latestby=cvp', '#/network', '#/contracts/Web/Orders/1.1.0', '#/api?path=/pacticipants']) {
      await page.goto(`${broker.url}/${hash}`);
      await settle(page);
      expect(await page.locator('[role=alert]').count(), hash).toBe(0);
      expect(await page.locator('h1').innerText(), hash).not.toBe('Token required');
    }
    expect(await page.locator('pre.json').innerText()).not.toContain('BravoOnly');

    // The token went in the Authorization header of API calls, never into an address.
    const apiCalls = requests.slice(beforeToken).filter((request) => !request.url.includes('/ui/') && request.resourceType === 'fetch');
    expect(apiCalls.length).toBeGreaterThan(10);
    for (const request of apiCalls) expect(request.authorization).toBe(`Bearer ${tokens.read}`);
    for (const request of requests) expect(request.url).not.toContain(tokens.read);
    expect(page.url()).not.toContain(tokens.read);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(problems).toEqual([]);

    // Kept for the tab's session: another tab starts without it, a reload does not ask again, forgetting does.
    const otherTab = await page.context().newPage();
    await otherTab.goto(`${broker.url}/`);
    await settle(otherTab);
    expect(await otherTab.locator('h1').innerText()).toBe('Token required');
    await otherTab.close();
    await page.reload();
    await settle(page);
    expect(await page.locator('h1').innerText()).toBe('API browser');
    await page.getByRole('button', { name: 'Forget token' }).click();
    await settle(page);
    expect(await page.locator('h1').innerText()).toBe('Token required');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('asks again for a token the broker refuses, and keeps tenants apart', async () => {
    const context = await openContext(browser);
    const { page } = await openPage(browser, `${broker.url}/#/applications`, { context, allowStatus: [401] });
    await page.getByLabel('API token').fill('not-a-token');
    await page.getByRole('button', { name: 'Use token' }).click();
    await settle(page);
    expect(await page.locator('h1').innerText()).toBe('Token required');
    await page.getByLabel('API token').fill(tokens.otherTenant);
    await page.getByRole('button', { name: 'Use token' }).click();
    await settle(page);
    expect(await page.locator('table tbody th').allInnerTexts()).toEqual(['BravoOnly']);
    await context.close();
  });
});
