/**
 * Deleting pacts, versions and pacticipants (DELETE /pacts/…/version/{v}, /pacticipants/{p}/versions/{v},
 * /pacticipants/{p}), with the reference broker's cascades. The data is made with the official CLIs (publish,
 * create-or-update-version, record-deployment, record-release, pactflow publish-provider-contract); the CLIs have no
 * delete commands for these, so the deletions are HTTP requests, and what is left is checked through the CLIs, the API
 * and (for "nothing left behind") the table itself. Deletions cut off by the function's timeout are finished by retries.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTable } from '../support/table.ts';
import { escapeComponent } from '../../shared/storage/keys.ts';
import { sha256Hex } from '../../shared/services/auth.ts';
import { loadTemplate, type Template } from '../../infra/local/aws/template.ts';
import { http, startTestBroker, type HttpResult, type TestBroker } from '../support/broker.ts';
import { runCli } from '../support/cli.ts';
import { cliFor, currentlyDeployed, deployedSlots, environmentNamed, fails, get, ok, pathOf, supportedVersions, type Cli } from './helpers.ts';

const fixture = resolve(import.meta.dirname, '../fixtures/pacts/Foo-Bar.json');
const oas = resolve(import.meta.dirname, '../fixtures/oas/bar.yaml');
const directory = mkdtempSync(join(tmpdir(), 'deletions-'));

/** A pact file between the two; `animal` makes distinct contents. */
function pactFile(consumer: string, provider: string, animal = 'Mary'): string {
  const pact = JSON.parse(readFileSync(fixture, 'utf8'));
  pact.consumer.name = consumer;
  pact.provider.name = provider;
  pact.interactions[0].request.path = `/alligators/${animal}`;
  const file = join(directory, `${consumer}-${provider}-${animal}-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(pact));
  return file;
}

/** Every item of the tenant that names the pacticipant: in a key segment, or as its pacticipant/consumer/provider. */
async function itemsNaming(broker: TestBroker, tenant: string, name: string): Promise<string[]> {
  const segment = escapeComponent(name);
  const found: string[] = [];
  for (const item of await scanTable(broker.operatorDb)) {
    if (!String(item['PK']).startsWith(`T#${tenant}#`)) continue;
    const keys = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map((key) => item[key]).filter((value): value is string => typeof value === 'string');
    const named = keys.some((key) => key.split('#').includes(segment)) || ['pacticipant', 'consumer', 'provider'].some((field) => item[field] === name);
    if (named) found.push(`${String(item['PK'])} ${String(item['SK'])}`);
  }
  return found.sort();
}

/** Every item of the tenant but its sequence counter (which only ever moves on), as text to compare before and after. */
async function itemsOf(broker: TestBroker, tenant: string): Promise<string> {
  return (await scanTable(broker.operatorDb))
    .filter((item) => String(item['PK']).startsWith(`T#${tenant}#`) || (item['PK'] === `T#${tenant}` && item['SK'] !== 'COUNTER'))
    .map((item) => JSON.stringify(item))
    .sort()
    .join('\n');
}

const pactPath = (provider: string, consumer: string, version: string) => `/pacts/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(consumer)}/version/${encodeURIComponent(version)}`;

describe('deleting pacts, versions and pacticipants', () => {
  let broker: TestBroker;
  let cli: Cli;
  const pactflow = (...args: string[]) => runCli('pactflow', args, broker.url);
  const del = (path: string): Promise<HttpResult> => http(broker.url, 'DELETE', path);

  /** Publishes a verification result for the consumer version's pact; returns the result's path and the content hash. */
  async function verify(provider: string, consumer: string, consumerVersion: string, providerVersion: string, success = true): Promise<{ result: string; sha: string }> {
    const pact = await get(broker.url, pactPath(provider, consumer, consumerVersion));
    expect(pact.status, pact.text).toBe(200);
    const response = await http(broker.url, 'POST', pathOf(pact.body._links['pb:publish-verification-results'].href), { success, providerApplicationVersion: providerVersion });
    expect(response.status, response.text).toBe(201);
    return { result: pathOf(response.body._links.self.href), sha: pact.body._links['pb:pact-version'].name };
  }

  const shas: Record<string, string> = {};
  const results: Record<string, string> = {};
  const uuids: Record<string, string> = {};

  beforeAll(async () => {
    broker = await startTestBroker({ queueVisibilityTimeoutSeconds: 2 });
    cli = cliFor(broker.url);
    // Foo: 1.0.0 and 1.0.1 on main (tag dev) publishing the same pact with Bar; 2.0.0 on feat-x with another pact.
    await ok(cli, 'publish', pactFile('Foo', 'Bar', 'Mary'), '-a', '1.0.0', '--branch', 'main', '--tag', 'dev');
    await ok(cli, 'publish', pactFile('Foo', 'Bar', 'Mary'), '-a', '1.0.1', '--branch', 'main', '--tag', 'dev');
    await ok(cli, 'publish', pactFile('Foo', 'Bar', 'Sue'), '-a', '2.0.0', '--branch', 'feat-x');
    // Foo2 (a name Foo is a prefix of) and Bar have the same kinds of data, which must all stay.
    await ok(cli, 'publish', pactFile('Foo2', 'Bar', 'Mary'), '-a', '1.0.0', '--branch', 'main', '--tag', 'dev');
    await ok(cli, 'create-or-update-version', '-a', 'Bar', '-e', '10', '--branch', 'main');
    // Bar is also a consumer of Foo, so Foo is a provider too: its versions verify, and it has a provider contract.
    await ok(cli, 'publish', pactFile('Bar', 'Foo', 'Mary'), '-a', '20', '--branch', 'main');
    const contract = await pactflow('publish-provider-contract', oas, '--provider', 'Foo', '--provider-app-version', '3.0.0', '--branch', 'contract', '--content-type', 'application/yaml', '--verification-success', '--verifier', 'schemathesis');
    expect(contract.code, contract.output).toBe(0);

    ({ result: results['Bar10-Foo100'] = '', sha: shas['Mary'] = '' } = await verify('Bar', 'Foo', '1.0.0', '10'));
    ({ result: results['Bar10-Foo200'] = '', sha: shas['Sue'] = '' } = await verify('Bar', 'Foo', '2.0.0', '10'));
    ({ result: results['Bar10-Foo2'] = '', sha: shas['Foo2'] = '' } = await verify('Bar', 'Foo2', '1.0.0', '10'));
    ({ result: results['Foo100-Bar20'] = '', sha: shas['BarFoo'] = '' } = await verify('Foo', 'Bar', '20', '1.0.0'));

    await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1.0.0', '--environment', 'production');
    await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1.0.0', '--environment', 'production', '--application-instance', 'eu');
    await ok(cli, 'record-release', '-a', 'Foo', '-e', '1.0.0', '--environment', 'test');
    await ok(cli, 'record-deployment', '-a', 'Foo2', '-e', '1.0.0', '--environment', 'production');
    await ok(cli, 'record-deployment', '-a', 'Bar', '-e', '10', '--environment', 'production');
    const deployed = await currentlyDeployed(broker.url, 'production', '?pacticipant=Foo');
    uuids['fooDeployed'] = deployed[0]?.uuid ?? '';
    const released = await get(broker.url, `/environments/${(await environmentNamed(broker.url, 'test')).uuid}/released-versions/currently-supported?pacticipant=Foo`);
    uuids['fooReleased'] = released.body._embedded.releasedVersions[0].uuid;
  }, 180_000);

  afterAll(async () => {
    await broker?.close();
  });

  it('answers 404 with the usual messages for what does not exist', async () => {
    expect(await del('/pacticipants/Nope')).toMatchObject({ status: 404, body: { error: "No pacticipant with name 'Nope' found" } });
    expect(await del('/pacticipants/Foo/versions/9.9.9')).toMatchObject({ status: 404, body: { error: "No version with number '9.9.9' of pacticipant 'Foo' found" } });
    expect(await del(pactPath('Bar', 'Foo', '9.9.9'))).toMatchObject({ status: 404, body: { error: 'The requested pact was not found' } });
    expect(await del(pactPath('Nope', 'Foo', '1.0.0'))).toMatchObject({ status: 404 });
    // The reference has no DELETE on a pact version by content hash: no route.
    expect((await del(`/pacts/provider/Bar/consumer/Foo/pact-version/${shas['Mary']}`)).status).toBe(404);
    expect((await get(broker.url, `/pacts/provider/Bar/consumer/Foo/pact-version/${shas['Mary']}`)).status).toBe(200);
  });

  it('deletes a pact of a consumer version, keeping content another version still publishes', async () => {
    const deleted = await del(pactPath('Bar', 'Foo', '1.0.1'));
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body).toEqual({ _links: { index: { href: broker.url }, 'pb:latest-pact-version': { href: `${broker.url}/pacts/provider/Bar/consumer/Foo/latest`, title: 'Latest pact' } } });
    expect((await get(broker.url, pactPath('Bar', 'Foo', '1.0.1'))).status).toBe(404);
    expect((await del(pactPath('Bar', 'Foo', '1.0.1'))).status).toBe(404);
    // The version stays, without the pact; 1.0.0 still publishes the same content, which stays verified.
    const version = await get(broker.url, '/pacticipants/Foo/versions/1.0.1');
    expect(version.status).toBe(200);
    expect(version.body._links['pb:pact-versions']).toEqual([]);
    expect((await get(broker.url, pactPath('Bar', 'Foo', '1.0.0'))).status).toBe(200);
    expect((await get(broker.url, `/pacts/provider/Bar/consumer/Foo/pact-version/${shas['Mary']}`)).status).toBe(200);
    expect((await get(broker.url, results['Bar10-Foo100'] as string)).status).toBe(200);
  });

  it('deletes a pact with content no other version publishes, with its verification results', async () => {
    const deleted = await del(pactPath('Bar', 'Foo', '2.0.0'));
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body._links['pb:latest-pact-version'].href).toBe(`${broker.url}/pacts/provider/Bar/consumer/Foo/latest`);
    expect((await get(broker.url, `/pacts/provider/Bar/consumer/Foo/pact-version/${shas['Sue']}`)).status).toBe(404);
    expect((await get(broker.url, results['Bar10-Foo200'] as string)).status).toBe(404);
    expect((await get(broker.url, '/pacts/provider/Bar/consumer/Foo/latest')).body._links['pb:consumer-version'].name).toBe('1.0.0');
    const versions = JSON.parse((await ok(cli, 'get-pacts', '--provider', 'Bar', '-o', 'json')).stdout);
    expect(JSON.stringify(versions)).not.toContain('2.0.0');
  });

  it('deletes a version with its tags and branch membership; the branch head and latest tagged version move back', async () => {
    expect((await get(broker.url, '/pacticipants/Foo/branches/main/latest-version')).body.number).toBe('1.0.1');
    expect((await get(broker.url, '/pacticipants/Foo/latest-version/dev')).body.number).toBe('1.0.1');
    const deleted = await del('/pacticipants/Foo/versions/1.0.1');
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.text).toBe('');
    expect((await get(broker.url, '/pacticipants/Foo/versions/1.0.1')).status).toBe(404);
    expect((await get(broker.url, '/pacticipants/Foo/versions/1.0.1/tags/dev')).status).toBe(404);
    expect((await get(broker.url, '/pacticipants/Foo/branches/main/versions/1.0.1')).status).toBe(404);
    expect((await fails(cli, 'describe-version', '-a', 'Foo', '-e', '1.0.1')).output).toContain('Pacticipant version not found');
    expect((await get(broker.url, '/pacticipants/Foo/branches/main/latest-version')).body.number).toBe('1.0.0');
    expect((await get(broker.url, '/pacticipants/Foo/latest-version/dev')).body.number).toBe('1.0.0');
    expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Foo', '-o', 'json')).stdout).number).toBe('3.0.0');
    // Once deleted it is a 404, as in the reference.
    expect((await del('/pacticipants/Foo/versions/1.0.1')).status).toBe(404);
  });

  it('deletes a deployed and released version with its deployments, releases, pacts and the results it published as a provider', async () => {
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['-=1.0.0', 'eu=1.0.0']);
    expect(await supportedVersions(broker.url, 'test', 'Foo')).toEqual(['1.0.0']);
    expect((await ok(cli, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production')).output).toContain('Computer says yes');
    const fooMatrix = '/matrix?q[][pacticipant]=Foo&q[][version]=1.0.0&q[][pacticipant]=Bar&q[][version]=10&latestby=cvpv';
    const foo2Matrix = '/matrix?q[][pacticipant]=Foo2&q[][version]=1.0.0&q[][pacticipant]=Bar&q[][version]=10&latestby=cvpv';
    expect((await get(broker.url, fooMatrix)).body.matrix).toHaveLength(1);
    expect((await get(broker.url, foo2Matrix)).body.matrix).toHaveLength(1);

    const deleted = await del('/pacticipants/Foo/versions/1.0.0');
    expect(deleted.status, deleted.text).toBe(204);

    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual([]);
    expect(await supportedVersions(broker.url, 'test', 'Foo')).toEqual([]);
    expect((await get(broker.url, `/deployed-versions/${uuids['fooDeployed']}`)).status).toBe(404);
    expect((await get(broker.url, `/released-versions/${uuids['fooReleased']}`)).status).toBe(404);
    const described = await ok(cli, 'describe-version', '-a', 'Foo', '--environment', 'production', '-o', 'json');
    expect(JSON.parse(described.stdout)).toEqual([]);
    // Its pact and the content only it published, with the results verifying it; the result it published as provider.
    expect((await get(broker.url, pactPath('Bar', 'Foo', '1.0.0'))).status).toBe(404);
    expect((await get(broker.url, `/pacts/provider/Bar/consumer/Foo/pact-version/${shas['Mary']}`)).status).toBe(404);
    expect((await get(broker.url, results['Bar10-Foo100'] as string)).status).toBe(404);
    expect((await get(broker.url, results['Foo100-Bar20'] as string)).status).toBe(404);
    expect((await get(broker.url, '/pacts/provider/Bar/consumer/Foo/latest')).status).toBe(404);
    // can-i-deploy and the matrix no longer know it.
    const canIDeploy = await fails(cli, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production');
    expect(canIDeploy.output).toContain('No pacts or verifications have been published for version 1.0.0 of Foo');
    expect((await get(broker.url, fooMatrix)).body.matrix).toEqual([]);
    expect((await get(broker.url, foo2Matrix)).body.matrix).toHaveLength(1);
    // The branch stays without versions, as in the reference (it only loses its head).
    expect((await get(broker.url, '/pacticipants/Foo/branches/main')).status).toBe(200);
    expect((await get(broker.url, '/pacticipants/Foo/branches/main/latest-version')).status).toBe(404);
    // Others are untouched.
    expect(await deployedSlots(broker.url, 'production', 'Foo2')).toEqual(['-=1.0.0']);
    expect(await deployedSlots(broker.url, 'production', 'Bar')).toEqual(['-=10']);
    expect((await get(broker.url, results['Bar10-Foo2'] as string)).status).toBe(200);
  });

  it('deletes a pacticipant with everything of it, leaves Foo2 and Bar with theirs, and lets the name start afresh', async () => {
    const comparisonsOf = async () => (await itemsNaming(broker, 'default', 'Foo')).filter((item) => item.includes('#CMP#'));
    // Bar's pact with Foo was compared with Foo's provider contract (the worker runs through the local queue).
    for (let attempt = 0; attempt < 100 && (await comparisonsOf()).length === 0; attempt++) await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
    expect(await comparisonsOf()).not.toEqual([]);
    const foo2Before = await itemsNaming(broker, 'default', 'Foo2');
    expect(foo2Before.length).toBeGreaterThan(5);

    const deleted = await del('/pacticipants/Foo');
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.text).toBe('');

    expect(await itemsNaming(broker, 'default', 'Foo')).toEqual([]);
    expect(await itemsNaming(broker, 'default', 'Foo2')).toEqual(foo2Before);
    expect((await get(broker.url, '/pacticipants/Foo')).status).toBe(404);
    expect((await fails(cli, 'describe-pacticipant', '--name', 'Foo')).output).toContain('404');
    const listed = JSON.parse((await ok(cli, 'list-pacticipants', '-o', 'json')).stdout);
    expect(listed._embedded.pacticipants.map((pacticipant: { name: string }) => pacticipant.name).sort()).toEqual(['Bar', 'Foo2']);
    // Bar keeps its versions, but not its pact with Foo; Foo2's pact with Bar and its verification stay.
    expect((await get(broker.url, '/pacticipants/Bar/versions/20')).body._links['pb:pact-versions']).toEqual([]);
    expect((await get(broker.url, pactPath('Foo', 'Bar', '20'))).status).toBe(404);
    expect((await get(broker.url, pactPath('Bar', 'Foo2', '1.0.0'))).status).toBe(200);
    expect((await get(broker.url, results['Bar10-Foo2'] as string)).status).toBe(200);
    const latest = JSON.parse((await ok(cli, 'list-latest-pact-versions', '-o', 'json')).stdout);
    expect(latest.pacts.map((pact: { _embedded: { consumer: { name: string }; provider: { name: string } } }) => `${pact._embedded.consumer.name}->${pact._embedded.provider.name}`)).toEqual(['Foo2->Bar']);
    expect((await ok(cli, 'can-i-deploy', '-a', 'Foo2', '-e', '1.0.0', '--to-environment', 'production')).output).toContain('Computer says yes');
    expect(await deployedSlots(broker.url, 'production', 'Bar')).toEqual(['-=10']);

    // Deleted once: a repeat is a 404, as in the reference.
    expect(await del('/pacticipants/Foo')).toMatchObject({ status: 404, body: { error: "No pacticipant with name 'Foo' found" } });

    // The name starts afresh: no main branch, no versions, no branches; a new publication is new in every way.
    await ok(cli, 'create-or-update-pacticipant', '--name', 'Foo');
    const fresh = JSON.parse((await ok(cli, 'describe-pacticipant', '--name', 'Foo', '-o', 'json')).stdout);
    expect(fresh.mainBranch).toBeUndefined();
    expect((await get(broker.url, '/pacticipants/Foo/versions')).body._embedded.versions).toEqual([]);
    expect((await get(broker.url, '/pacticipants/Foo/branches')).body._embedded.branches).toEqual([]);
    const republished = await ok(cli, 'publish', pactFile('Foo', 'Bar', 'Mary'), '-a', '1.0.0', '--branch', 'main');
    expect(republished.output).toContain('Pact successfully published for Foo version 1.0.0 and provider Bar.');
    const version = JSON.parse((await ok(cli, 'describe-version', '-a', 'Foo', '-e', '1.0.0', '-o', 'json')).stdout);
    expect(version._embedded.tags).toEqual([]);
    expect((await get(broker.url, `/pacts/provider/Bar/consumer/Foo/pact-version/${shas['Mary']}/verification-results/latest`)).status).toBe(404);
    const canIDeploy = await fails(cli, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production');
    expect(canIDeploy.output).not.toContain('Computer says yes');
  });
});

describe('a deletion in one tenant', () => {
  const ADMIN_TOKEN = 'test-admin-credential-deletions-0123456789';
  let broker: TestBroker;
  const tokens: Record<string, string> = {};
  const auth = (tenant: string) => ({ Authorization: `Bearer ${tokens[tenant]}` });

  beforeAll(async () => {
    broker = await startTestBroker({ auth: true, adminTokenSha256: sha256Hex(ADMIN_TOKEN) });
    for (const tenant of ['alpha', 'bravo']) {
      expect((await http(broker.url, 'POST', '/admin/tenants', { tenantId: tenant }, { Authorization: `Bearer ${ADMIN_TOKEN}` })).status).toBe(201);
      tokens[tenant] = (await http(broker.url, 'POST', `/admin/tenants/${tenant}/tokens`, { role: 'write' }, { Authorization: `Bearer ${ADMIN_TOKEN}` })).body.token;
      const run = async (...args: string[]) => {
        const result = await runCli('pact-broker', [...args, '--broker-token', tokens[tenant] as string], broker.url);
        expect(result.code, `${tenant}: ${args.join(' ')}\n${result.output}`).toBe(0);
      };
      await run('publish', pactFile('Foo', 'Bar'), '-a', '1', '--branch', 'main', '--tag', 't1');
      await run('create-or-update-version', '-a', 'Bar', '-e', '5', '--branch', 'main');
      await run('record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'production');
      await run('record-release', '-a', 'Bar', '-e', '5', '--environment', 'production');
    }
  }, 120_000);

  afterAll(async () => {
    await broker?.close();
  });

  it('leaves another tenant with the same names as it was', async () => {
    const bravoBefore = await itemsOf(broker, 'bravo');
    expect(bravoBefore).toContain('"pacticipant":"Foo"');
    expect((await http(broker.url, 'DELETE', '/pacticipants/Foo/versions/1', undefined, auth('alpha'))).status).toBe(204);
    expect((await http(broker.url, 'DELETE', '/pacticipants/Foo', undefined, auth('alpha'))).status).toBe(204);
    expect((await http(broker.url, 'DELETE', '/pacticipants/Bar', undefined, auth('alpha'))).status).toBe(204);
    expect(await itemsNaming(broker, 'alpha', 'Foo')).toEqual([]);
    expect(await itemsNaming(broker, 'alpha', 'Bar')).toEqual([]);
    expect(await itemsOf(broker, 'bravo')).toBe(bravoBefore);
    expect((await http(broker.url, 'GET', pactPath('Bar', 'Foo', '1'), undefined, auth('bravo'))).status).toBe(200);
  });
});

describe('a pacticipant deletion cut off by the timeout', () => {
  /** The template with the pacticipant deletion function's timeout shortened. */
  const withDeleteTimeout = (template: Template, seconds: number): Template => {
    const copy = structuredClone(template) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    for (const [id, resource] of Object.entries(copy.Resources)) if (resource.Type === 'AWS::Lambda::Function' && id.includes('DeletePacticipant')) (resource.Properties as Record<string, unknown>)['Timeout'] = seconds;
    return copy as unknown as Template;
  };

  it('is finished by retries, each continuing where the last one stopped', async () => {
    const tableName = `cut-delete-${randomUUID()}`;
    const healthy = await startTestBroker({ tableName });
    const template = await loadTemplate();
    try {
      const cli = cliFor(healthy.url);
      await ok(cli, 'create-or-update-version', '-a', 'Keep', '-e', '1', '--branch', 'main');
      const keep = await itemsOf(healthy, 'default');
      // A pacticipant with a history: 60 versions, each on a branch with a tag and a pact, some deployed and released.
      for (let index = 0; index < 60; index++) {
        const body = {
          pacticipantName: 'Big',
          pacticipantVersionNumber: `1.${index}`,
          branch: `b${index % 4}`,
          tags: [`t${index % 3}`],
          contracts: [{ consumerName: 'Big', providerName: 'Keep', specification: 'pact', contentType: 'application/json', content: Buffer.from(readFileSync(pactFile('Big', 'Keep', `A${index % 10}`))).toString('base64') }],
        };
        expect((await http(healthy.url, 'POST', '/contracts/publish', body)).status).toBe(200);
      }
      for (const index of [3, 17, 39]) await ok(cli, 'record-deployment', '-a', 'Big', '-e', `1.${index}`, '--environment', 'production', '--application-instance', `i${index}`);
      await ok(cli, 'record-release', '-a', 'Big', '-e', '1.5', '--environment', 'test');

      // Short timeouts: each request is cut off by Lambda (500) or stops itself before the timeout (503 with
      // Retry-After); either way what it did stays done.
      const statuses: number[] = [];
      for (const seconds of [0.2, 0.4]) {
        const hasty = await startTestBroker({ tableName, template: withDeleteTimeout(template, seconds) });
        try {
          for (let attempt = 0; attempt < 3; attempt++) statuses.push((await http(hasty.url, 'DELETE', '/pacticipants/Big')).status);
        } finally {
          await hasty.close();
        }
      }
      console.info(`cut-off deletion attempts: ${statuses.join(', ')}`);
      expect([500, 503], 'the first request cannot delete 60 versions in 0.2 s').toContain(statuses[0]);
      for (const status of statuses) expect([204, 404, 500, 503]).toContain(status);
      // Then retries until it is done (a long history answers 503 with Retry-After until the last request).
      let status = 0;
      for (let attempt = 0; attempt < 20 && status !== 204 && status !== 404; attempt++) {
        const response = await http(healthy.url, 'DELETE', '/pacticipants/Big');
        status = response.status;
        if (status === 503) expect(response.headers.get('retry-after')).toBe('1');
        else expect([204, 404], response.text).toContain(status);
      }
      expect((await http(healthy.url, 'DELETE', '/pacticipants/Big')).status).toBe(404);
      expect(await itemsNaming(healthy, 'default', 'Big')).toEqual([]);
      expect(await itemsOf(healthy, 'default')).toBe(keep);
    } finally {
      await healthy.close();
    }
  }, 240_000);
});
