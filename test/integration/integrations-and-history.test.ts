/**
 * `GET /integrations` and `GET /environments/{uuid}/history` over HTTP against the local broker (the template's routes,
 * functions and roles under AWS's rules): pacts published with `/contracts/publish`, verification results, a
 * bi-directional provider contract compared by the worker through the queue, and deployments, undeployments, releases
 * and ends of support recorded as the CLIs record them. Also the DynamoDB requests `GET /integrations` makes for 20
 * integrations (bounded per integration, whatever their history).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';

const oas = readFileSync(resolve(import.meta.dirname, '../fixtures/oas/bar.yaml'), 'utf8');

/** A pact between the two whose content differs by `path`. */
const pact = (consumer: string, provider: string, path = '/alligators/Mary') => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [{ description: `a request for ${path}`, request: { method: 'GET', path, headers: { Accept: 'application/json' } }, response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { name: 'Mary' } } }],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

async function publish(broker: TestBroker, consumer: string, version: string, provider: string, path?: string): Promise<void> {
  const body = {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch: 'main',
    contracts: [{ consumerName: consumer, providerName: provider, specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(pact(consumer, provider, path))).toString('base64') }],
  };
  const response = await http(broker.url, 'POST', '/contracts/publish', body);
  expect(response.status, response.text).toBe(200);
}

/** Publishes a verification result for the latest pact between the two; answers the result's href. */
async function verify(broker: TestBroker, consumer: string, provider: string, providerVersion: string, success: boolean): Promise<string> {
  const latest = await http(broker.url, 'GET', `/pacts/provider/${provider}/consumer/${consumer}/latest`);
  const response = await http(broker.url, 'POST', latest.body._links['pb:publish-verification-results'].href, { success, providerApplicationVersion: providerVersion });
  expect(response.status, response.text).toBe(201);
  return response.body._links.self.href as string;
}

const shaOfLatest = async (broker: TestBroker, consumer: string, provider: string): Promise<string> =>
  (await http(broker.url, 'GET', `/pacts/provider/${provider}/consumer/${consumer}/latest`)).body._links['pb:pact-version'].name as string;

/** DynamoDB requests the function behind `routeKey` made so far (its principal label ends in `(<routeKey>)`). */
function dynamoRequestsOf(broker: TestBroker, routeKey: string): number {
  let total = 0;
  for (const [key, count] of broker.aws.endpoint.calls) if (key.startsWith('dynamodb ') && key.includes(`(${routeKey})`)) total += count;
  return total;
}

type Integration = { consumer: { name: string }; provider: { name: string }; verificationStatus: string; latestPact: Record<string, unknown>; latestVerification?: Record<string, unknown> & { _links: { self: { href: string } } } };

async function integrations(broker: TestBroker): Promise<Integration[]> {
  const response = await http(broker.url, 'GET', '/integrations');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/hal+json');
  return response.body._embedded.integrations as Integration[];
}

async function integrationOf(broker: TestBroker, consumer: string, provider: string, until?: (integration: Integration) => boolean): Promise<Integration> {
  for (let attempt = 0; ; attempt++) {
    const found = (await integrations(broker)).find((integration) => integration.consumer.name === consumer && integration.provider.name === provider);
    if (found !== undefined && (until === undefined || until(found))) return found;
    if (attempt >= 150) throw new Error(`${consumer} → ${provider}: ${JSON.stringify(found)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('GET /integrations', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ queueVisibilityTimeoutSeconds: 2 });
  }, 120_000);
  afterAll(async () => {
    await broker?.close();
  });

  it('lists every pair with a pact, by consumer then provider, each with its latest pact and what that content was last checked with', async () => {
    const empty = await http(broker.url, 'GET', '/integrations');
    expect(empty.body).toEqual({ _embedded: { integrations: [] }, _links: { self: { href: `${broker.url}/integrations`, title: 'Integrations' } } });
    expect((await http(broker.url, 'GET', '/')).body._links['pb:integrations']).toEqual({ href: `${broker.url}/integrations`, title: 'Integrations', templated: false });

    await publish(broker, 'Gamma', '1', 'Bar');
    await publish(broker, 'Alpha', '1', 'Bar');
    const firstResult = await verify(broker, 'Alpha', 'Bar', '10', true);
    expect((await integrationOf(broker, 'Alpha', 'Bar')).verificationStatus).toBe('success');

    // New content: the earlier content's verification makes the integration stale, and is the one shown.
    await publish(broker, 'Alpha', '2', 'Bar', '/alligators/Anna');
    const stale = await integrationOf(broker, 'Alpha', 'Bar');
    const sha2 = await shaOfLatest(broker, 'Alpha', 'Bar');
    expect(stale).toMatchObject({
      consumer: { name: 'Alpha', _links: { self: { href: `${broker.url}/pacticipants/Alpha` } } },
      provider: { name: 'Bar', _links: { self: { href: `${broker.url}/pacticipants/Bar` } } },
      latestPact: { consumerVersion: '2', pactVersionSha: sha2, createdAt: expect.stringMatching(/\+00:00$/), _links: { self: { href: `${broker.url}/pacts/provider/Bar/consumer/Alpha/version/2` } } },
      verificationStatus: 'stale',
      latestVerification: { kind: 'verification', success: true, providerVersion: '10', verifiedAt: expect.stringMatching(/\+00:00$/), _links: { self: { href: firstResult } } },
    });
    expect((await http(broker.url, 'GET', (stale.latestPact['_links'] as { self: { href: string } }).self.href)).body.interactions[0].request.path).toBe('/alligators/Anna');
    expect((await http(broker.url, 'GET', firstResult)).body).toMatchObject({ providerApplicationVersion: '10', success: true });

    // The latest content verified, unsuccessfully: failed, whatever the earlier content's result.
    const failedResult = await verify(broker, 'Alpha', 'Bar', '11', false);
    expect(await integrationOf(broker, 'Alpha', 'Bar')).toMatchObject({ verificationStatus: 'failed', latestVerification: { kind: 'verification', success: false, providerVersion: '11', _links: { self: { href: failedResult } } } });
    // A newer result for the earlier content (a provider verifying a deployed consumer version) changes nothing.
    const earlier = (await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Alpha/version/1')).body._links['pb:publish-verification-results'].href as string;
    expect((await http(broker.url, 'POST', earlier, { success: true, providerApplicationVersion: '12' })).status).toBe(201);
    expect(await integrationOf(broker, 'Alpha', 'Bar')).toMatchObject({ verificationStatus: 'failed', latestVerification: { providerVersion: '11' } });

    // Bi-directional: a provider contract with a successful self-verification, and pacts on the main branch, which the
    // worker compares ahead of time.
    const contract = { pacticipantVersionNumber: '3.0.0', branch: 'main', contract: { content: Buffer.from(oas).toString('base64'), contentType: 'application/yaml', specification: 'oas', selfVerificationResults: { success: true, verifier: 'schemathesis' } } };
    expect((await http(broker.url, 'POST', '/provider-contracts/provider/Oas/publish', contract)).status).toBe(200);
    await publish(broker, 'Beta', '1', 'Oas');
    await publish(broker, 'Delta', '1', 'Oas', '/crocodiles/Mary');
    const beta = await integrationOf(broker, 'Beta', 'Oas', (integration) => integration.verificationStatus !== 'unverified');
    const betaSha = await shaOfLatest(broker, 'Beta', 'Oas');
    expect(beta).toMatchObject({
      verificationStatus: 'success',
      latestVerification: { kind: 'comparison', success: true, providerVersion: '3.0.0', _links: { self: { href: `${broker.url}/contracts/provider/Oas/version/3.0.0/consumer/Beta/pact-version/${betaSha}/verification-results` } } },
    });
    expect((await http(broker.url, 'GET', beta.latestVerification?._links.self.href as string)).body.summary).toEqual({ success: true });
    expect(await integrationOf(broker, 'Delta', 'Oas', (integration) => integration.verificationStatus !== 'unverified')).toMatchObject({ verificationStatus: 'failed', latestVerification: { kind: 'comparison', success: false, providerVersion: '3.0.0' } });

    // The provider version publishes the same document again with a failed self-verification: the comparison (of the
    // same contents) still counts, and fails now, as its can-i-deploy row would.
    expect((await http(broker.url, 'POST', '/provider-contracts/provider/Oas/publish', { ...contract, contract: { ...contract.contract, selfVerificationResults: { success: false } } })).status).toBe(200);
    expect(await integrationOf(broker, 'Beta', 'Oas')).toMatchObject({ verificationStatus: 'failed', latestVerification: { kind: 'comparison', success: false, providerVersion: '3.0.0' } });

    const all = await integrations(broker);
    expect(all.map((integration) => [integration.consumer.name, integration.provider.name, integration.verificationStatus])).toEqual([
      ['Alpha', 'Bar', 'failed'],
      ['Beta', 'Oas', 'failed'],
      ['Delta', 'Oas', 'failed'],
      ['Gamma', 'Bar', 'unverified'],
    ]);
    expect(all.find((integration) => integration.consumer.name === 'Gamma')).not.toHaveProperty('latestVerification');
  }, 120_000);
});

describe('GET /integrations: DynamoDB requests for 20 integrations', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker();
  }, 120_000);
  afterAll(async () => {
    await broker?.close();
  });

  const measure = async (): Promise<number> => {
    const before = dynamoRequestsOf(broker, 'GET /integrations');
    expect(await integrations(broker)).toHaveLength(20);
    return dynamoRequestsOf(broker, 'GET /integrations') - before;
  };

  it('is bounded per integration: 1 + 2 per integration whose latest content was checked last, 4 for one that was not, whatever the history', async () => {
    const consumers = Array.from({ length: 20 }, (_, index) => `Consumer${String(index).padStart(2, '0')}`);
    for (const consumer of consumers) {
      await publish(broker, consumer, '1', 'Provider');
      await verify(broker, consumer, 'Provider', '1', true);
    }
    const verifiedLatest = await measure();
    // Longer histories: more provider versions verifying, and newer content nobody verified yet (stale).
    for (const consumer of consumers) {
      for (const providerVersion of ['2', '3', '4']) await verify(broker, consumer, 'Provider', providerVersion, true);
      await publish(broker, consumer, '2', 'Provider', '/alligators/Anna');
    }
    const stale = await measure();
    console.log(`GET /integrations, 20 integrations: ${verifiedLatest} DynamoDB requests with every latest content verified, ${stale} with every one stale`);
    expect(verifiedLatest).toBe(1 + 2 * 20);
    expect(stale).toBe(1 + 4 * 20);
    expect((await integrations(broker)).every((integration) => integration.verificationStatus === 'stale')).toBe(true);
  }, 180_000);
});

describe('GET /environments/{uuid}/history', () => {
  let broker: TestBroker;
  let test: { uuid: string; displayName: string };
  beforeAll(async () => {
    broker = await startTestBroker();
    test = (await http(broker.url, 'GET', '/environments?name=test')).body._embedded.environments[0];
  }, 120_000);
  afterAll(async () => {
    await broker?.close();
  });

  const history = async (query = '') => http(broker.url, 'GET', `/environments/${test.uuid}/history${query}`);
  const brief = (events: { type: string; pacticipant: { name: string }; version: string; applicationInstance?: string }[]) =>
    events.map((event) => `${event.type} ${event.pacticipant.name} ${event.version}${event.applicationInstance === undefined ? '' : `/${event.applicationInstance}`}`);

  it('lists deployments, undeployments, releases and ends of support, newest first, with links to the records and versions', async () => {
    const environment = (await http(broker.url, 'GET', `/environments/${test.uuid}`)).body;
    expect(environment._links['pb:history']).toEqual({ title: `History of deployments and releases in ${test.displayName}`, href: `${broker.url}/environments/${test.uuid}/history` });
    expect((await history()).body).toEqual({
      environment: { uuid: test.uuid, name: 'test', displayName: test.displayName, production: false },
      _embedded: { events: [] },
      _links: {
        self: { title: `History of deployments and releases in ${test.displayName}`, href: `${broker.url}/environments/${test.uuid}/history` },
        'pb:environment': { title: 'Environment', name: 'test', href: `${broker.url}/environments/${test.uuid}` },
      },
    });

    for (const [pacticipant, version] of [['Foo', '1'], ['Foo', '2'], ['App', '1']] as const) expect((await http(broker.url, 'PUT', `/pacticipants/${pacticipant}/versions/${version}`, {})).status).toBeLessThan(300);
    const deploy = async (version: string, body: object = {}) => {
      const response = await http(broker.url, 'POST', `/pacticipants/Foo/versions/${version}/deployed-versions/environment/${test.uuid}`, body);
      expect(response.status, response.text).toBe(201);
      return response.body as { uuid: string };
    };
    const patch = async (href: string, body: object) => expect((await http(broker.url, 'PATCH', href, body, { 'Content-Type': 'application/merge-patch+json' })).status).toBe(200);
    await deploy('1');
    const blue = await deploy('1', { applicationInstance: 'blue' });
    await deploy('2'); // replaces 1 in the no-instance slot: 1 is undeployed at the same instant
    await patch(`${broker.url}/deployed-versions/${blue.uuid}`, { currentlyDeployed: false });
    const release = (await http(broker.url, 'POST', `/pacticipants/App/versions/1/released-versions/environment/${test.uuid}`, {})).body as { uuid: string };
    await patch(`${broker.url}/released-versions/${release.uuid}`, { currentlySupported: false });

    const answer = await history();
    expect(answer.status).toBe(200);
    const events = answer.body._embedded.events;
    expect(brief(events)).toEqual(['supportEnded App 1', 'released App 1', 'undeployed Foo 1/blue', 'deployed Foo 2', 'undeployed Foo 1', 'deployed Foo 1/blue', 'deployed Foo 1']);
    expect(events[0]).toEqual({
      type: 'supportEnded',
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
      pacticipant: { name: 'App' },
      version: '1',
      _links: { self: { href: `${broker.url}/released-versions/${release.uuid}` }, 'pb:version': { href: `${broker.url}/pacticipants/App/versions/1` } },
    });
    expect(events[2]._links.self.href).toBe(`${broker.url}/deployed-versions/${blue.uuid}`);
    for (const event of events) for (const link of Object.values(event._links) as { href: string }[]) expect((await http(broker.url, 'GET', link.href)).status, link.href).toBe(200);
    const times = events.map((event: { at: string }) => event.at);
    expect([...times].sort().reverse()).toEqual(times);

    // Released again after the end of support: the same record, a second release; the earlier end is no longer known.
    expect((await http(broker.url, 'POST', `/pacticipants/App/versions/1/released-versions/environment/${test.uuid}`, {})).status).toBe(200);
    expect(brief((await history('?size=3')).body._embedded.events)).toEqual(['released App 1', 'released App 1', 'undeployed Foo 1/blue']);
    const before = dynamoRequestsOf(broker, 'GET /environments/{environmentId}/history');
    expect(brief((await history('?size=1')).body._embedded.events)).toEqual(['released App 1']);
    // The environment, its deployment records and its release records, read at once.
    expect(dynamoRequestsOf(broker, 'GET /environments/{environmentId}/history') - before).toBe(3);
    expect(brief((await history()).body._embedded.events).filter((event) => event.startsWith('released'))).toEqual(['released App 1', 'released App 1']);
    // Another environment's history has none of it.
    const production = (await http(broker.url, 'GET', '/environments?name=production')).body._embedded.environments[0];
    expect((await http(broker.url, 'GET', `/environments/${production.uuid}/history`)).body._embedded.events).toEqual([]);
  }, 60_000);

  it('refuses a size outside 1..1000 and answers 404 for an unknown environment', async () => {
    for (const size of ['0', '1001', 'x', '1.5']) {
      const response = await history(`?size=${size}`);
      expect(response.status, size).toBe(400);
      expect(response.text).toContain('size');
    }
    expect((await history('?size=1000')).status).toBe(200);
    const unknown = await http(broker.url, 'GET', '/environments/no-such-uuid/history');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "No environment with uuid 'no-such-uuid' found" });
  });
});
