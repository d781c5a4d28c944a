/**
 * The Ruby generation of the official CLIs (`@pact-foundation/pact-cli` 16.1.7: pact_broker-client 1.77 and
 * pact-provider-verifier 1.39, see test/support/cli.ts) through the workflows whose output is the client's own:
 * environments, pacticipants, versions, branches and tags, deployments, releases, and verification. Each step asserts
 * what the Ruby client prints and what the broker then holds. Publication, can-i-deploy and bi-directional contracts
 * run with both generations in contracts-can-i-deploy.test.ts and bi-directional.test.ts; tokens in admin-cli.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliGenerations, runCli } from '../support/cli.ts';
import { cliFor, currentlyDeployed, currentlySupported, deployedSlots, environmentNamed, environments, fails, get, ok, supportedVersions, TIMESTAMP, UUID, type Cli } from './helpers.ts';

const fooBar = resolve(import.meta.dirname, '../fixtures/pacts/Foo-Bar.json');

describe.skipIf(!cliGenerations.includes('ruby'))('the Ruby CLI (pact_broker-client 1.77)', () => {
  let broker: TestBroker;
  let cli: Cli;
  beforeAll(async () => {
    broker = await startTestBroker();
    cli = cliFor(broker.url, 'ruby');
  });
  afterAll(async () => {
    await broker?.close();
  });

  const tagsOf = async (pacticipant: string, version: string): Promise<string[]> => {
    const response = await get(broker.url, `/pacticipants/${encodeURIComponent(pacticipant)}/versions/${encodeURIComponent(version)}`);
    expect(response.status, response.text).toBe(200);
    return (response.body._embedded.tags as { name: string }[]).map((tag) => tag.name).sort();
  };
  const branchesOf = async (pacticipant: string, version: string): Promise<string[]> => {
    const response = await get(broker.url, `/pacticipants/${encodeURIComponent(pacticipant)}/versions/${encodeURIComponent(version)}`);
    expect(response.status, response.text).toBe(200);
    return (response.body._embedded.branches as { name: string }[]).map((branch) => branch.name).sort();
  };
  /** Setup that is not under test goes through the HTTP API: each Ruby CLI call costs half a second. */
  const createVersions = async (pacticipant: string, ...versions: string[]): Promise<void> => {
    for (const version of versions) expect((await http(broker.url, 'PUT', `/pacticipants/${encodeURIComponent(pacticipant)}/versions/${encodeURIComponent(version)}`, {})).status).toBeLessThan(300);
  };

  describe('environments', () => {
    it('create-environment creates one with display name, production flag and contact, and refuses a used name', async () => {
      const created = await ok(cli, 'create-environment', '--name', 'uat', '--display-name', 'UAT', '--production', '--contact-name', 'Team A', '--contact-email-address', 'a@example.com');
      const uuid = created.output.match(/Created uat environment in the Pact Broker with UUID ([0-9a-f-]{36})/)?.[1];
      expect(uuid, created.output).toMatch(UUID);
      const body = (await get(broker.url, `/environments/${uuid}`)).body;
      expect(body).toMatchObject({ uuid, name: 'uat', displayName: 'UAT', production: true, contacts: [{ name: 'Team A', details: { emailAddress: 'a@example.com' } }] });
      expect(body.createdAt).toMatch(TIMESTAMP);

      const before = await environments(broker.url);
      const duplicate = await fails(cli, 'create-environment', '--name', 'uat', '--display-name', 'Another UAT');
      expect(duplicate.output).toContain('status=400');
      expect(duplicate.output).toContain("name 'uat' is already used by an existing environment.");
      expect(await environments(broker.url)).toEqual(before);
    });

    it('update-environment changes the fields given and keeps the others (the Ruby client merges into what it read)', async () => {
      const { uuid } = await environmentNamed(broker.url, 'uat');
      // --production again: the Ruby client sends production=false unless told otherwise.
      const updated = await ok(cli, 'update-environment', '--uuid', uuid, '--name', 'uat', '--display-name', 'User Acceptance', '--production');
      expect(updated.output).toContain('Updated uat environment in the Pact Broker');
      const body = (await get(broker.url, `/environments/${uuid}`)).body;
      expect(body).toMatchObject({ uuid, name: 'uat', displayName: 'User Acceptance', production: true, contacts: [{ name: 'Team A' }] });
      expect(body.updatedAt).toMatch(TIMESTAMP);

      const missing = await fails(cli, 'update-environment', '--uuid', '00000000-0000-4000-8000-000000000001', '--name', 'ghost');
      expect(missing.output).toContain("status=404 {\"error\":\"No environment with uuid '00000000-0000-4000-8000-000000000001' found\"}");
      expect((await environments(broker.url)).map((environment) => environment.name)).not.toContain('ghost');
    });

    it('describe-environment and list-environments show what the broker holds, as text and JSON', async () => {
      const { uuid } = await environmentNamed(broker.url, 'uat');
      const text = await ok(cli, 'describe-environment', '--uuid', uuid);
      for (const line of [`Uuid: ${uuid}`, 'Name: uat', 'Display Name: User Acceptance', 'Production: true', 'Contacts:', '- Name: Team A', 'Email Address: a@example.com']) expect(text.output).toContain(line);
      expect(JSON.parse((await ok(cli, 'describe-environment', '--uuid', uuid, '-o', 'json')).stdout)).toEqual((await get(broker.url, `/environments/${uuid}`)).body);

      const table = await ok(cli, 'list-environments');
      expect(table.output).toMatch(/UUID\s+\| NAME\s+\| DISPLAY NAME\s+\| PRODUCTION/);
      expect(table.output).toMatch(new RegExp(`${uuid} \\| uat\\s+\\| User Acceptance \\| true`));
      expect(table.output).toMatch(/\| test\s+\| Test\s+\| false/);
    });

    it('delete-environment deletes it, and a second deletion is a 404', async () => {
      const created = JSON.parse((await ok(cli, 'create-environment', '--name', 'staging-eu', '-o', 'json')).stdout);
      expect(created).toMatchObject({ name: 'staging-eu', displayName: 'Staging Eu', production: false });
      const uuid = created.uuid as string;
      expect(uuid).toMatch(UUID);
      const deleted = await ok(cli, 'delete-environment', '--uuid', uuid);
      expect(deleted.output).toContain('Deleted environment staging-eu from the Pact Broker');
      expect((await get(broker.url, `/environments/${uuid}`)).status).toBe(404);
      expect((await fails(cli, 'delete-environment', '--uuid', uuid)).output).toContain(`status=404 {"error":"No environment with uuid '${uuid}' found"}`);
    });
  });

  describe('pacticipants, versions, branches and tags', () => {
    it('create-or-update-pacticipant creates, then updates only the fields given; describe-pacticipant and list-pacticipants show them', async () => {
      const created = await ok(cli, 'create-or-update-pacticipant', '--name', 'Pricing Service', '--main-branch', 'main', '--repository-url', 'https://git.example/pricing');
      expect(created.output).toContain('Pacticipant "Pricing Service" created in the Pact Broker');
      const updated = await ok(cli, 'create-or-update-pacticipant', '--name', 'Pricing Service', '--display-name', 'Pricing');
      expect(updated.output).toContain('Pacticipant "Pricing Service" updated in the Pact Broker');
      expect((await get(broker.url, '/pacticipants/Pricing%20Service')).body).toMatchObject({ name: 'Pricing Service', displayName: 'Pricing', mainBranch: 'main', repositoryUrl: 'https://git.example/pricing' });

      const text = await ok(cli, 'describe-pacticipant', '--name', 'Pricing Service');
      for (const line of ['Name: Pricing Service', 'Display Name: Pricing', 'Repository Url: https://git.example/pricing', 'Main Branch: main']) expect(text.output).toContain(line);
      expect(JSON.parse((await ok(cli, 'describe-pacticipant', '--name', 'Pricing Service', '-o', 'json')).stdout)).toMatchObject({ name: 'Pricing Service', displayName: 'Pricing', mainBranch: 'main' });

      const table = await ok(cli, 'list-pacticipants');
      expect(table.output).toMatch(/NAME\s+\| DISPLAY NAME/);
      expect(table.output).toMatch(/Pricing Service \| Pricing/);
    });

    it('create-or-update-version creates versions with a branch, with tags, or plain', async () => {
      const branch = await ok(cli, 'create-or-update-version', '-a', 'Web', '-e', '1.0.0', '--branch', 'feat-login');
      expect(branch.output).toContain('Created/updated pacticipant version 1.0.0 with branch feat-login in the Pact Broker');
      expect(await branchesOf('Web', '1.0.0')).toEqual(['feat-login']);
      expect((await get(broker.url, '/pacticipants/Web/branches/feat-login/latest-version')).body.number).toBe('1.0.0');

      const tagged = await ok(cli, 'create-or-update-version', '-a', 'Web', '-e', '1.1.0', '--tag', 'rc', '--tag', 'beta');
      expect(tagged.output).toContain('Created/updated pacticipant version 1.1.0 with tag(s) rc, beta in the Pact Broker');
      expect(await tagsOf('Web', '1.1.0')).toEqual(['beta', 'rc']);

      const plain = await ok(cli, 'create-or-update-version', '-a', 'Web', '-e', '1.2.0', '-o', 'json');
      expect(JSON.parse(plain.stdout)).toMatchObject({ number: '1.2.0', _embedded: { tags: [] } });
      expect((await get(broker.url, '/pacticipants/Web/versions/1.2.0')).status).toBe(200);
    });

    it('create-version-tag tags existing versions, and creates missing ones only with --auto-create-version', async () => {
      const missing = await fails(cli, 'create-version-tag', '-a', 'Web', '-e', '2.0.0', '-t', 'qa');
      expect(missing.output).toContain('Could not create tag. Version 2.0.0 of Web does not exist.');
      expect((await get(broker.url, '/pacticipants/Web/versions/2.0.0')).status).toBe(404);

      const created = await ok(cli, 'create-version-tag', '-a', 'Web', '-e', '2.0.0', '-t', 'qa', '-t', 'staging', '--auto-create-version');
      expect(created.output).toContain('Tagging Web version 2.0.0 as qa');
      expect(created.output).toContain('Tagging Web version 2.0.0 as staging');
      expect(await tagsOf('Web', '2.0.0')).toEqual(['qa', 'staging']);
      await ok(cli, 'create-version-tag', '-a', 'Web', '-e', '1.2.0', '-t', 'prod');
      expect(await tagsOf('Web', '1.2.0')).toEqual(['prod']);
    });

    it('describe-version finds a version by number, the latest version and the latest with a tag', async () => {
      const table = await ok(cli, 'describe-version', '-a', 'Web', '-e', '1.1.0');
      expect(table.output).toMatch(/NUMBER \| TAGS/);
      expect(table.output).toMatch(/1\.1\.0\s+\| rc beta|1\.1\.0\s+\| beta rc/);
      // Latest = created most recently; latest with a tag = the tagged version created last.
      expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Web', '--latest', '-o', 'json')).stdout).number).toBe('2.0.0');
      expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Web', '--latest', 'rc', '-o', 'json')).stdout).number).toBe('1.1.0');
      expect((await fails(cli, 'describe-version', '-a', 'Web', '-e', '7.7.7')).output).toContain('Pacticipant version not found');
    });

    it('delete-branch deletes a branch but not its versions, and fails for a missing one', async () => {
      const deleted = await ok(cli, 'delete-branch', '-a', 'Web', '--branch', 'feat-login');
      expect(deleted.output).toContain('Successfully deleted branch feat-login of pacticipant Web');
      expect((await get(broker.url, '/pacticipants/Web/branches/feat-login')).status).toBe(404);
      expect(await branchesOf('Web', '1.0.0')).toEqual([]);
      // The Ruby client's --error-when-not-found defaults to true (the Rust one's to false).
      expect((await fails(cli, 'delete-branch', '-a', 'Web', '--branch', 'feat-login')).output).toContain('Could not delete branch feat-login of pacticipant Web as it was not found');
      expect((await get(broker.url, '/pacticipants/Web/versions/1.0.0')).status).toBe(200);
    });

    it('round-trips names with spaces and special characters ("Foo Thing", "1.2.3+build", "rc 1", instance "eu west")', async () => {
      await ok(cli, 'create-or-update-pacticipant', '--name', 'Foo Thing', '--display-name', 'Föö Thing (β) ✓');
      await ok(cli, 'create-or-update-version', '-a', 'Foo Thing', '-e', '1.2.3+build', '--branch', 'feature_x.y-z@1', '--tag', 'rc 1');
      await ok(cli, 'create-version-tag', '-a', 'Foo Thing', '-e', '1.2.3+build', '-t', 'v1.0+meta');
      expect((await get(broker.url, '/pacticipants/Foo%20Thing/versions/1.2.3%2Bbuild')).body.number).toBe('1.2.3+build');
      expect((await get(broker.url, '/pacticipants/Foo%20Thing/versions/1.2.3%20build')).status).toBe(404);
      expect(await tagsOf('Foo Thing', '1.2.3+build')).toEqual(['rc 1', 'v1.0+meta']);
      expect(await branchesOf('Foo Thing', '1.2.3+build')).toEqual(['feature_x.y-z@1']);
      expect((await get(broker.url, '/pacticipants/Foo%20Thing')).body.displayName).toBe('Föö Thing (β) ✓');

      expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Foo Thing', '-e', '1.2.3+build', '-o', 'json')).stdout).number).toBe('1.2.3+build');
      expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Foo Thing', '--latest', 'rc 1', '-o', 'json')).stdout).number).toBe('1.2.3+build');

      const deployed = await ok(cli, 'record-deployment', '-a', 'Foo Thing', '-e', '1.2.3+build', '--environment', 'test', '--application-instance', 'eu west');
      expect(deployed.output).toContain('Recorded deployment of Foo Thing version 1.2.3+build to test environment (application instance eu west) in the Pact Broker.');
      expect(await deployedSlots(broker.url, 'test', 'Foo Thing')).toEqual(['eu west=1.2.3+build']);
      const undeployed = await ok(cli, 'record-undeployment', '-a', 'Foo Thing', '--environment', 'test', '--application-instance', 'eu west');
      expect(undeployed.output).toContain('Recorded undeployment of Foo Thing version 1.2.3+build from test environment (application instance eu west) in the Pact Broker.');
      expect(await deployedSlots(broker.url, 'test', 'Foo Thing')).toEqual([]);
      await ok(cli, 'delete-branch', '-a', 'Foo Thing', '--branch', 'feature_x.y-z@1');
      expect(await branchesOf('Foo Thing', '1.2.3+build')).toEqual([]);
    });
  });

  describe('deployments', () => {
    beforeAll(async () => {
      await createVersions('Foo', '1', '2', '3');
    });

    it('record-deployment keeps one current version per application instance, "no instance" being a slot of its own', async () => {
      const first = await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'production', '--application-instance', 'customer-1');
      expect(first.output).toContain('Recorded deployment of Foo version 1 to production environment (application instance customer-1) in the Pact Broker.');
      await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'production', '--application-instance', 'customer-2');
      const [customer1] = await currentlyDeployed(broker.url, 'production', '?pacticipant=Foo&applicationInstance=customer-1');
      await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '3', '--environment', 'production', '--application-instance', 'customer-1');
      expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['customer-1=3', 'customer-2=2']);
      expect((await get(broker.url, `/deployed-versions/${customer1?.uuid}`)).body).toMatchObject({ currentlyDeployed: false, applicationInstance: 'customer-1' });

      const noInstance = await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'production');
      expect(noInstance.output).toContain('Recorded deployment of Foo version 1 to production environment in the Pact Broker.');
      expect(noInstance.output).not.toContain('application instance');
      expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['-=1', 'customer-1=3', 'customer-2=2']);
    });

    it('returns the same record when the current version is recorded again, and a new one for a rollback', async () => {
      const [current] = await currentlyDeployed(broker.url, 'production', '?pacticipant=Foo&applicationInstance=');
      const again = JSON.parse((await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'production', '-o', 'json')).stdout);
      expect(again).toMatchObject({ uuid: current?.uuid, currentlyDeployed: true, _embedded: { version: { number: '1' } } });

      await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'production');
      const rollback = JSON.parse((await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'production', '-o', 'json')).stdout);
      expect(rollback.uuid).not.toBe(current?.uuid);
      expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['-=1', 'customer-1=3', 'customer-2=2']);
    });

    it('refuses an unknown version or environment, and changes nothing', async () => {
      const before = await deployedSlots(broker.url, 'production', 'Foo');
      const unknownVersion = await fails(cli, 'record-deployment', '-a', 'Foo', '-e', '99', '--environment', 'production');
      expect(unknownVersion.output).toContain("Foo version 99 not found (Error making request to");
      expect(unknownVersion.output).toContain("status=404 {\"error\":\"No version with number '99' of pacticipant 'Foo' found\"}");
      const unknownEnvironment = await fails(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'mars');
      expect(unknownEnvironment.output).toContain("No environment found with name 'mars'. Available options: ");
      expect(unknownEnvironment.output).toMatch(/Available options: .*production.*test/);
      expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(before);
      expect((await get(broker.url, '/pacticipants/Foo/versions/99')).status).toBe(404);
    });

    it('record-undeployment undeploys one instance, or the no-instance slot, and explains what it cannot undeploy', async () => {
      const [customer2] = await currentlyDeployed(broker.url, 'production', '?pacticipant=Foo&applicationInstance=customer-2');
      const undeployed = await ok(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'customer-2');
      expect(undeployed.output).toContain('Recorded undeployment of Foo version 2 from production environment (application instance customer-2) in the Pact Broker.');
      expect((await get(broker.url, `/deployed-versions/${customer2?.uuid}`)).body.undeployedAt).toMatch(TIMESTAMP);
      expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['-=1', 'customer-1=3']);

      const wrong = await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'green');
      expect(wrong.output).toContain("Foo is not currently deployed to application instance 'green' in production environment. Please omit the application instance or specify one of the following application instances to record the undeployment from: customer-1.");
      const noInstance = await ok(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production');
      expect(noInstance.output).toContain('Recorded undeployment of Foo version 1 from production environment in the Pact Broker.');
      const missing = await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production');
      expect(missing.output).toContain('Please specify one of the following application instances to record the undeployment from: customer-1');
      await ok(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'customer-1');
      expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual([]);

      expect((await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production')).output).toContain('Foo is not currently deployed to production environment. Cannot record undeployment.');
      expect((await fails(cli, 'record-undeployment', '-a', 'Nobody', '--environment', 'production')).output).toContain("No pacticipant with name 'Nobody' found.");
    });
  });

  describe('releases', () => {
    beforeAll(async () => {
      await createVersions('iOSApp', '2.0.0', '2.1.0');
    });

    it('record-release records releases side by side, and returns the existing record when released again', async () => {
      const released = await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production');
      expect(released.output).toContain('Recorded release of iOSApp version 2.0.0 to production environment in the Pact Broker.');
      await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '2.1.0', '--environment', 'production');
      expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.0.0', '2.1.0']);
      const first = (await currentlySupported(broker.url, 'production', '?pacticipant=iOSApp')).find((item) => item.version === '2.0.0');
      const again = JSON.parse((await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production', '-o', 'json')).stdout);
      expect(again).toMatchObject({ uuid: first?.uuid, currentlySupported: true, _embedded: { version: { number: '2.0.0' } } });

      expect((await fails(cli, 'record-release', '-a', 'iOSApp', '-e', '9.9.9', '--environment', 'production')).output).toContain('iOSApp version 9.9.9 not found');
      expect((await fails(cli, 'record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'mars')).output).toContain("No environment found with name 'mars'.");
      expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.0.0', '2.1.0']);
    });

    it('record-support-ended ends support of one version only; releasing it again makes the same record supported again', async () => {
      const ended = await ok(cli, 'record-support-ended', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production');
      expect(ended.output).toContain('Recorded support ended for iOSApp version 2.0.0 in production environment in the Pact Broker.');
      expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.1.0']);

      expect((await fails(cli, 'record-support-ended', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production')).output).toContain('iOSApp version 2.0.0 is not currently released in production environment. Cannot record support ended.');
      expect((await fails(cli, 'record-support-ended', '-a', 'NoApp', '-e', '1', '--environment', 'production')).output).toContain("No pacticipant with name 'NoApp' found.");

      const { uuid: production } = await environmentNamed(broker.url, 'production');
      const [record] = (await get(broker.url, `/pacticipants/iOSApp/versions/2.0.0/released-versions/environment/${production}`)).body._embedded.releasedVersions as { uuid: string; supportEndedAt?: string }[];
      expect(record?.supportEndedAt).toMatch(TIMESTAMP);
      const rereleased = JSON.parse((await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production', '-o', 'json')).stdout);
      expect(rereleased).toMatchObject({ uuid: record?.uuid, currentlySupported: true });
      expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.0.0', '2.1.0']);
    });
  });

  describe('pact-provider-verifier', () => {
    let provider: Server;
    let providerUrl = '';
    let alligatorName = 'Mary';
    // Where the verifier writes its pact.log (else ./log in the working directory).
    let logDir = '';
    beforeAll(async () => {
      logDir = mkdtempSync(resolve(tmpdir(), 'pact-provider-verifier-'));
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
      providerUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      await ok(cli, 'publish', fooBar, '-a', '1.0.0', '--branch', 'main');
      await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1.0.0', '--environment', 'test');
    });
    afterAll(async () => {
      await new Promise<void>((done) => provider?.close(() => done()));
      if (logDir !== '') rmSync(logDir, { recursive: true, force: true });
    });

    const verify = (version: string) =>
      runCli(
        'pact-provider-verifier',
        ['--pact-broker-base-url', broker.url, '--provider', 'Bar', '--provider-base-url', providerUrl, '--consumer-version-selector', '{"mainBranch": true}', '--consumer-version-selector', '{"deployedOrReleased": true}', '--provider-version-branch', 'main', '--enable-pending', '--publish-verification-results', '--provider-app-version', version, '--log-dir', logDir],
        broker.url,
        {},
        'ruby',
      );

    it('fetches the pacts for verification with selectors, verifies them as pending, and publishes the result with the branch', async () => {
      const result = await verify('10');
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain('with the selection criteria: latest from main branch, currently deployed or released');
      expect(result.output).toContain("latest version from the main branch 'main' (1.0.0)");
      expect(result.output).toContain('consumer version(s) currently deployed to test (1.0.0)');
      expect(result.output).toContain('Verifying a pact between Foo and Bar [PENDING]');
      expect(result.output).toContain('1 interaction, 0 failures');
      expect(result.output).toMatch(/Verification results published to http:\/\/127\.0\.0\.1:\d+\/pacts\/provider\/Bar\/consumer\/Foo\/pact-version\/[0-9a-f]{64}\/verification-results\//);
      expect(result.output).toContain('This pact is no longer in pending state for any version of Bar from branch \'main\'');

      const matrix = await http(broker.url, 'GET', '/matrix?q[][pacticipant]=Foo&q[][version]=1.0.0&q[][pacticipant]=Bar&q[][version]=10&latestby=cvpv');
      expect(matrix.body.matrix[0].verificationResult.success).toBe(true);
      expect(await branchesOf('Bar', '10')).toEqual(['main']);
    });

    it('fails the build once pending is over, publishes the failure, and can-i-deploy says no', async () => {
      alligatorName = 'Not Mary';
      const failed = await verify('11');
      alligatorName = 'Mary';
      expect(failed.code, failed.output).toBe(1);
      expect(failed.output).toContain('1 interaction, 1 failure');
      await ok(cli, 'record-deployment', '-a', 'Bar', '-e', '11', '--environment', 'production');
      const no = await fails(cli, 'can-i-deploy', '-a', 'Foo', '-e', '1.0.0', '--to-environment', 'production');
      expect(no.output).toMatch(/Foo\s+\| 1\.0\.0\s+\| Bar\s+\| 11\s+\| false/);
      expect(no.output).toContain('The verification for the pact between version 1.0.0 of Foo and the version of Bar currently in production (11) failed');
    });
  });
});
