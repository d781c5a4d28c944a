/**
 * Publication and can-i-deploy through the official CLI, in both generations (test/support/cli.ts): yes, no, unknown,
 * polling, dry run, --to a tag, can-i-merge. What the broker answers is the same for both; the HTTP-only checks run once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliGenerations } from '../support/cli.ts';
import { cliFor, tagArgs, type Cli } from './helpers.ts';

const fooBar = resolve(import.meta.dirname, '../fixtures/pacts/Foo-Bar.json');

describe.each(cliGenerations)('publish and can-i-deploy with the %s CLI', (generation) => {
  let broker: TestBroker;
  let pactBroker: Cli;
  beforeAll(async () => {
    broker = await startTestBroker();
    pactBroker = cliFor(broker.url, generation);
  });
  afterAll(async () => {
    await broker?.close();
  });

  async function verify(provider: string, consumer: string, providerVersion: string, success: boolean): Promise<void> {
    const pact = await http(broker.url, 'GET', `/pacts/provider/${provider}/consumer/${consumer}/latest`);
    const response = await http(broker.url, 'POST', new URL(pact.body._links['pb:publish-verification-results'].href).pathname, { success, providerApplicationVersion: providerVersion });
    expect(response.status).toBe(201);
  }

  it('publishes a pact with branch and tags, and lists it', async () => {
    const published = await pactBroker('publish', fooBar, '-a', '1.0.0', '--branch', 'main', ...tagArgs(generation, 'dev', 'qa'), '--build-url', 'http://ci/1');
    expect(published.code).toBe(0);
    expect(published.output).toContain('Created Foo version 1.0.0 with branch main and tags dev, qa');
    expect(published.output).toContain('Pact successfully published for Foo version 1.0.0 and provider Bar.');
    const again = await pactBroker('publish', fooBar, '-a', '1.0.0', '--branch', 'main');
    expect(again.output).toContain('Pact successfully republished for Foo version 1.0.0 and provider Bar with no content changes.');

    const listed = await pactBroker('list-latest-pact-versions', '-o', 'json');
    expect(JSON.parse(listed.stdout).pacts.map((p: { _embedded: { consumer: { name: string }; provider: { name: string } } }) => [p._embedded.consumer.name, p._embedded.provider.name])).toEqual([['Foo', 'Bar']]);
    const version = await pactBroker('describe-version', '-a', 'Foo', '-e', '1.0.0', '-o', 'json');
    const described = JSON.parse(version.stdout);
    expect(described).toMatchObject({ number: '1.0.0', buildUrl: 'http://ci/1' });
    expect(described._embedded.tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['dev', 'qa']);
    expect(described._embedded.branches.map((branch: { name: string }) => branch.name)).toEqual(['main']);
  });

  it('says no while the provider is not in the environment, unknown until it verifies, then yes', async () => {
    const missing = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production');
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('a version of Bar currently in production (no version is currently recorded as deployed/released in this environment)');
    expect(missing.output).toContain('pact-broker record-deployment --pacticipant Bar');

    expect((await pactBroker('create-or-update-version', '-a', 'Bar', '-e', '10')).code).toBe(0);
    expect((await pactBroker('record-deployment', '-a', 'Bar', '-e', '10', '--environment', 'production')).code).toBe(0);
    const unknown = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production', '-o', 'json');
    expect(JSON.parse(unknown.stdout).summary).toMatchObject({ deployable: null, unknown: 1 });

    const dryRun = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production', '--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toContain('Dry run enabled');

    // Poll while unknown; the result arrives meanwhile and the answer turns to yes.
    const polling = pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production', '--retry-while-unknown', '20', '--retry-interval', '1');
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 1500));
    await verify('Bar', 'Foo', '10', true);
    const yes = await polling;
    expect(yes.code).toBe(0);
    expect(yes.output).toContain('Computer says yes');
    expect(yes.output).toContain('All required verification results are published and successful');
  });

  it('answers no for an unknown version and for a failed verification, and yes to can-i-merge', async () => {
    const unknownVersion = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '9.9.9', '--to-environment', 'production');
    expect(unknownVersion.code).toBe(1);
    expect(unknownVersion.output).toContain('No pacts or verifications have been published for version 9.9.9 of Foo');

    expect((await pactBroker('create-or-update-version', '-a', 'Bar', '-e', '11', '--branch', 'main')).code).toBe(0);
    expect((await pactBroker('record-deployment', '-a', 'Bar', '-e', '11', '--environment', 'test')).code).toBe(0);
    await verify('Bar', 'Foo', '11', false);
    const failed = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'test');
    expect(failed.code).toBe(1);
    expect(failed.output).toContain('The verification for the pact between version 1.0.0 of Foo and the version of Bar currently in test (11) failed');

    const merge = await pactBroker('can-i-merge', '-a', 'Foo', '-e', '1.0.0');
    expect(merge.output).toContain('Bar');
    const matrix = await http(broker.url, 'GET', '/matrix?q[][pacticipant]=Foo&q[][version]=1.0.0&latestby=cvp&latest=true&mainBranch=true');
    expect(matrix.body.summary.deployable).toBe(false); // Bar's main branch head (11) failed
  });

  it('answers --to a tag (the pre-environment workflow), also for --latest with a tag', async () => {
    expect((await pactBroker('create-version-tag', '-a', 'Bar', '-e', '10', '-t', 'prod')).code).toBe(0);
    const yes = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to', 'prod');
    expect(yes.code, yes.output).toBe(0);
    expect(yes.output).toContain('Computer says yes');
    const latest = await pactBroker('can-i-deploy', '-a', 'Foo', '--latest', 'dev', '--to', 'prod');
    expect(latest.code, latest.output).toBe(0);
    const noSuchTag = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to', 'nothere');
    expect(noSuchTag.code).toBe(1);
    expect(noSuchTag.output).toContain('the latest version of Bar with tag nothere (no such version exists)');
  });

  it('validates matrix queries with the reference messages', async () => {
    const response = await http(broker.url, 'GET', '/matrix?q[][pacticipant]=Nope&q[][version]=1&environment=mars');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(['Pacticipant Nope not found', "Environment with name 'mars' does not exist"]);
    const cli = await pactBroker('can-i-deploy', '-a', 'Nope', '-e', '1', '--to-environment', 'production');
    expect(cli.code).toBe(1);
    expect(cli.output).toContain('Pacticipant Nope not found');
  });

  it('publishes different content for a published consumer version as each CLI asks: overwritten (Rust) or refused (Ruby), merged with --merge', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const changed = JSON.parse(readFileSync(fooBar, 'utf8'));
    changed.interactions[0].description = 'a request for a merged alligator';
    const file = resolve(mkdtempSync(resolve((await import('node:os')).tmpdir(), 'merge-')), 'Foo-Bar.json');
    writeFileSync(file, JSON.stringify(changed));
    const descriptions = async () => (await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Foo/version/1.1.0')).body.interactions.map((i: { description: string }) => i.description);
    expect((await pactBroker('publish', fooBar, '-a', '1.1.0', '--branch', 'feat')).code).toBe(0);

    const plain = await pactBroker('publish', file, '-a', '1.1.0', '--branch', 'feat');
    if (generation === 'rust') {
      // The Rust CLI sends "onConflict": "overwrite".
      expect(plain.code, plain.output).toBe(0);
      expect(await descriptions()).toEqual(['a request for a merged alligator']);
      expect((await pactBroker('publish', fooBar, '-a', '1.1.0', '--branch', 'feat')).code).toBe(0);
    } else {
      // The Ruby CLI sends no onConflict: the broker refuses, and nothing changes.
      expect(plain.code).toBe(1);
      expect(plain.output).toContain('Cannot change the content of the pact for Foo version 1.1.0 and provider Bar');
    }
    expect(await descriptions()).toEqual(['a request for an alligator']);

    const merged = await pactBroker('publish', file, '-a', '1.1.0', '--branch', 'feat', '--merge');
    expect(merged.code, merged.output).toBe(0);
    expect(merged.output).toContain('Pact content merged with existing content for Foo version 1.1.0 and provider Bar.');
    expect(await descriptions()).toEqual(['a request for an alligator', 'a request for a merged alligator']);
  });

  if (generation === 'rust') {
    // Checks of the broker over HTTP alone: once is enough.
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
  }
});
