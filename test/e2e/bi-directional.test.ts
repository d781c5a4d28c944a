/**
 * Bi-directional contracts end to end: `pactflow publish-provider-contract`, `pact-broker publish` and can-i-deploy
 * against the local broker, with comparisons pre-generated through the template's queue and worker (a real SQS emulator),
 * with both generations of the official CLIs (test/support/cli.ts); the HTTP-only check runs once.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { dynamoRepositories } from '../../shared/storage/repositories/index.ts';
import { cliGenerations, runCli } from '../support/cli.ts';

const oas = resolve(import.meta.dirname, '../fixtures/oas/bar.yaml');
const fooBar = resolve(import.meta.dirname, '../fixtures/pacts/Foo-Bar.json');

describe.each(cliGenerations)('bi-directional contracts with the %s CLIs', (generation) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ queueVisibilityTimeoutSeconds: 2 });
  });
  afterAll(async () => {
    await broker?.close();
  });
  const pactflow = (...args: string[]) => runCli('pactflow', args, broker.url, {}, generation);
  const pactBroker = (...args: string[]) => runCli('pact-broker', args, broker.url, {}, generation);

  it('publishes a provider contract and answers yes for a compatible pact, the comparison made ahead of can-i-deploy', async () => {
    const published = await pactflow('publish-provider-contract', oas, '--provider', 'Bar', '--provider-app-version', '3.0.0', '--branch', 'main', '--tag', 'v3', '--content-type', 'application/yaml', '--verification-success', '--verifier', 'schemathesis');
    expect(published.code, published.output).toBe(0);
    expect(published.output).toContain('Successfully published provider contract for Bar version 3.0.0');
    expect((await pactBroker('record-deployment', '-a', 'Bar', '-e', '3.0.0', '--environment', 'production')).code).toBe(0);
    expect((await pactBroker('publish', fooBar, '-a', '1.0.0', '--branch', 'main')).code).toBe(0);

    // Publication queued the comparison and the worker made it, before anything asked for it (read straight from the
    // table: the matrix would request a missing comparison itself).
    const pactSha = (await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Foo/latest')).body._links['pb:pact-version'].name as string;
    const oasSha = (await http(broker.url, 'GET', '/contracts/provider/Bar/version/3.0.0')).body.sha as string;
    const db = broker.operatorDb;
    let result: Awaited<ReturnType<ReturnType<typeof dynamoRepositories>['comparisons']['find']>>;
    for (let attempt = 0; attempt < 100 && result === undefined; attempt++) {
      result = await dynamoRepositories(db, 'default').comparisons.find({ consumer: 'Foo', provider: 'Bar', pactSha, oasSha });
      if (result === undefined) await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
    }
    expect(result).toMatchObject({ success: true, errors: [], engine: '@pactflow/openapi-pact-comparator' });
    const answer = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production');
    expect(answer.code, answer.output).toBe(0);
    expect(answer.output).toContain('Computer says yes');
    // The Rust CLI names the row's verification type; the Ruby one links the comparison, under the provider contract.
    if (generation === 'rust') expect(answer.output).toContain('BDCT');
    else expect(answer.output).toMatch(/\/contracts\/provider\/Bar\/version\/3\.0\.0\/consumer\/Foo\/pact-version\/[0-9a-f]{64}\/verification-results \(success\)/);
    const contract = await http(broker.url, 'GET', '/contracts/provider/Bar/version/3.0.0');
    expect(contract.body).toMatchObject({ provider: 'Bar', providerVersion: '3.0.0', selfVerificationResults: { success: true, verifier: 'schemathesis' } });
    const version = (await http(broker.url, 'GET', '/pacticipants/Bar/versions/3.0.0')).body;
    expect([version._embedded.branches.map((b: { name: string }) => b.name), version._embedded.tags.map((t: { name: string }) => t.name)]).toEqual([['main'], ['v3']]);
  });

  it('answers no with the mismatch in words for an incompatible pact', async () => {
    const incompatible = JSON.parse((await import('node:fs')).readFileSync(fooBar, 'utf8'));
    incompatible.interactions[0].description = 'a request for a crocodile';
    incompatible.interactions[0].request.path = '/crocodiles/Mary';
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const file = resolve(mkdtempSync(resolve((await import('node:os')).tmpdir(), 'bdct-')), 'Foo-Bar.json');
    writeFileSync(file, JSON.stringify(incompatible));
    expect((await pactBroker('publish', file, '-a', '2.0.0', '--branch', 'main')).code).toBe(0);
    const answer = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '2.0.0', '--to-environment', 'production', '--retry-while-unknown', '10', '--retry-interval', '1');
    expect(answer.code).toBe(1);
    expect(answer.output).toContain("not compatible with Bar's provider contract");
    expect(answer.output).toContain("interaction 'a request for a crocodile'");
    expect(answer.output).toContain('request.path-or-method.unknown');
  });

  it('answers no when the provider self-verification failed', async () => {
    const failed = await pactflow('publish-provider-contract', oas, '--provider', 'Bar', '--provider-app-version', '4.0.0', '--branch', 'main', '--content-type', 'application/yaml', '--no-verification-success', '--verifier', 'schemathesis');
    expect(failed.code, failed.output).toBe(0);
    expect((await pactBroker('record-deployment', '-a', 'Bar', '-e', '4.0.0', '--environment', 'test')).code).toBe(0);
    const answer = await pactBroker('can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'test', '--retry-while-unknown', '10', '--retry-interval', '1');
    expect(answer.code).toBe(1);
    expect(answer.output).toContain('published its provider contract with a failed self-verification (verifier schemathesis)');
  });

  if (generation === 'rust') {
    // A check of the broker over HTTP alone: once is enough.
    it('validates provider contract publications', async () => {
      const response = await http(broker.url, 'POST', '/provider-contracts/provider/Bar/publish', { pacticipantVersionNumber: '', contract: { content: 'not base64!', specification: 'raml' } });
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.errors).sort()).toEqual(['contract.content', 'contract.specification', 'pacticipantVersionNumber']);
    });
  }
});
