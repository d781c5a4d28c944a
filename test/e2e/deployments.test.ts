/**
 * record-deployment and record-undeployment with the official CLI, following the examples of the Pact docs
 * ("Recording deployments and releases"): one currently deployed version per (pacticipant, environment, application
 * instance), "no instance" being a slot of its own; replacement, rollback, idempotent re-recording, undeployment per
 * instance and the CLI's messages. State is checked through the HTTP API (docs/wire-contract.md §7.4, §8; docs/rules.md §3.1–§3.4, §1.5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliFor, currentlyDeployed, deployedSlots, environmentNamed, fails, get, ok, pathOf, TIMESTAMP, type Cli } from './helpers.ts';

let broker: TestBroker;
let cli: Cli;
beforeAll(async () => {
  broker = await startTestBroker();
  cli = cliFor(broker.url);
  for (const version of ['1', '2', '3']) {
    await ok(cli, 'create-or-update-version', '-a', 'Foo', '-e', version);
    await ok(cli, 'create-or-update-version', '-a', 'Bar', '-e', version);
  }
});
afterAll(async () => {
  await broker.close();
});

const deploy = async (pacticipant: string, version: string, environment: string, instance?: string): Promise<string> => {
  const args = ['record-deployment', '-a', pacticipant, '-e', version, '--environment', environment, ...(instance === undefined ? [] : ['--application-instance', instance]), '-o', 'json'];
  const result = await ok(cli, ...args);
  const body = JSON.parse(result.stdout);
  expect(body).toMatchObject({ currentlyDeployed: true, _embedded: { pacticipant: { name: pacticipant }, version: { number: version } } });
  return body.uuid as string;
};

/** Every deployed version record (current or not) of one version in one environment. */
async function deploymentsOf(pacticipant: string, version: string, environment: string): Promise<{ uuid: string; currentlyDeployed: boolean }[]> {
  const { uuid } = await environmentNamed(broker.url, environment);
  const response = await get(broker.url, `/pacticipants/${encodeURIComponent(pacticipant)}/versions/${encodeURIComponent(version)}/deployed-versions/environment/${uuid}`);
  expect(response.status, response.text).toBe(200);
  return response.body._embedded.deployedVersions;
}

describe('application instances (the documentation example)', () => {
  it('keeps one current version per application instance, and "no instance" is a slot of its own', async () => {
    const first = await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'production', '--application-instance', 'customer-1');
    expect(first.output).toContain('✅ Recorded deployment of Foo version 1 to production environment (application instance customer-1) in the Pact Broker.');
    await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'production', '--application-instance', 'customer-2');
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['customer-1=1', 'customer-2=2']);

    const [customer1] = await currentlyDeployed(broker.url, 'production', '?pacticipant=Foo&applicationInstance=customer-1');
    expect(customer1).toMatchObject({ instance: 'customer-1', version: '1', currentlyDeployed: true });

    // Version 3 to customer-1 replaces only that instance's version.
    await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '3', '--environment', 'production', '--application-instance', 'customer-1');
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['customer-1=3', 'customer-2=2']);
    const replaced = (await get(broker.url, `/deployed-versions/${customer1?.uuid}`)).body;
    expect(replaced).toMatchObject({ uuid: customer1?.uuid, currentlyDeployed: false, applicationInstance: 'customer-1', target: 'customer-1' });
    expect(replaced.undeployedAt).toMatch(TIMESTAMP);

    // No instance is a slot next to the named ones, and so is a further named instance.
    const noInstance = await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'production');
    expect(noInstance.output).toContain('✅ Recorded deployment of Foo version 1 to production environment in the Pact Broker.');
    expect(noInstance.output).not.toContain('application instance');
    await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'production', '--application-instance', 'iphone-2');
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['-=1', 'customer-1=3', 'customer-2=2', 'iphone-2=2']);

    // A new version with no instance replaces only the no-instance slot.
    await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'production');
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['-=2', 'customer-1=3', 'customer-2=2', 'iphone-2=2']);

    // The instance filters of the collection: a named instance, and an empty value meaning "no instance".
    expect((await currentlyDeployed(broker.url, 'production', '?pacticipant=Foo&applicationInstance=iphone-2')).map((d) => d.version)).toEqual(['2']);
    const withoutInstance = await currentlyDeployed(broker.url, 'production', '?pacticipant=Foo&applicationInstance=');
    expect(withoutInstance.map((d) => [d.instance, d.version])).toEqual([[null, '2']]);
    // Items without an instance carry neither applicationInstance nor target.
    const raw = (await get(broker.url, `/deployed-versions/${withoutInstance[0]?.uuid}`)).body;
    expect(raw).not.toHaveProperty('applicationInstance');
    expect(raw).not.toHaveProperty('target');

    // Another pacticipant's deployments are separate slots.
    await ok(cli, 'record-deployment', '-a', 'Bar', '-e', '1', '--environment', 'production', '--application-instance', 'customer-1');
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['-=2', 'customer-1=3', 'customer-2=2', 'iphone-2=2']);
    expect(await deployedSlots(broker.url, 'production', 'Bar')).toEqual(['customer-1=1']);

    // The version resource lists where it is deployed.
    const version2 = (await get(broker.url, '/pacticipants/Foo/versions/2')).body;
    const deployedTo = (version2._links['pb:deployed-environments'] as { name: string; currently_deployed: boolean; application_instance?: string }[])
      .filter((link) => link.currently_deployed)
      .map((link) => `${link.name}:${link.application_instance ?? '-'}`)
      .sort();
    expect(deployedTo).toEqual(['Production:-', 'Production:customer-2', 'Production:iphone-2']);
  });

  it('lists the currently deployed versions newest first (docs/wire-contract.md §7.4)', async () => {
    await ok(cli, 'create-environment', '--name', 'ordering');
    for (const [version, instance] of [['1', 'a'], ['3', 'b'], ['2', 'c'], ['1', 'd']] as const) {
      await ok(cli, 'record-deployment', '-a', 'Foo', '-e', version, '--environment', 'ordering', '--application-instance', instance);
    }
    expect((await currentlyDeployed(broker.url, 'ordering')).map((d) => `${d.instance}=${d.version}`)).toEqual(['d=1', 'c=2', 'b=3', 'a=1']);
  });

  it('shows the current deployments with describe-version --environment', async () => {
    const json = await ok(cli, 'describe-version', '-a', 'Foo', '--environment', 'production', '--deployed', '-o', 'json');
    const items = JSON.parse(json.stdout) as { applicationInstance?: string; currentlyDeployed: boolean; _embedded: { version: { number: string } } }[];
    expect(items.map((item) => `${item.applicationInstance ?? '-'}=${item._embedded.version.number}`).sort()).toEqual(await deployedSlots(broker.url, 'production', 'Foo'));
    expect(items.every((item) => item.currentlyDeployed)).toBe(true);

    const table = await ok(cli, 'describe-version', '-a', 'Foo', '--environment', 'production');
    expect(table.output).toMatch(/3\s+┆ Deployed\s+┆ production\s+┆ customer-1/);
    expect(table.output).toMatch(/2\s+┆ Deployed\s+┆ production\s+┆ iphone-2/);
    expect(table.output).toMatch(/2\s+┆ Deployed\s+┆ production\s+┆ -/);
    // Bar's deployment is filtered out by the CLI.
    expect(items).toHaveLength(4);
  });
});

describe('replacement, rollback and re-recording', () => {
  it('replaces version 1 by version 2 in the same slot, keeping the old record as undeployed history', async () => {
    const one = await deploy('Bar', '1', 'test');
    const oneBody = (await get(broker.url, `/deployed-versions/${one}`)).body;
    expect(oneBody).toMatchObject({ uuid: one, currentlyDeployed: true, _embedded: { environment: { name: 'test' } } });
    expect(oneBody.createdAt).toMatch(TIMESTAMP);
    expect(oneBody).not.toHaveProperty('undeployedAt');

    const two = await deploy('Bar', '2', 'test');
    expect(two).not.toBe(one);
    const current = await currentlyDeployed(broker.url, 'test', '?pacticipant=Bar');
    expect(current.map((d) => [d.uuid, d.version])).toEqual([[two, '2']]);
    const old = (await get(broker.url, `/deployed-versions/${one}`)).body;
    expect(old).toMatchObject({ uuid: one, currentlyDeployed: false });
    expect(old.undeployedAt).toMatch(TIMESTAMP);
    expect(await deploymentsOf('Bar', '1', 'test')).toEqual([expect.objectContaining({ uuid: one, currentlyDeployed: false })]);
  });

  it('rolls back by recording the older version again: a new record, which is current', async () => {
    const [two] = await currentlyDeployed(broker.url, 'test', '?pacticipant=Bar');
    const rollback = await deploy('Bar', '1', 'test');
    const history = await deploymentsOf('Bar', '1', 'test');
    expect(history).toHaveLength(2);
    expect(history.filter((d) => d.uuid === rollback)).toEqual([expect.objectContaining({ currentlyDeployed: true })]);
    expect(history.filter((d) => d.uuid !== rollback)).toEqual([expect.objectContaining({ currentlyDeployed: false })]);
    expect((await currentlyDeployed(broker.url, 'test', '?pacticipant=Bar')).map((d) => [d.uuid, d.version])).toEqual([[rollback, '1']]);
    const replaced = (await get(broker.url, `/deployed-versions/${two?.uuid}`)).body;
    expect(replaced).toMatchObject({ currentlyDeployed: false });
    expect(replaced.undeployedAt).toMatch(TIMESTAMP);
  });

  it('returns the same record when the current version is recorded again, and creates nothing', async () => {
    const [current] = await currentlyDeployed(broker.url, 'test', '?pacticipant=Bar');
    const again = await deploy('Bar', '1', 'test');
    expect(again).toBe(current?.uuid);
    const text = await ok(cli, 'record-deployment', '-a', 'Bar', '-e', '1', '--environment', 'test');
    expect(text.output).toContain('✅ Recorded deployment of Bar version 1 to test environment in the Pact Broker.');
    expect(await deploymentsOf('Bar', '1', 'test')).toHaveLength(2);
    expect((await currentlyDeployed(broker.url, 'test', '?pacticipant=Bar')).map((d) => d.uuid)).toEqual([current?.uuid]);

    // On the wire: 201 and a Location pointing at the existing record (docs/rules.md §3.2, rule 2).
    const link = ((await get(broker.url, '/pacticipants/Bar/versions/1')).body._links['pb:record-deployment'] as { name: string; href: string }[]).find((l) => l.name === 'test');
    const response = await http(broker.url, 'POST', pathOf(link?.href ?? ''), {});
    expect(response.status).toBe(201);
    expect(response.body.uuid).toBe(current?.uuid);
    expect(response.headers.get('location')).toMatch(new RegExp(`/deployed-versions/${current?.uuid}$`));

    // Same for a named instance.
    const blue = await deploy('Bar', '3', 'test', 'blue');
    expect(await deploy('Bar', '3', 'test', 'blue')).toBe(blue);
    expect(await deploymentsOf('Bar', '3', 'test')).toHaveLength(1);
    expect(await deployedSlots(broker.url, 'test', 'Bar')).toEqual(['-=1', 'blue=3']);
  });

  it('treats an empty application instance as "no instance" (or refuses it)', async () => {
    const [current] = await currentlyDeployed(broker.url, 'test', '?pacticipant=Bar&applicationInstance=');
    const { uuid: environment } = await environmentNamed(broker.url, 'test');
    const response = await http(broker.url, 'POST', `/pacticipants/Bar/versions/2/deployed-versions/environment/${environment}`, { applicationInstance: '' });
    if (response.status === 400) {
      expect(await deployedSlots(broker.url, 'test', 'Bar')).toEqual(['-=1', 'blue=3']);
    } else {
      expect(response.status).toBe(201);
      expect(response.body).not.toHaveProperty('applicationInstance');
      // It replaced the no-instance slot: no inconsistent "" slot next to it (docs/rules.md §3.1, the "" pitfall).
      expect(await deployedSlots(broker.url, 'test', 'Bar')).toEqual(['-=2', 'blue=3']);
      expect((await get(broker.url, `/deployed-versions/${current?.uuid}`)).body.currentlyDeployed).toBe(false);
      await deploy('Bar', '1', 'test');
    }
  });
});

describe('record-undeployment', () => {
  it('undeploys a named instance, then the no-instance slot, leaving the others', async () => {
    const [customer2] = await currentlyDeployed(broker.url, 'production', '?pacticipant=Foo&applicationInstance=customer-2');
    const undeployed = await ok(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'customer-2');
    expect(undeployed.output).toContain('✅ ♻️ Undeployed Foo from production environment (application instance customer-2)');
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['-=2', 'customer-1=3', 'iphone-2=2']);
    const record = (await get(broker.url, `/deployed-versions/${customer2?.uuid}`)).body;
    expect(record).toMatchObject({ currentlyDeployed: false, applicationInstance: 'customer-2' });
    expect(record.undeployedAt).toMatch(TIMESTAMP);

    const noInstance = await ok(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production');
    expect(noInstance.output).toContain('✅ ♻️ Undeployed Foo from production environment');
    expect(noInstance.output).not.toContain('application instance');
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['customer-1=3', 'iphone-2=2']);
    // Bar's deployment to customer-1 in the same environment is untouched.
    expect(await deployedSlots(broker.url, 'production', 'Bar')).toEqual(['customer-1=1']);
  });

  it('explains which instances exist when the instance is wrong or missing', async () => {
    const wrong = await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'green');
    expect(wrong.output).toContain("❌ Foo is not currently deployed to application instance 'green' in production environment. Please specify one of the following application instances to record the undeployment from:");
    expect(wrong.output).toMatch(/record the undeployment from: (customer-1, iphone-2|iphone-2, customer-1)\./);

    const missing = await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production');
    expect(missing.output).toMatch(/❌ Please specify one of the following application instances to record the undeployment from: (customer-1, iphone-2|iphone-2, customer-1)/);
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual(['customer-1=3', 'iphone-2=2']);

    // With a no-instance deployment present the CLI also offers to omit the instance.
    await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '3', '--environment', 'production');
    const omit = await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'green');
    expect(omit.output).toContain("Foo is not currently deployed to application instance 'green' in production environment. Please omit the application instance or specify one of the following application instances");
    await ok(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production');
  });

  it('says when nothing is deployed, and when the environment does not exist', async () => {
    await ok(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'customer-1');
    await ok(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production', '--application-instance', 'iphone-2');
    expect(await deployedSlots(broker.url, 'production', 'Foo')).toEqual([]);

    const nothing = await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'production');
    expect(nothing.output).toContain('❌ Foo is not currently deployed to production environment. Cannot record undeployment.');
    const neverDeployed = await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'test');
    expect(neverDeployed.output).toContain('Foo is not currently deployed to test environment. Cannot record undeployment.');
    const unknownPacticipant = await fails(cli, 'record-undeployment', '-a', 'Nobody', '--environment', 'production');
    expect(unknownPacticipant.output).toMatch(/Nobody is not currently deployed to production environment|No pacticipant with name 'Nobody' found/);
    const unknownEnvironment = await fails(cli, 'record-undeployment', '-a', 'Foo', '--environment', 'mars');
    expect(unknownEnvironment.output).toContain('Environment mars not found');
    expect(await deployedSlots(broker.url, 'production', 'Bar')).toEqual(['customer-1=1']);
  });

  it('keeps the first undeployedAt when an undeployment is repeated over HTTP', async () => {
    const [current] = await currentlyDeployed(broker.url, 'production', '?pacticipant=Bar');
    const first = await http(broker.url, 'PATCH', `/deployed-versions/${current?.uuid}`, { currentlyDeployed: false }, { 'Content-Type': 'application/merge-patch+json' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ uuid: current?.uuid, currentlyDeployed: false });
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 1100));
    const second = await http(broker.url, 'PATCH', `/deployed-versions/${current?.uuid}`, { currentlyDeployed: false }, { 'Content-Type': 'application/merge-patch+json' });
    expect(second.status).toBe(200);
    expect(second.body.undeployedAt).toBe(first.body.undeployedAt);
    expect(await deployedSlots(broker.url, 'production', 'Bar')).toEqual([]);
  });
});

describe('unknown versions and environments', () => {
  it('refuses to record a deployment of an unknown version, and does not create it', async () => {
    const unknownVersion = await fails(cli, 'record-deployment', '-a', 'Foo', '-e', '99', '--environment', 'production');
    expect(unknownVersion.output).toContain("❌ Request to pact broker path");
    expect(unknownVersion.output).toContain('/pacticipants/Foo/versions/99');
    expect(unknownVersion.output).toContain('404 Not Found');
    expect((await get(broker.url, '/pacticipants/Foo/versions/99')).status).toBe(404);

    const unknownPacticipant = await fails(cli, 'record-deployment', '-a', 'Ghost', '-e', '1', '--environment', 'production');
    expect(unknownPacticipant.output).toContain('404 Not Found');
    expect((await get(broker.url, '/pacticipants/Ghost')).status).toBe(404);
  });

  it('refuses an unknown environment', async () => {
    const before = await Promise.all(['production', 'test'].map((environment) => currentlyDeployed(broker.url, environment)));
    const unknownEnvironment = await fails(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'mars');
    expect(unknownEnvironment.output).toContain('Environment mars does not exist');
    // Environment names are matched exactly.
    expect((await fails(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'Production')).output).toContain('Environment Production does not exist');
    expect(await Promise.all(['production', 'test'].map((environment) => currentlyDeployed(broker.url, environment)))).toEqual(before);
  });
});

describe('tags named after an environment (docs/rules.md §1.5)', () => {
  it('records a deployment with no instance when create-version-tag uses an environment name', async () => {
    await ok(cli, 'create-version-tag', '-a', 'Tagged', '-e', '1', '-t', 'test', '--auto-create-version');
    expect(await deployedSlots(broker.url, 'test', 'Tagged')).toEqual(['-=1']);
    await ok(cli, 'create-version-tag', '-a', 'Tagged', '-e', '2', '-t', 'test', '--auto-create-version');
    expect(await deployedSlots(broker.url, 'test', 'Tagged')).toEqual(['-=2']);
    await ok(cli, 'create-version-tag', '-a', 'Tagged', '-e', '2', '-t', 'not-an-environment');
    expect(await deployedSlots(broker.url, 'production', 'Tagged')).toEqual([]);
  });
});
