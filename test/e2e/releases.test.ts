/**
 * record-release and record-support-ended with the official CLI, and describe-version --environment for deployed and
 * released versions. State is checked through the HTTP API (docs/wire-contract.md §4, §7.4, §9; docs/rules.md §3.5–§3.7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliFor, currentlySupported, deployedSlots, environmentNamed, fails, get, ok, pathOf, supportedVersions, TIMESTAMP, type Cli } from './helpers.ts';

let broker: TestBroker;
let cli: Cli;
beforeAll(async () => {
  broker = await startTestBroker();
  cli = cliFor(broker.url);
  for (const version of ['2.0.0', '2.1.0', '3.0.0']) await ok(cli, 'create-or-update-version', '-a', 'iOSApp', '-e', version);
});
afterAll(async () => {
  await broker.close();
});

async function releaseOf(version: string, environment = 'production') {
  const items = await currentlySupported(broker.url, environment, `?pacticipant=iOSApp&version=${encodeURIComponent(version)}`);
  return items.find((item) => item.version === version);
}

describe('record-release', () => {
  it('records releases side by side: releasing one version never touches another', async () => {
    const released = await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production');
    expect(released.output).toContain('✅ Recorded release of iOSApp version 2.0.0 to production environment in the Pact Broker.');
    expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.0.0']);
    await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '2.1.0', '--environment', 'production');
    expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.0.0', '2.1.0']);
    expect(await supportedVersions(broker.url, 'test', 'iOSApp')).toEqual([]);

    const record = await releaseOf('2.0.0');
    const body = (await get(broker.url, `/released-versions/${record?.uuid}`)).body;
    expect(body).toMatchObject({ uuid: record?.uuid, currentlySupported: true, _embedded: { pacticipant: { name: 'iOSApp' }, version: { number: '2.0.0' }, environment: { name: 'production' } } });
    expect(body.createdAt).toMatch(TIMESTAMP);
    expect(body).not.toHaveProperty('supportEndedAt');

    // The version resource lists where it is released.
    const version = (await get(broker.url, '/pacticipants/iOSApp/versions/2.0.0')).body;
    expect(version._links['pb:released-environments']).toEqual([expect.objectContaining({ name: 'Production', currently_supported: true })]);
  });

  it('returns the existing record when the version is released again (200 on the wire, 201 when new)', async () => {
    const record = await releaseOf('2.0.0');
    const again = await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production', '-o', 'json');
    expect(JSON.parse(again.stdout).uuid).toBe(record?.uuid);
    expect(await currentlySupported(broker.url, 'production', '?pacticipant=iOSApp')).toHaveLength(2);

    const links = (await get(broker.url, '/pacticipants/iOSApp/versions/2.0.0')).body._links['pb:record-release'] as { name: string; href: string }[];
    const existing = await http(broker.url, 'POST', pathOf(links.find((link) => link.name === 'production')?.href ?? ''), {});
    expect(existing.status).toBe(200);
    expect(existing.body.uuid).toBe(record?.uuid);
    expect(existing.headers.get('location')).toMatch(new RegExp(`/released-versions/${record?.uuid}$`));

    const created = await http(broker.url, 'POST', pathOf(links.find((link) => link.name === 'test')?.href ?? ''), {});
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`/released-versions/${created.body.uuid}$`));
    expect(await supportedVersions(broker.url, 'test', 'iOSApp')).toEqual(['2.0.0']);
  });

  it('refuses unknown versions and environments', async () => {
    const unknownVersion = await fails(cli, 'record-release', '-a', 'iOSApp', '-e', '9.9.9', '--environment', 'production');
    expect(unknownVersion.output).toContain('404 Not Found');
    expect((await get(broker.url, '/pacticipants/iOSApp/versions/9.9.9')).status).toBe(404);
    const unknownEnvironment = await fails(cli, 'record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'mars');
    expect(unknownEnvironment.output).toContain('Environment mars does not exist');
    expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.0.0', '2.1.0']);
  });
});

describe('record-support-ended', () => {
  it('ends support of one version only, and says so when nothing is supported', async () => {
    const record = await releaseOf('2.0.0');
    const ended = await ok(cli, 'record-support-ended', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production');
    expect(ended.output).toContain('✅ ♻️ Recorded support ended for application iOSApp, version 2.0.0 from production environment');
    expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.1.0']);
    // Only production: the release of 2.0.0 to test is still supported.
    expect(await supportedVersions(broker.url, 'test', 'iOSApp')).toEqual(['2.0.0']);
    const body = (await get(broker.url, `/released-versions/${record?.uuid}`)).body;
    expect(body).toMatchObject({ uuid: record?.uuid, currentlySupported: false });
    expect(body.supportEndedAt).toMatch(TIMESTAMP);

    const again = await fails(cli, 'record-support-ended', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production');
    expect(again.output).toContain('❌ No currently released versions found for iOSApp in production environment');
    const neverReleased = await fails(cli, 'record-support-ended', '-a', 'iOSApp', '-e', '3.0.0', '--environment', 'production');
    expect(neverReleased.output).toContain('No currently released versions found for iOSApp in production environment');
    const unknownEnvironment = await fails(cli, 'record-support-ended', '-a', 'iOSApp', '-e', '2.1.0', '--environment', 'mars');
    expect(unknownEnvironment.output).toContain('Environment mars not found');
    expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.1.0']);
  });

  it('makes a version supported again when it is released again: the same record, support end cleared', async () => {
    const { uuid: production } = await environmentNamed(broker.url, 'production');
    const ended = (await get(broker.url, `/pacticipants/iOSApp/versions/2.0.0/released-versions/environment/${production}`)).body._embedded.releasedVersions as { uuid: string; createdAt: string }[];
    expect(ended).toHaveLength(1);

    const rereleased = await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '2.0.0', '--environment', 'production', '-o', 'json');
    expect(JSON.parse(rereleased.stdout).uuid).toBe(ended[0]?.uuid);
    expect(await supportedVersions(broker.url, 'production', 'iOSApp')).toEqual(['2.0.0', '2.1.0']);
    const body = (await get(broker.url, `/released-versions/${ended[0]?.uuid}`)).body;
    expect(body).toMatchObject({ currentlySupported: true, createdAt: ended[0]?.createdAt });
    expect(body).not.toHaveProperty('supportEndedAt');
    expect((await get(broker.url, `/pacticipants/iOSApp/versions/2.0.0/released-versions/environment/${production}`)).body._embedded.releasedVersions).toHaveLength(1);
  });
});

describe('deployments and releases are independent (docs/rules.md §3.7)', () => {
  it('keeps a release supported when undeployed, and a deployment current when support ends', async () => {
    await ok(cli, 'record-deployment', '-a', 'iOSApp', '-e', '3.0.0', '--environment', 'test');
    await ok(cli, 'record-release', '-a', 'iOSApp', '-e', '3.0.0', '--environment', 'test');
    await ok(cli, 'record-undeployment', '-a', 'iOSApp', '--environment', 'test');
    expect(await deployedSlots(broker.url, 'test', 'iOSApp')).toEqual([]);
    expect(await supportedVersions(broker.url, 'test', 'iOSApp')).toEqual(['2.0.0', '3.0.0']);

    await ok(cli, 'record-deployment', '-a', 'iOSApp', '-e', '3.0.0', '--environment', 'test');
    await ok(cli, 'record-support-ended', '-a', 'iOSApp', '-e', '3.0.0', '--environment', 'test');
    expect(await deployedSlots(broker.url, 'test', 'iOSApp')).toEqual(['-=3.0.0']);
    expect(await supportedVersions(broker.url, 'test', 'iOSApp')).toEqual(['2.0.0']);
  });
});

describe('describe-version --environment', () => {
  beforeAll(async () => {
    await ok(cli, 'record-deployment', '-a', 'iOSApp', '-e', '2.1.0', '--environment', 'production', '--application-instance', 'eu');
  });

  it('shows what is deployed and what is released in an environment', async () => {
    type Item = { currentlyDeployed?: boolean; currentlySupported?: boolean; applicationInstance?: string; _embedded: { version: { number: string } } };
    const describe = async (...flags: string[]): Promise<Item[]> => JSON.parse((await ok(cli, 'describe-version', '-a', 'iOSApp', '--environment', 'production', ...flags, '-o', 'json')).stdout);

    const deployed = await describe('--deployed');
    expect(deployed.map((item) => [item._embedded.version.number, item.applicationInstance, item.currentlyDeployed])).toEqual([['2.1.0', 'eu', true]]);
    const released = await describe('--released');
    expect(released.map((item) => [item._embedded.version.number, item.currentlySupported]).sort()).toEqual([
      ['2.0.0', true],
      ['2.1.0', true],
    ]);
    const both = await describe();
    expect(both).toHaveLength(3);
    expect(both.filter((item) => item.currentlyDeployed === true)).toHaveLength(1);
    expect(both.filter((item) => item.currentlySupported === true)).toHaveLength(2);

    const table = await ok(cli, 'describe-version', '-a', 'iOSApp', '--environment', 'production');
    expect(table.output).toMatch(/2\.1\.0\s+┆ Deployed\s+┆ production\s+┆ eu/);
    expect(table.output).toMatch(/2\.0\.0\s+┆ \w+\s+┆ production/);

    // Test holds a deployment of 3.0.0 and a release of 2.0.0.
    const test = JSON.parse((await ok(cli, 'describe-version', '-a', 'iOSApp', '--environment', 'test', '-o', 'json')).stdout) as Item[];
    expect(test.map((item) => item._embedded.version.number).sort()).toEqual(['2.0.0', '3.0.0']);

    const unknown = await fails(cli, 'describe-version', '-a', 'iOSApp', '--environment', 'mars');
    expect(unknown.output).toContain("Environment 'mars' not found");
  });
});
