/**
 * One regression test per class of defect the integrity issue names: a lone surrogate in a name, names too long for a
 * key, a deeply nested body, and contention that used to answer 500 while the write landed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

const publication = (interaction: string, version = '1') => ({
  pacticipantName: 'Merger',
  pacticipantVersionNumber: version,
  branch: 'main',
  contracts: [
    {
      consumerName: 'Merger',
      providerName: 'Bar',
      specification: 'pact',
      contentType: 'application/json',
      onConflict: 'merge',
      content: Buffer.from(JSON.stringify({ consumer: { name: 'Merger' }, provider: { name: 'Bar' }, interactions: [{ description: interaction, request: { method: 'GET', path: `/${interaction}` }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } })).toString('base64'),
    },
  ],
});

describe('integrity regressions', () => {
  it('refuses a name with a lone surrogate (it used to be stored and break every listing), and listings keep working', async () => {
    const created = await http(broker.url, 'POST', '/pacticipants', '{"name":"x\\ud800"}');
    expect([created.status, created.body]).toEqual([400, { errors: { name: ['must be well-formed Unicode (it contains a lone surrogate)'] } }]);
    const tagged = await http(broker.url, 'PUT', '/pacticipants/Foo/versions/1', '{"tags":[{"name":"t\\udc00"}]}');
    expect(tagged.status).toBe(400);
    expect((await http(broker.url, 'GET', '/pacticipants')).status).toBe(200);
    expect((await http(broker.url, 'GET', '/pacticipants/Foo/versions')).status).toBe(404);
  });

  it('answers 400, not a storage error, for names too long for a key in paths and queries', async () => {
    const long = 'n'.repeat(2100);
    for (const path of [`/pacticipants/${long}`, `/pacticipants/Foo/versions/${long}`, `/pacts/provider/${long}/consumer/Foo/latest`, `/can-i-deploy?pacticipant=${long}&version=1&to=prod`, `/matrix?q[][pacticipant]=${long}&q[][version]=1`]) {
      const response = await http(broker.url, 'GET', path);
      expect(response.status, path.slice(0, 60)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/json/);
    }
  });

  it('refuses a 10,000-level nested body with a 400 naming the field', async () => {
    const depth = 10_000;
    const response = await http(broker.url, 'PUT', '/pacts/provider/Bar/consumer/Foo/version/1', `{"consumer":{"name":"Foo"},"provider":{"name":"Bar"},"interactions":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect([response.status, Object.keys(response.body.errors)]).toEqual([400, ['interactions']]);
  });

  it('bounds matrix queries: duplicates merged, at most 50 selectors, at most 1000 rows, listings limited', async () => {
    for (const version of ['1', '2', '3']) expect((await http(broker.url, 'POST', '/contracts/publish', { ...publication(`rows-${version}`, version), pacticipantName: 'Merger' })).status).toBe(200);
    const matrix = (query: string) => http(broker.url, 'GET', `/matrix?${query}`);
    expect((await matrix('q[][pacticipant]=Merger&q[][pacticipant]=Bar')).body.matrix).toHaveLength(3);
    expect((await matrix('q[][pacticipant]=Merger&q[][pacticipant]=Bar&limit=2')).body.matrix).toHaveLength(2);
    expect((await matrix('q[][pacticipant]=Merger&q[][pacticipant]=Merger&q[][pacticipant]=Bar')).body.matrix).toHaveLength(3);
    const tooMany = await matrix(Array.from({ length: 60 }, (_, index) => `q[][pacticipant]=P${index}`).join('&'));
    expect([tooMany.status, tooMany.body.errors]).toEqual([400, ['Please provide at most 50 version selectors (60 different ones were given).']]);
    expect((await matrix('q[][pacticipant]=Merger&limit=5000')).status).toBe(400);
  });

  it('under 64 concurrent merge publications answers only 200 or 503 with Retry-After, and every 200 is merged', async () => {
    const results = await Promise.all(Array.from({ length: 64 }, (_, index) => http(broker.url, 'POST', '/contracts/publish', publication(`interaction-${index}`))));
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status !== 200 && status !== 503), statuses.join(',')).toEqual([]);
    for (const result of results) if (result.status === 503) expect(result.headers.get('retry-after')).toBeTruthy();
    const merged = (await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Merger/version/1')).body.interactions.map((interaction: { description: string }) => interaction.description) as string[];
    const acknowledged = results.flatMap((result, index) => (result.status === 200 ? [`interaction-${index}`] : []));
    for (const description of acknowledged) expect(merged).toContain(description);
    console.info(`64 concurrent merges: ${acknowledged.length} × 200, ${statuses.filter((status) => status === 503).length} × 503, ${merged.length} interactions stored`);
  }, 120_000);
});
