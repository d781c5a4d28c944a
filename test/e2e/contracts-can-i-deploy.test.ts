/** Publication and can-i-deploy through the official CLI: yes, no, unknown, polling, dry run, can-i-merge. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { pactBroker } from '../support/cli.ts';

const fooBar = resolve(import.meta.dirname, '../fixtures/pacts/Foo-Bar.json');
let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

async function verify(provider: string, consumer: string, providerVersion: string, success: boolean): Promise<void> {
  const pact = await http(broker.url, 'GET', `/pacts/provider/${provider}/consumer/${consumer}/latest`);
  const response = await http(broker.url, 'POST', new URL(pact.body._links['pb:publish-verification-results'].href).pathname, { success, providerApplicationVersion: providerVersion });
  expect(response.status).toBe(201);
}

describe('publish and can-i-deploy with the official CLI', () => {
  it('publishes a pact with branch and tags, and lists it', async () => {
    const published = await pactBroker(broker.url, 'publish', fooBar, '-a', '1.0.0', '--branch', 'main', '--tag', 'dev,qa', '--build-url', 'http://ci/1');
    expect(published.code).toBe(0);
    expect(published.output).toContain('Created Foo version 1.0.0 with branch main and tags dev, qa');
    expect(published.output).toContain('Pact successfully published for Foo version 1.0.0 and provider Bar.');
    const again = await pactBroker(broker.url, 'publish', fooBar, '-a', '1.0.0', '--branch', 'main');
    expect(again.output).toContain('Pact successfully republished for Foo version 1.0.0 and provider Bar with no content changes.');

    const listed = await pactBroker(broker.url, 'list-latest-pact-versions', '-o', 'json');
    expect(JSON.parse(listed.stdout).pacts.map((p: { _embedded: { consumer: { name: string }; provider: { name: string } } }) => [p._embedded.consumer.name, p._embedded.provider.name])).toEqual([['Foo', 'Bar']]);
    const version = await pactBroker(broker.url, 'describe-version', '-a', 'Foo', '-e', '1.0.0', '-o', 'json');
    expect(JSON.parse(version.stdout)).toMatchObject({ number: '1.0.0', buildUrl: 'http://ci/1' });
  });

  it('says no while the provider is not in the environment, unknown until it verifies, then yes', async () => {
    const missing = await pactBroker(broker.url, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production');
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('a version of Bar currently in production (no version is currently recorded as deployed/released in this environment)');
    expect(missing.output).toContain('pact-broker record-deployment --pacticipant Bar');

    expect((await pactBroker(broker.url, 'create-or-update-version', '-a', 'Bar', '-e', '10')).code).toBe(0);
    expect((await pactBroker(broker.url, 'record-deployment', '-a', 'Bar', '-e', '10', '--environment', 'production')).code).toBe(0);
    const unknown = await pactBroker(broker.url, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production', '-o', 'json');
    expect(JSON.parse(unknown.stdout).summary).toMatchObject({ deployable: null, unknown: 1 });

    const dryRun = await pactBroker(broker.url, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production', '--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toContain('Dry run enabled');

    // Poll while unknown; the result arrives meanwhile and the answer turns to yes.
    const polling = pactBroker(broker.url, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production', '--retry-while-unknown', '20', '--retry-interval', '1');
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 1500));
    await verify('Bar', 'Foo', '10', true);
    const yes = await polling;
    expect(yes.code).toBe(0);
    expect(yes.output).toContain('Computer says yes');
    expect(yes.output).toContain('All required verification results are published and successful');
  });

  it('answers no for an unknown version and for a failed verification, and yes to can-i-merge', async () => {
    const unknownVersion = await pactBroker(broker.url, 'can-i-deploy', '-a', 'Foo', '-e', '9.9.9', '--to-environment', 'production');
    expect(unknownVersion.code).toBe(1);
    expect(unknownVersion.output).toContain('No pacts or verifications have been published for version 9.9.9 of Foo');

    expect((await pactBroker(broker.url, 'create-or-update-version', '-a', 'Bar', '-e', '11', '--branch', 'main')).code).toBe(0);
    expect((await pactBroker(broker.url, 'record-deployment', '-a', 'Bar', '-e', '11', '--environment', 'test')).code).toBe(0);
    await verify('Bar', 'Foo', '11', false);
    const failed = await pactBroker(broker.url, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'test');
    expect(failed.code).toBe(1);
    expect(failed.output).toContain('The verification for the pact between version 1.0.0 of Foo and the version of Bar currently in test (11) failed');

    const merge = await pactBroker(broker.url, 'can-i-merge', '-a', 'Foo', '-e', '1.0.0');
    expect(merge.output).toContain('Bar');
    const matrix = await http(broker.url, 'GET', '/matrix?q[][pacticipant]=Foo&q[][version]=1.0.0&latestby=cvp&latest=true&mainBranch=true');
    expect(matrix.body.summary.deployable).toBe(false); // Bar's main branch head (11) failed
  });

  it('serves every link a pact, a version and a pacticipant show (no link points at nothing)', async () => {
    const linksOf = (body: { _links: Record<string, unknown> }) =>
      Object.entries(body._links).flatMap(([rel, value]) =>
        ([] as { href: string; templated?: boolean }[]).concat(value as never).filter((link) => !link.templated && rel !== 'curies' && rel !== 'pb:publish-verification-results').map((link) => [rel, link.href] as const),
      );
    const documents = [
      (await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Foo/version/1.0.0')).body,
      (await http(broker.url, 'GET', '/pacticipants/Foo/versions/1.0.0')).body,
      (await http(broker.url, 'GET', '/pacticipants/Foo')).body,
      (await http(broker.url, 'GET', '/pacticipants')).body,
    ];
    expect(documents[1]._links['pb:pact-versions'].map((link: { name: string }) => link.name)).toEqual(['Pact between Foo (1.0.0) and Bar']);
    for (const document of documents) {
      for (const [rel, href] of linksOf(document)) expect((await http(broker.url, 'GET', href)).status, `${rel} ${href}`).toBe(200);
    }
  });

  it('validates matrix queries with the reference messages', async () => {
    const response = await http(broker.url, 'GET', '/matrix?q[][pacticipant]=Nope&q[][version]=1&environment=mars');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(['Pacticipant Nope not found', "Environment with name 'mars' does not exist"]);
    const cli = await pactBroker(broker.url, 'can-i-deploy', '-a', 'Nope', '-e', '1', '--to-environment', 'production');
    expect(cli.code).toBe(1);
    expect(cli.output).toContain('Pacticipant Nope not found');
  });

  it('refuses different content for the same consumer version unless told to overwrite or merge, changing nothing', async () => {
    const pact = (description: string) => Buffer.from(JSON.stringify({ consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions: [{ description, request: { method: 'GET', path: '/' }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } })).toString('base64');
    const body = (content: string, onConflict?: string) => ({ pacticipantName: 'Foo', pacticipantVersionNumber: '1.0.0', contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content, ...(onConflict ? { onConflict } : {}) }] });
    const before = await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Foo/version/1.0.0');
    const conflict = await http(broker.url, 'POST', '/contracts/publish', body(pact('changed')));
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors.contracts[0]).toContain('Cannot change the content of the pact for Foo version 1.0.0 and provider Bar');
    expect((await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Foo/version/1.0.0')).text).toBe(before.text);

    const merged = await http(broker.url, 'POST', '/contracts/publish', body(pact('added'), 'merge'));
    expect(merged.status).toBe(200);
    const after = await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Foo/version/1.0.0');
    expect(after.body.interactions.map((i: { description: string }) => i.description)).toEqual(['a request for an alligator', 'added']);

    const invalid = await http(broker.url, 'POST', '/contracts/publish', { pacticipantName: 'Foo', pacticipantVersionNumber: '2', contracts: [{ consumerName: 'Other', providerName: 'Bar', content: 'not base64!' }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.contracts).toEqual(["consumerName ('Other') must match pacticipantName ('Foo') (at index 0)", 'content is not valid Base64 (at index 0)']);
  });
});
