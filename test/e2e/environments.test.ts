/**
 * Environments with the official CLI: create-environment, update-environment (a full replace), describe-environment,
 * list-environments and delete-environment, each checked through the HTTP API (docs/wire-contract.md §7; docs/rules.md §2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliFor, environmentNamed, environments, fails, get, ok, TIMESTAMP, UUID, type Cli } from './helpers.ts';

let broker: TestBroker;
let cli: Cli;
beforeAll(async () => {
  broker = await startTestBroker();
  cli = cliFor(broker.url);
});
afterAll(async () => {
  await broker.close();
});

describe('seeded environments', () => {
  it('starts every tenant with test and production, production flagged', async () => {
    const seeded = await environments(broker.url);
    expect(seeded.map(({ name, displayName, production }) => ({ name, displayName, production }))).toEqual([
      { name: 'production', displayName: 'Production', production: true },
      { name: 'test', displayName: 'Test', production: false },
    ]);
  });
});

describe('create-environment', () => {
  it('creates an environment with display name, production flag and contact; -o id prints only the uuid', async () => {
    const created = await ok(cli, 'create-environment', '--name', 'uat', '--display-name', 'UAT', '--production', '--contact-name', 'Team A', '--contact-email-address', 'a@example.com', '-o', 'id');
    const uuid = created.stdout.trim();
    expect(uuid).toMatch(UUID);

    const response = await get(broker.url, `/environments/${uuid}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/hal+json;charset=utf-8');
    expect(response.body).toMatchObject({
      uuid,
      name: 'uat',
      displayName: 'UAT',
      production: true,
      contacts: [{ name: 'Team A', details: { emailAddress: 'a@example.com' } }],
    });
    expect(response.body.createdAt).toMatch(TIMESTAMP);
    expect(response.body.updatedAt).toBeUndefined();
    expect(response.body._links.self.href).toBe(`${new URL(response.body._links.self.href).origin}/environments/${uuid}`);
    expect(response.body._links['pb:currently-deployed-deployed-versions'].href).toMatch(new RegExp(`/environments/${uuid}/deployed-versions/currently-deployed$`));
    expect(response.body._links['pb:currently-supported-released-versions'].href).toMatch(new RegExp(`/environments/${uuid}/released-versions/currently-supported$`));
  });

  it('prints the uuid in its text output, derives the display name and defaults production to false', async () => {
    const created = await ok(cli, 'create-environment', '--name', 'staging-eu');
    const uuid = created.output.match(/✅ Created staging-eu environment in the Pact Broker with UUID ([0-9a-f-]{36})/)?.[1];
    expect(uuid, created.output).toMatch(UUID);
    const body = (await get(broker.url, `/environments/${uuid}`)).body;
    expect(body).toMatchObject({ name: 'staging-eu', displayName: 'Staging Eu', production: false });
    expect(body.contacts).toBeUndefined();

    // The derivation rule splits camel-case humps and acronyms too (docs/rules.md §2.1).
    await ok(cli, 'create-environment', '--name', 'myEnv');
    await ok(cli, 'create-environment', '--name', 'UATEnv');
    expect((await environmentNamed(broker.url, 'myEnv')).displayName).toBe('My Env');
    expect((await environmentNamed(broker.url, 'UATEnv')).displayName).toBe('UAT Env');
  });

  it('refuses a name that is already used, and creates nothing', async () => {
    const before = await environments(broker.url);
    const duplicate = await fails(cli, 'create-environment', '--name', 'uat', '--display-name', 'Another UAT');
    expect(duplicate.output).toContain("❌ name: name 'uat' is already used by an existing environment.");
    const seeded = await fails(cli, 'create-environment', '--name', 'test');
    expect(seeded.output).toContain("name 'test' is already used by an existing environment.");
    const after = await environments(broker.url);
    expect(after).toEqual(before);
    expect(after.filter((environment) => environment.name === 'uat')).toHaveLength(1);
    expect((await environmentNamed(broker.url, 'uat')).displayName).toBe('UAT');
  });

  it('refuses a name with spaces (validation message shown by the CLI)', async () => {
    const spaced = await fails(cli, 'create-environment', '--name', 'my env');
    expect(spaced.output).toMatch(/❌ name: .*cannot contain spaces/);
    expect((await environments(broker.url)).map((environment) => environment.name)).not.toContain('my env');
  });
});

describe('update-environment', () => {
  it('replaces the whole environment: display name derived again, production false and contacts gone when omitted', async () => {
    const uuid = (await ok(cli, 'create-environment', '--name', 'qa', '--display-name', 'Quality', '--production', '--contact-name', 'QA team', '-o', 'id')).stdout.trim();
    expect((await get(broker.url, `/environments/${uuid}`)).body).toMatchObject({ displayName: 'Quality', production: true, contacts: [{ name: 'QA team' }] });

    const updated = await ok(cli, 'update-environment', '--uuid', uuid, '--name', 'pre-prod');
    expect(updated.output).toContain(`✅ Updated pre-prod environment in the Pact Broker with UUID ${uuid}`);
    const replaced = (await get(broker.url, `/environments/${uuid}`)).body;
    expect(replaced).toMatchObject({ uuid, name: 'pre-prod', displayName: 'Pre Prod', production: false });
    expect(replaced.contacts).toBeUndefined();

    await ok(cli, 'update-environment', '--uuid', uuid, '--name', 'pre-prod', '--display-name', 'Pre-production', '--production');
    expect((await get(broker.url, `/environments/${uuid}`)).body).toMatchObject({ uuid, name: 'pre-prod', displayName: 'Pre-production', production: true });
    // The old name is free again; the new one is taken.
    expect((await environments(broker.url)).map((environment) => environment.name)).not.toContain('qa');
    expect((await fails(cli, 'create-environment', '--name', 'pre-prod')).output).toContain("name 'pre-prod' is already used by an existing environment.");
  });

  it('refuses to rename onto another environment', async () => {
    const uuid = (await ok(cli, 'create-environment', '--name', 'perf', '-o', 'id')).stdout.trim();
    const clash = await fails(cli, 'update-environment', '--uuid', uuid, '--name', 'uat');
    expect(clash.output).toContain("name 'uat' is already used by an existing environment.");
    expect((await get(broker.url, `/environments/${uuid}`)).body.name).toBe('perf');
  });

  it('reports an unknown uuid and creates nothing', async () => {
    const before = await environments(broker.url);
    const uuid = '00000000-0000-4000-8000-000000000001';
    const missing = await fails(cli, 'update-environment', '--uuid', uuid, '--name', 'ghost');
    expect(missing.output).toContain(`❌ Environment with UUID ${uuid} not found`);
    expect(await environments(broker.url)).toEqual(before);
    expect((await get(broker.url, `/environments/${uuid}`)).status).toBe(404);
  });
});

describe('describe-environment', () => {
  it('describes an environment as text and as JSON', async () => {
    const { uuid } = await environmentNamed(broker.url, 'uat');
    const text = await ok(cli, 'describe-environment', '--uuid', uuid);
    for (const line of [uuid, 'Name: uat', 'Display Name: UAT', 'Production: true', 'Contacts:', 'Name: Team A']) expect(text.output).toContain(line);

    const json = await ok(cli, 'describe-environment', '--uuid', uuid, '-o', 'json');
    expect(JSON.parse(json.stdout)).toEqual((await get(broker.url, `/environments/${uuid}`)).body);
  });

  it('fails for an unknown uuid', async () => {
    const missing = await fails(cli, 'describe-environment', '--uuid', '00000000-0000-4000-8000-000000000002');
    expect(missing.output).toContain("failed: 404 Not Found");
    expect(missing.output).toContain('/environments/00000000-0000-4000-8000-000000000002');
  });
});

describe('list-environments', () => {
  it('lists every environment, sorted by display name, with the same data as the HTTP API', async () => {
    const listed = await ok(cli, 'list-environments', '-o', 'json');
    const fromCli = JSON.parse(listed.stdout)._embedded.environments as { uuid: string; name: string; displayName: string; production: boolean }[];
    const fromHttp = await environments(broker.url);
    expect(fromCli.map((environment) => environment.uuid)).toEqual(fromHttp.map((environment) => environment.uuid));
    const displayNames = fromCli.map((environment) => environment.displayName);
    expect(displayNames).toEqual([...displayNames].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    for (const environment of fromCli) expect(typeof environment.displayName).toBe('string');
    expect(fromCli.map((environment) => environment.name).sort()).toEqual(['UATEnv', 'myEnv', 'perf', 'pre-prod', 'production', 'staging-eu', 'test', 'uat'].sort());

    const table = await ok(cli, 'list-environments');
    for (const environment of fromHttp) expect(table.output).toContain(environment.uuid);
    expect(table.output).toMatch(/production\s+┆ Production\s+┆ true/);
    expect(table.output).toMatch(/test\s+┆ Test\s+┆ false/);
  });

  it('filters by name with ?name=', async () => {
    const response = await get(broker.url, '/environments?name=uat');
    expect(response.status).toBe(200);
    expect(response.body._embedded.environments.map((environment: { name: string }) => environment.name)).toEqual(['uat']);
  });
});

describe('delete-environment', () => {
  it('deletes the environment with its deployed and released versions', async () => {
    const uuid = (await ok(cli, 'create-environment', '--name', 'doomed', '-o', 'id')).stdout.trim();
    await ok(cli, 'create-or-update-version', '-a', 'Foo', '-e', '1');
    const deployed = JSON.parse((await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'doomed', '-o', 'json')).stdout).uuid as string;
    await ok(cli, 'record-release', '-a', 'Foo', '-e', '1', '--environment', 'doomed');
    const released = (await get(broker.url, `/environments/${uuid}/released-versions/currently-supported`)).body._embedded.releasedVersions[0].uuid as string;
    expect((await get(broker.url, `/deployed-versions/${deployed}`)).status).toBe(200);
    expect((await get(broker.url, `/released-versions/${released}`)).status).toBe(200);

    const deleted = await ok(cli, 'delete-environment', '--uuid', uuid);
    expect(deleted.output).toContain(`✅ Environment doomed with UUID ${uuid} deleted successfully`);
    expect((await get(broker.url, `/environments/${uuid}`)).status).toBe(404);
    expect((await environments(broker.url)).map((environment) => environment.name)).not.toContain('doomed');
    expect((await get(broker.url, `/deployed-versions/${deployed}`)).status).toBe(404);
    expect((await get(broker.url, `/released-versions/${released}`)).status).toBe(404);
    expect((await get(broker.url, `/environments/${uuid}/deployed-versions/currently-deployed`)).status).toBe(404);
    // The version no longer offers to record a deployment there, and its name can be used again.
    const version = (await get(broker.url, '/pacticipants/Foo/versions/1')).body;
    expect(version._links['pb:record-deployment'].map((link: { name: string }) => link.name)).not.toContain('doomed');
    expect((await fails(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'doomed')).output).toContain('Environment doomed does not exist');

    const again = await fails(cli, 'delete-environment', '--uuid', uuid);
    expect(again.output).toContain('404 Not Found');
    expect((await http(broker.url, 'DELETE', `/environments/${uuid}`)).status).toBe(404);
  });
});
