/**
 * The seed workflows with the official `pact-broker` CLI, results checked through the HTTP API: environments,
 * record-deployment (application instances, rollback), record-undeployment, record-release, record-support-ended,
 * pacticipants, versions, branches and tags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../infra/local/dev-server.ts';
import { http, startTestBroker } from '../support/broker.ts';
import { pactBroker } from '../support/cli.ts';

let broker: DevServer;
let cli: (...args: string[]) => ReturnType<typeof pactBroker>;
beforeAll(async () => {
  broker = await startTestBroker();
  cli = (...args) => pactBroker(broker.url, ...args);
});
afterAll(async () => {
  await broker.close();
});

async function environmentUuid(name: string): Promise<string> {
  const list = await http(broker.url, 'GET', `/environments?name=${encodeURIComponent(name)}`);
  return list.body._embedded.environments[0].uuid as string;
}

async function currentlyDeployed(environment: string, pacticipant?: string) {
  const uuid = await environmentUuid(environment);
  const response = await http(broker.url, 'GET', `/environments/${uuid}/deployed-versions/currently-deployed${pacticipant ? `?pacticipant=${encodeURIComponent(pacticipant)}` : ''}`);
  return (response.body._embedded.deployedVersions as { uuid: string; applicationInstance?: string; _embedded: { version: { number: string } } }[]).map((d) => ({
    uuid: d.uuid,
    instance: d.applicationInstance ?? null,
    version: d._embedded.version.number,
  }));
}

describe('environments', () => {
  it('creates, describes, updates (full replace), lists and deletes environments; names are unique', async () => {
    const created = await cli('create-environment', '--name', 'uat', '--display-name', 'UAT', '--production', '--contact-name', 'Team A', '--contact-email-address', 'a@example.com', '-o', 'id');
    expect(created.code).toBe(0);
    const uuid = created.stdout.trim();
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);

    const duplicate = await cli('create-environment', '--name', 'uat');
    expect(duplicate.code).toBe(1);
    expect(duplicate.output).toContain("name 'uat' is already used by an existing environment.");

    const described = await cli('describe-environment', '--uuid', uuid, '-o', 'json');
    expect(JSON.parse(described.stdout)).toMatchObject({ name: 'uat', displayName: 'UAT', production: true, contacts: [{ name: 'Team A', details: { emailAddress: 'a@example.com' } }] });

    const updated = await cli('update-environment', '--uuid', uuid, '--name', 'user-acceptance');
    expect(updated.code).toBe(0);
    expect((await http(broker.url, 'GET', `/environments/${uuid}`)).body).toMatchObject({ name: 'user-acceptance', displayName: 'User Acceptance', production: false });

    const listed = await cli('list-environments', '-o', 'json');
    expect(JSON.parse(listed.stdout)._embedded.environments.map((e: { name: string }) => e.name)).toEqual(['production', 'test', 'user-acceptance']);

    const deleted = await cli('delete-environment', '--uuid', uuid);
    expect(deleted.code).toBe(0);
    expect((await http(broker.url, 'GET', `/environments/${uuid}`)).status).toBe(404);
    expect((await cli('describe-environment', '--uuid', uuid)).code).toBe(1);
  });
});

describe('deployments (the documentation examples)', () => {
  beforeAll(async () => {
    for (const version of ['1', '2', '3']) expect((await cli('create-or-update-version', '-a', 'Foo', '-e', version)).code).toBe(0);
  });

  it('keeps one deployed version per application instance, "no instance" being its own', async () => {
    expect((await cli('record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'production', '--application-instance', 'customer-1')).output).toContain(
      'Recorded deployment of Foo version 1 to production environment (application instance customer-1) in the Pact Broker.',
    );
    expect((await cli('record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'production', '--application-instance', 'iphone-2')).code).toBe(0);
    expect((await cli('record-deployment', '-a', 'Foo', '-e', '3', '--environment', 'production')).code).toBe(0);
    expect((await currentlyDeployed('production')).map(({ instance, version }) => [instance, version]).sort()).toEqual([
      ['customer-1', '1'],
      ['iphone-2', '2'],
      [null, '3'],
    ].sort());

    // A new version in the customer-1 slot replaces only that slot.
    expect((await cli('record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'production', '--application-instance', 'customer-1')).code).toBe(0);
    expect((await currentlyDeployed('production')).filter((d) => d.instance === 'customer-1').map((d) => d.version)).toEqual(['2']);
    expect(await currentlyDeployed('production')).toHaveLength(3);
  });

  it('records the current version again as the same record, and a rollback as a new one', async () => {
    const first = await cli('record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'test', '-o', 'json');
    const again = await cli('record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'test', '-o', 'json');
    expect(JSON.parse(again.stdout).uuid).toBe(JSON.parse(first.stdout).uuid);
    await cli('record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'test');
    const rollback = await cli('record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'test', '-o', 'json');
    expect(JSON.parse(rollback.stdout).uuid).not.toBe(JSON.parse(first.stdout).uuid);
    expect((await currentlyDeployed('test', 'Foo')).map((d) => d.version)).toEqual(['1']);
    const old = await http(broker.url, 'GET', `/deployed-versions/${JSON.parse(first.stdout).uuid}`);
    expect(old.body).toMatchObject({ currentlyDeployed: false });
    expect(old.body.undeployedAt).toBeDefined();
  });

  it('records undeployments per instance, with the CLI messages when nothing matches', async () => {
    const wrongInstance = await cli('record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'green');
    expect(wrongInstance.code).toBe(1);
    expect(wrongInstance.output).toContain("Foo is not currently deployed to application instance 'green' in production environment");

    const undeployed = await cli('record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'iphone-2');
    expect(undeployed.output).toContain('Undeployed Foo from production environment (application instance iphone-2)');
    expect((await cli('record-undeployment', '-a', 'Foo', '--environment', 'production')).code).toBe(0);
    expect((await currentlyDeployed('production')).map((d) => [d.instance, d.version])).toEqual([['customer-1', '2']]);

    const nothing = await cli('record-undeployment', '-a', 'Bar', '--environment', 'production');
    expect(nothing.code).toBe(1);
  });

  it('refuses unknown versions and environments', async () => {
    const unknownVersion = await cli('record-deployment', '-a', 'Foo', '-e', '99', '--environment', 'production');
    expect(unknownVersion.code).toBe(1);
    expect(unknownVersion.output).toContain('404');
    const unknownEnvironment = await cli('record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'mars');
    expect(unknownEnvironment.code).toBe(1);
    expect(unknownEnvironment.output).toContain('Environment mars does not exist');
  });

  it('shows deployments with describe-version --environment', async () => {
    const described = await cli('describe-version', '-a', 'Foo', '--environment', 'production', '-o', 'json');
    expect(described.code).toBe(0);
    expect(described.stdout).toContain('customer-1');
  });
});

describe('releases', () => {
  it('records a release, its end of support, and a re-release that makes it supported again', async () => {
    await cli('create-or-update-version', '-a', 'iOSApp', '-e', '2.0.0');
    await cli('create-or-update-version', '-a', 'iOSApp', '-e', '2.1.0');
    expect((await cli('record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production')).output).toContain('Recorded release of iOSApp version 2.0.0 to production environment');
    expect((await cli('record-release', '-a', 'iOSApp', '-e', '2.1.0', '--environment', 'production')).code).toBe(0);
    const supported = async () => {
      const uuid = await environmentUuid('production');
      const response = await http(broker.url, 'GET', `/environments/${uuid}/released-versions/currently-supported?pacticipant=iOSApp`);
      return (response.body._embedded.releasedVersions as { _embedded: { version: { number: string } } }[]).map((r) => r._embedded.version.number).sort();
    };
    expect(await supported()).toEqual(['2.0.0', '2.1.0']);

    const ended = await cli('record-support-ended', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production');
    expect(ended.output).toContain('Recorded support ended for application iOSApp, version 2.0.0 from production environment');
    expect(await supported()).toEqual(['2.1.0']);
    expect((await cli('record-support-ended', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production')).code).toBe(1);

    expect((await cli('record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production')).code).toBe(0);
    expect(await supported()).toEqual(['2.0.0', '2.1.0']);
  });
});

describe('pacticipants, versions, branches and tags', () => {
  it('creates and updates pacticipants, and lists them', async () => {
    expect((await cli('create-or-update-pacticipant', '--name', 'Pricing Service', '--main-branch', 'main', '--repository-url', 'https://git.example/pricing')).output).toContain("Pacticipant 'Pricing Service' created successfully");
    expect((await cli('create-or-update-pacticipant', '--name', 'Pricing Service', '--display-name', 'Pricing')).output).toContain('updated successfully');
    const described = await cli('describe-pacticipant', '--name', 'Pricing Service', '-o', 'json');
    expect(JSON.parse(described.stdout)).toMatchObject({ name: 'Pricing Service', displayName: 'Pricing', mainBranch: 'main', repositoryUrl: 'https://git.example/pricing' });
    const listed = await cli('list-pacticipants', '-o', 'json');
    expect(listed.stdout).toContain('Pricing Service');
    expect((await cli('list-pacticipants')).code).toBe(0);
  });

  it('handles versions with branches and tags, latest versions, and main branch detection', async () => {
    expect((await cli('create-or-update-version', '-a', 'Web', '-e', '1.0.0+build.1', '--branch', 'develop')).output).toContain("Branch 'develop' created for version '1.0.0+build.1'");
    expect((await cli('create-or-update-version', '-a', 'Web', '-e', '1.1.0', '--tag', 'rc')).output).toContain("Tag 'rc' created for version '1.1.0'");
    expect((await http(broker.url, 'GET', '/pacticipants/Web')).body.mainBranch).toBe('develop');
    expect(JSON.parse((await cli('describe-version', '-a', 'Web', '-o', 'json')).stdout).number).toBe('1.1.0');
    expect(JSON.parse((await cli('describe-version', '-a', 'Web', '-e', '1.0.0+build.1', '-o', 'json')).stdout)._embedded.branches[0]).toMatchObject({ name: 'develop', latest: true });

    const missing = await cli('create-version-tag', '-a', 'Web', '-e', '9', '-t', 'x');
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("Version '9' of pacticipant 'Web' does not exist");
    expect((await cli('create-version-tag', '-a', 'Web', '-e', '9', '-t', 'x', '--auto-create-version')).output).toContain('Success');
    expect(JSON.parse((await cli('describe-version', '-a', 'Web', '--latest', 'rc', '-o', 'json')).stdout).number).toBe('1.1.0');

    expect((await cli('delete-version-tag', '-a', 'Web', '-e', '9', '-t', 'x')).code).toBe(0);
    expect((await cli('delete-version-tag', '-a', 'Web', '-e', '9', '-t', 'x')).output).toContain('was not found');
    expect((await cli('delete-branch', '-a', 'Web', '--branch', 'develop')).output).toContain("Successfully deleted branch 'develop' of pacticipant 'Web'");
    expect((await cli('delete-branch', '-a', 'Web', '--branch', 'develop')).code).toBe(0);
    expect((await cli('delete-branch', '-a', 'Web', '--branch', 'develop', '--error-when-not-found', 'true')).code).toBe(1);
  });
});
