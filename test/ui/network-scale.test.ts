/**
 * The network page at the size the issue names: 60 applications (30 consumers, 30 providers, 75 contracts, every
 * status). Every application is drawn inside the diagram and labelled, focus shows one application's neighbours only,
 * and the page stays accessible. Screenshots: test-artifacts/ui/network-60*.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { launchBrowser, openPage, screenshot, seriousViolations } from './browser.ts';

let broker: TestBroker;
let browser: Browser;
const consumers = Array.from({ length: 30 }, (_, index) => `consumer-${String(index).padStart(2, '0')}`);
const providers = Array.from({ length: 30 }, (_, index) => `provider-${String(index).padStart(2, '0')}`);
/** Each consumer talks to two or three providers, so some providers have many consumers and some few. */
const providersOf = (index: number): string[] => [providers[index % 30], providers[(index * 7 + 3) % 30], ...(index % 2 === 0 ? [providers[(index * 11 + 5) % 30]] : [])].filter((value, at, all): value is string => value !== undefined && all.indexOf(value) === at);

beforeAll(async () => {
  [broker, browser] = await Promise.all([startTestBroker(), launchBrowser()]);
  for (const [index, consumer] of consumers.entries()) {
    const contracts = providersOf(index).map((provider) => ({
      consumerName: consumer,
      providerName: provider,
      specification: 'pact',
      contentType: 'application/json',
      content: Buffer.from(JSON.stringify({ consumer: { name: consumer }, provider: { name: provider }, interactions: [{ description: `a request from ${consumer}`, request: { method: 'GET', path: `/${consumer}` }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } })).toString('base64'),
    }));
    const published = await http(broker.url, 'POST', '/contracts/publish', { pacticipantName: consumer, pacticipantVersionNumber: '1.0.0', branch: 'main', contracts });
    expect(published.status, published.text).toBe(200);
    // A third verified, a third failed, the rest never verified.
    if (index % 3 === 2) continue;
    for (const contract of published.body._links['pb:contracts'] as { href: string }[]) {
      const pact = await http(broker.url, 'GET', contract.href);
      const verified = await http(broker.url, 'POST', pact.body._links['pb:publish-verification-results'].href, { success: index % 3 === 0, providerApplicationVersion: '1.0.0' });
      expect(verified.status, verified.text).toBe(201);
    }
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await broker?.close();
});

it('draws 60 applications inside the diagram, each labelled, and focuses on one', async () => {
  const { page, problems } = await openPage(browser, `${broker.url}/#/network`);
  await screenshot(page, 'network-60');
  expect(await page.locator('[data-node]').count()).toBe(60);
  expect(await page.locator('[data-edge]').count()).toBe(consumers.reduce((sum, _, index) => sum + providersOf(index).length, 0));
  const statuses = new Set(await page.locator('[data-edge]').evaluateAll((edges) => edges.map((edge) => edge.getAttribute('data-status'))));
  expect([...statuses].sort()).toEqual(['failed', 'success', 'unverified']);
  // Every node is drawn inside the diagram's box.
  const box = await page.locator('svg.net-svg').boundingBox();
  expect(box).not.toBeNull();
  for (const node of await page.locator('[data-node]').all()) {
    const nodeBox = await node.boundingBox();
    expect(nodeBox).not.toBeNull();
    if (nodeBox === null || box === null) continue;
    expect(nodeBox.x).toBeGreaterThanOrEqual(box.x - 1);
    expect(nodeBox.y).toBeGreaterThanOrEqual(box.y - 1);
    expect(nodeBox.x + nodeBox.width).toBeLessThanOrEqual(box.x + box.width + 1);
    expect(nodeBox.y + nodeBox.height).toBeLessThanOrEqual(box.y + box.height + 1);
    expect((await node.locator('text').textContent())?.trim()).toBe(await node.getAttribute('data-node'));
  }
  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);

  const focused = await openPage(browser, `${broker.url}/#/network?focus=provider-03`);
  await screenshot(focused.page, 'network-60-focus');
  const shown = await focused.page.locator('[data-node]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node')));
  const neighbours = consumers.filter((_, index) => providersOf(index).includes('provider-03'));
  expect(shown.sort()).toEqual([...neighbours, 'provider-03'].sort());
  expect(await seriousViolations(focused.page)).toEqual([]);
  expect(focused.problems).toEqual([]);
});
