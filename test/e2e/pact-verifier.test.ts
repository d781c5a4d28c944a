/**
 * The official `pact-verifier` against the local broker: it fetches the pacts for verification with selectors,
 * verifies a small real provider on loopback, and publishes its results; can-i-deploy then sees them. Undeployment
 * stops a deployed version's pact being selected at once.
 */
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { pactBroker, runCli } from '../support/cli.ts';

let broker: TestBroker;
let provider: Server;
let providerPort = 0;
let alligatorName = 'Mary';

beforeAll(async () => {
  broker = await startTestBroker();
  // A tiny real provider for the Foo-Bar pact.
  provider = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/alligators/Mary') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ name: alligatorName }));
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((done) => provider.listen(0, '127.0.0.1', () => done()));
  const address = provider.address();
  providerPort = typeof address === 'object' && address !== null ? address.port : 0;
  const published = await pactBroker(broker.url, 'publish', resolve(import.meta.dirname, '../fixtures/pacts/Foo-Bar.json'), '-a', '1.0.0', '--branch', 'main');
  expect(published.code).toBe(0);
});
afterAll(async () => {
  await broker.close();
  await new Promise<void>((done) => provider.close(() => done()));
});

const verify = (version: string, extra: string[] = []) =>
  runCli('pact-verifier', ['--broker-url', broker.url, '--provider-name', 'Bar', '--hostname', '127.0.0.1', '--port', String(providerPort), '--publish', '--provider-version', version, '--provider-branch', 'main', '--enable-pending', ...extra], broker.url);

describe('pact-verifier with the broker', () => {
  it('fetches the main-branch pact, marks it pending for a new provider branch, verifies and publishes', async () => {
    const selection = await http(broker.url, 'POST', '/pacts/provider/Bar/for-verification', { consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }], providerVersionBranch: 'main', includePendingStatus: true });
    expect(selection.status).toBe(200);
    expect(selection.body._embedded.pacts).toHaveLength(1);
    expect(selection.body._embedded.pacts[0]).toMatchObject({ shortDescription: 'latest from main branch', verificationProperties: { pending: true } });
    expect(selection.body._embedded.pacts[0].verificationProperties.notices[0].text).toContain("latest version from the main branch 'main' (1.0.0)");

    const result = await verify('10', ['--consumer-version-selectors', JSON.stringify({ mainBranch: true })]);
    expect(result.code, result.output).toBe(0);
    const verified = await http(broker.url, 'GET', '/matrix?q[][pacticipant]=Foo&q[][version]=1.0.0&latestby=cvpv&q[][pacticipant]=Bar&q[][version]=10');
    expect(verified.body.matrix[0].verificationResult.success).toBe(true);

    const again = await http(broker.url, 'POST', '/pacts/provider/Bar/for-verification', { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main', includePendingStatus: true });
    expect(again.body._embedded.pacts[0].verificationProperties.pending).toBe(false);
  });

  it('publishes a failure, and can-i-deploy reports it', async () => {
    alligatorName = 'Not Mary';
    const failed = await verify('11');
    expect(failed.code).not.toBe(0); // pending is over for main, so the failure fails the build
    alligatorName = 'Mary';
    await pactBroker(broker.url, 'record-deployment', '-a', 'Bar', '-e', '11', '--environment', 'production');
    const answer = await pactBroker(broker.url, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production');
    expect(answer.code).toBe(1);
    expect(answer.output).toContain('failed');
  });

  it('stops selecting the pact of an undeployed consumer version at once', async () => {
    await pactBroker(broker.url, 'record-deployment', '-a', 'Foo', '-e', '1.0.0', '--environment', 'test');
    const deployed = await http(broker.url, 'POST', '/pacts/provider/Bar/for-verification', { consumerVersionSelectors: [{ deployed: true }] });
    expect(deployed.body._embedded.pacts.map((p: { shortDescription: string }) => p.shortDescription)).toEqual(['deployed to test']);
    await pactBroker(broker.url, 'record-undeployment', '-a', 'Foo', '--environment', 'test');
    const after = await http(broker.url, 'POST', '/pacts/provider/Bar/for-verification', { consumerVersionSelectors: [{ deployed: true }] });
    expect(after.body._embedded.pacts).toEqual([]);
  });

  it('validates selectors with the reference messages', async () => {
    const response = await http(broker.url, 'POST', '/pacts/provider/Bar/for-verification', { consumerVersionSelectors: [{ mainBranch: true, tag: 'x' }, {}] });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      'cannot specify mainBranch=true with any other criteria apart from consumer (at index 0)',
      'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true (at index 1)',
    ]);
    expect((await http(broker.url, 'POST', '/pacts/provider/Nobody/for-verification', {})).status).toBe(404);
  });
});
