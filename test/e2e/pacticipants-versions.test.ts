/**
 * Pacticipants, versions, branches and tags with the official CLI: create-or-update-pacticipant, describe-pacticipant,
 * list-pacticipants, create-or-update-version, describe-version, create-version-tag, delete-version-tag, delete-branch,
 * main branch auto-detection, and names with spaces and special characters. State is checked through the HTTP API
 * (docs/wire-contract.md §1.2, §3–§6; docs/rules.md §1.1–§1.5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliFor, currentlyDeployed, deployedSlots, fails, get, ok, TIMESTAMP, type Cli } from './helpers.ts';

let broker: TestBroker;
let cli: Cli;
beforeAll(async () => {
  broker = await startTestBroker();
  cli = cliFor(broker.url);
});
afterAll(async () => {
  await broker.close();
});

const tagsOf = async (pacticipant: string, version: string): Promise<string[]> => {
  const response = await get(broker.url, `/pacticipants/${encodeURIComponent(pacticipant)}/versions/${encodeURIComponent(version)}`);
  expect(response.status, response.text).toBe(200);
  return (response.body._embedded.tags as { name: string }[]).map((tag) => tag.name).sort();
};
const branchesOf = async (pacticipant: string, version: string): Promise<{ name: string; latest: boolean }[]> => {
  const response = await get(broker.url, `/pacticipants/${encodeURIComponent(pacticipant)}/versions/${encodeURIComponent(version)}`);
  expect(response.status, response.text).toBe(200);
  return (response.body._embedded.branches as { name: string; latest: boolean }[]).map(({ name, latest }) => ({ name, latest }));
};
const mainBranchOf = async (pacticipant: string): Promise<string | undefined> => (await get(broker.url, `/pacticipants/${encodeURIComponent(pacticipant)}`)).body.mainBranch;

describe('pacticipants', () => {
  it('create-or-update-pacticipant creates a pacticipant, then changes only the fields given', async () => {
    const created = await ok(cli, 'create-or-update-pacticipant', '--name', 'Pricing Service', '--main-branch', 'main', '--repository-url', 'https://git.example/pricing');
    expect(created.output).toContain('Pacticipant does not exist, creating it at:');
    expect(created.output).toContain("Pacticipant 'Pricing Service' created successfully");
    const fresh = await get(broker.url, '/pacticipants/Pricing%20Service');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ name: 'Pricing Service', displayName: 'Pricing Service', mainBranch: 'main', repositoryUrl: 'https://git.example/pricing' });
    expect(fresh.body.createdAt).toMatch(TIMESTAMP);
    expect(fresh.body._links.self.href).toMatch(/\/pacticipants\/Pricing%20Service$/);

    const renamed = await ok(cli, 'create-or-update-pacticipant', '--name', 'Pricing Service', '--display-name', 'Pricing');
    expect(renamed.output).toContain("Pacticipant 'Pricing Service' updated successfully");
    expect(renamed.output).not.toContain('creating it');
    expect((await get(broker.url, '/pacticipants/Pricing%20Service')).body).toMatchObject({ name: 'Pricing Service', displayName: 'Pricing', mainBranch: 'main', repositoryUrl: 'https://git.example/pricing' });

    await ok(cli, 'create-or-update-pacticipant', '--name', 'Pricing Service', '--main-branch', 'trunk', '--repository-url', 'https://git.example/pricing-v2');
    expect((await get(broker.url, '/pacticipants/Pricing%20Service')).body).toMatchObject({ displayName: 'Pricing', mainBranch: 'trunk', repositoryUrl: 'https://git.example/pricing-v2' });
  });

  it('describe-pacticipant shows the pacticipant as text and JSON, and fails for an unknown name', async () => {
    const text = await ok(cli, 'describe-pacticipant', '--name', 'Pricing Service');
    for (const line of ['Name: Pricing Service', 'Display Name: Pricing', 'Main Branch: trunk', 'Repo URL: https://git.example/pricing-v2']) expect(text.output).toContain(line);
    const json = JSON.parse((await ok(cli, 'describe-pacticipant', '--name', 'Pricing Service', '-o', 'json')).stdout);
    expect(json).toMatchObject({ name: 'Pricing Service', displayName: 'Pricing', mainBranch: 'trunk', repositoryUrl: 'https://git.example/pricing-v2' });

    const missing = await fails(cli, 'describe-pacticipant', '--name', 'Nope');
    expect(missing.output).toContain('404 Not Found');
    expect((await get(broker.url, '/pacticipants/Nope')).body).toEqual({ error: "No pacticipant with name 'Nope' found" });
  });

  it('list-pacticipants lists them as JSON and as a table', async () => {
    await ok(cli, 'create-or-update-pacticipant', '--name', 'Ledger');
    const json = JSON.parse((await ok(cli, 'list-pacticipants', '-o', 'json')).stdout);
    const names = (json._embedded.pacticipants as { name: string }[]).map((p) => p.name).sort();
    expect(names).toEqual(['Ledger', 'Pricing Service']);
    // The table reads the deprecated top-level array; it needs name and displayName on each item.
    expect((json.pacticipants as { name: string; displayName: string }[]).map((p) => [p.name, p.displayName]).sort()).toEqual([
      ['Ledger', 'Ledger'],
      ['Pricing Service', 'Pricing'],
    ]);
    expect((await get(broker.url, '/pacticipants')).body._embedded.pacticipants.map((p: { name: string }) => p.name).sort()).toEqual(names);

    const table = await ok(cli, 'list-pacticipants');
    expect(table.output).toMatch(/Pricing Service"?\s+┆ "?Pricing"?/);
    expect(table.output).toContain('Ledger');
  });

  it('over HTTP: PATCH merges (either JSON type) and creates a missing pacticipant, PUT replaces and never creates (docs/wire-contract.md §3)', async () => {
    const created = await http(broker.url, 'PATCH', '/pacticipants/Patched', { displayName: 'Patched App', repositoryUrl: 'https://git.example/patched' }, { 'Content-Type': 'application/json' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/\/pacticipants\/Patched$/);
    const merged = await http(broker.url, 'PATCH', '/pacticipants/Patched', { mainBranch: 'main' }, { 'Content-Type': 'application/merge-patch+json' });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ name: 'Patched', displayName: 'Patched App', repositoryUrl: 'https://git.example/patched', mainBranch: 'main' });

    const replaced = await http(broker.url, 'PUT', '/pacticipants/Patched', { displayName: 'Replaced' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'Patched', displayName: 'Replaced' });
    expect(replaced.body).not.toHaveProperty('repositoryUrl');
    expect(replaced.body).not.toHaveProperty('mainBranch');
    expect((await http(broker.url, 'PUT', '/pacticipants/Never%20Created', { displayName: 'X' })).status).toBe(404);
    expect((await get(broker.url, '/pacticipants/Never%20Created')).status).toBe(404);

    const invalid = await http(broker.url, 'PATCH', '/pacticipants/Patched', { mainBranch: 'has space' }, { 'Content-Type': 'application/merge-patch+json' });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.errors)).toEqual(['mainBranch']);
    expect((await get(broker.url, '/pacticipants/Patched')).body.displayName).toBe('Replaced');
  });
});

describe('versions, branches and tags', () => {
  it('create-or-update-version creates versions, with a branch or a tag', async () => {
    const branch = await ok(cli, 'create-or-update-version', '-a', 'Web', '-e', '1.0.0', '--branch', 'feat-login');
    expect(branch.output).toContain("Branch 'feat-login' created for version '1.0.0'");
    expect(await branchesOf('Web', '1.0.0')).toEqual([{ name: 'feat-login', latest: true }]);
    const branchResource = await get(broker.url, '/pacticipants/Web/branches/feat-login');
    expect(branchResource.status).toBe(200);
    expect(branchResource.body.name).toBe('feat-login');
    expect((await get(broker.url, '/pacticipants/Web/branches/feat-login/latest-version')).body.number).toBe('1.0.0');

    const tag = await ok(cli, 'create-or-update-version', '-a', 'Web', '-e', '1.1.0', '--tag', 'rc');
    expect(tag.output).toContain("Tag 'rc' created for version '1.1.0'");
    expect(await tagsOf('Web', '1.1.0')).toEqual(['rc']);
    expect((await get(broker.url, '/pacticipants/Web/versions/1.1.0/tags/rc')).status).toBe(200);

    const plain = await ok(cli, 'create-or-update-version', '-a', 'Web', '-e', '1.2.0');
    expect(plain.output).toContain("Version '1.2.0' created or updated successfully");
    const version = await get(broker.url, '/pacticipants/Web/versions/1.2.0');
    expect(version.status).toBe(200);
    expect(version.body.number).toBe('1.2.0');
    expect(version.body._embedded.tags).toEqual([]);

    // The same version on a second branch: it belongs to both, and is the head of the new one.
    await ok(cli, 'create-or-update-version', '-a', 'Web', '-e', '1.0.0', '--branch', 'release-1');
    expect((await branchesOf('Web', '1.0.0')).map((b) => b.name).sort()).toEqual(['feat-login', 'release-1']);
  });

  it('describe-version finds a version by number, the latest version, and the latest with a tag', async () => {
    const byNumber = JSON.parse((await ok(cli, 'describe-version', '-a', 'Web', '-e', '1.1.0', '-o', 'json')).stdout);
    expect(byNumber).toMatchObject({ number: '1.1.0', _embedded: { tags: [{ name: 'rc' }] } });
    const table = await ok(cli, 'describe-version', '-a', 'Web', '-e', '1.1.0');
    expect(table.output).toMatch(/1\.1\.0\s+┆ rc/);

    // Latest = created most recently (docs/rules.md §1.3), whatever the numbers.
    expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Web', '-o', 'json')).stdout).number).toBe('1.2.0');
    expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Web', '--latest', '-o', 'json')).stdout).number).toBe('1.2.0');
    expect((await get(broker.url, '/pacticipants/Web/latest-version')).body.number).toBe('1.2.0');
    await ok(cli, 'create-or-update-version', '-a', 'Web', '-e', '0.9.0');
    expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Web', '--latest', '-o', 'json')).stdout).number).toBe('0.9.0');

    // Latest with a tag = the tagged version created last, not the tag created last.
    expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Web', '--latest', 'rc', '-o', 'json')).stdout).number).toBe('1.1.0');
    await ok(cli, 'create-version-tag', '-a', 'Web', '-e', '1.0.0', '-t', 'rc');
    expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Web', '--latest', 'rc', '-o', 'json')).stdout).number).toBe('1.1.0');
    expect((await get(broker.url, '/pacticipants/Web/latest-version/rc')).body.number).toBe('1.1.0');

    expect((await fails(cli, 'describe-version', '-a', 'Web', '-e', '7.7.7')).output).toContain('❌ Pacticipant version not found');
    expect((await fails(cli, 'describe-version', '-a', 'Web', '--latest', 'no-such-tag')).output).toContain('❌ Pacticipant version not found');
  });

  it('create-version-tag tags existing versions, and creates missing ones only with --auto-create-version', async () => {
    const missing = await fails(cli, 'create-version-tag', '-a', 'Web', '-e', '2.0.0', '-t', 'qa');
    expect(missing.output).toContain("❌ Version '2.0.0' of pacticipant 'Web' does not exist. Use --auto-create-version to create it.");
    expect((await get(broker.url, '/pacticipants/Web/versions/2.0.0')).status).toBe(404);

    const created = await ok(cli, 'create-version-tag', '-a', 'Web', '-e', '2.0.0', '-t', 'qa', 'staging', '--auto-create-version');
    expect(created.output).toContain("Tagging version '2.0.0' of pacticipant 'Web' with tag 'qa' - Success");
    expect(created.output).toContain("Tagging version '2.0.0' of pacticipant 'Web' with tag 'staging' - Success");
    expect(await tagsOf('Web', '2.0.0')).toEqual(['qa', 'staging']);

    await ok(cli, 'create-version-tag', '-a', 'Web', '-e', '1.2.0', '-t', 'prod');
    expect(await tagsOf('Web', '1.2.0')).toEqual(['prod']);
    // Tagging again is harmless.
    await ok(cli, 'create-version-tag', '-a', 'Web', '-e', '1.2.0', '-t', 'prod');
    expect(await tagsOf('Web', '1.2.0')).toEqual(['prod']);

    // --auto-create-version also creates the pacticipant.
    await ok(cli, 'create-version-tag', '-a', 'Brand New', '-e', '0.1.0', '-t', 'dev', '--auto-create-version');
    expect((await get(broker.url, '/pacticipants/Brand%20New')).status).toBe(200);
    expect(await tagsOf('Brand New', '0.1.0')).toEqual(['dev']);
  });

  it('delete-version-tag deletes a tag, and reports a missing one without failing', async () => {
    const deleted = await ok(cli, 'delete-version-tag', '-a', 'Web', '-e', '2.0.0', '-t', 'qa');
    expect(deleted.output).toContain("Successfully deleted tag 'qa' from version '2.0.0' of pacticipant 'Web'");
    expect((await get(broker.url, '/pacticipants/Web/versions/2.0.0/tags/qa')).status).toBe(404);
    expect(await tagsOf('Web', '2.0.0')).toEqual(['staging']);

    const again = await ok(cli, 'delete-version-tag', '-a', 'Web', '-e', '2.0.0', '-t', 'qa');
    expect(again.output).toContain("Tag 'qa' for version '2.0.0' of pacticipant 'Web' was not found (may have already been deleted)");
    expect(await tagsOf('Web', '2.0.0')).toEqual(['staging']);
  });

  it('delete-branch deletes a branch but not its versions; a missing branch fails only with --error-when-not-found true', async () => {
    const deleted = await ok(cli, 'delete-branch', '-a', 'Web', '--branch', 'feat-login');
    expect(deleted.output).toContain("Successfully deleted branch 'feat-login' of pacticipant 'Web'");
    expect((await get(broker.url, '/pacticipants/Web/branches/feat-login')).status).toBe(404);
    expect((await get(broker.url, '/pacticipants/Web/versions/1.0.0')).status).toBe(200);
    expect((await branchesOf('Web', '1.0.0')).map((b) => b.name)).toEqual(['release-1']);

    const again = await ok(cli, 'delete-branch', '-a', 'Web', '--branch', 'feat-login');
    expect(again.output).toContain("Could not delete branch 'feat-login' of pacticipant 'Web' as it was not found");
    const strict = await fails(cli, 'delete-branch', '-a', 'Web', '--branch', 'feat-login', '--error-when-not-found', 'true');
    expect(strict.output).toContain("Could not delete branch 'feat-login' of pacticipant 'Web' as it was not found");
  });
});

describe('main branch auto-detection (docs/rules.md §1.2)', () => {
  it('makes the first branch named develop, main or master the main branch, once', async () => {
    await ok(cli, 'create-or-update-version', '-a', 'Auto', '-e', '1', '--branch', 'feature-a');
    expect(await mainBranchOf('Auto')).toBeUndefined();
    await ok(cli, 'create-or-update-version', '-a', 'Auto', '-e', '2', '--branch', 'develop');
    expect(await mainBranchOf('Auto')).toBe('develop');
    await ok(cli, 'create-or-update-version', '-a', 'Auto', '-e', '3', '--branch', 'main');
    expect(await mainBranchOf('Auto')).toBe('develop');
    expect(JSON.parse((await ok(cli, 'describe-pacticipant', '--name', 'Auto', '-o', 'json')).stdout).mainBranch).toBe('develop');
  });

  it('detects it from a tag too, and never overrides an explicit main branch', async () => {
    await ok(cli, 'create-version-tag', '-a', 'AutoTag', '-e', '1', '-t', 'master', '--auto-create-version');
    expect(await mainBranchOf('AutoTag')).toBe('master');

    await ok(cli, 'create-or-update-pacticipant', '--name', 'Explicit', '--main-branch', 'trunk');
    await ok(cli, 'create-or-update-version', '-a', 'Explicit', '-e', '1', '--branch', 'main');
    expect(await mainBranchOf('Explicit')).toBe('trunk');
  });
});

describe('names with spaces and special characters', () => {
  it('round-trips "Foo Thing", "1.2.3+build" and other characters through the CLI', async () => {
    await ok(cli, 'create-or-update-pacticipant', '--name', 'Foo Thing', '--display-name', 'Föö Thing (β) ✓');
    const branch = await ok(cli, 'create-or-update-version', '-a', 'Foo Thing', '-e', '1.2.3+build', '--branch', 'feature_x.y-z@1');
    expect(branch.output).toContain("Branch 'feature_x.y-z@1' created for version '1.2.3+build'");
    await ok(cli, 'create-or-update-version', '-a', 'Foo Thing', '-e', '1.2.3+build', '--tag', 'rc 1');
    await ok(cli, 'create-version-tag', '-a', 'Foo Thing', '-e', '1.2.3+build', '-t', 'v1.0+meta');

    // Through HTTP: "+" in a path is a plus, never a space.
    for (const path of ['/pacticipants/Foo%20Thing/versions/1.2.3%2Bbuild', '/pacticipants/Foo%20Thing/versions/1.2.3+build']) {
      const response = await get(broker.url, path);
      expect(response.status, path).toBe(200);
      expect(response.body.number).toBe('1.2.3+build');
    }
    expect((await get(broker.url, '/pacticipants/Foo%20Thing/versions/1.2.3%20build')).status).toBe(404);
    expect(await tagsOf('Foo Thing', '1.2.3+build')).toEqual(['rc 1', 'v1.0+meta']);
    expect(await branchesOf('Foo Thing', '1.2.3+build')).toEqual([{ name: 'feature_x.y-z@1', latest: true }]);
    expect((await get(broker.url, '/pacticipants/Foo%20Thing')).body).toMatchObject({ name: 'Foo Thing', displayName: 'Föö Thing (β) ✓' });

    // Through the CLI.
    const described = JSON.parse((await ok(cli, 'describe-version', '-a', 'Foo Thing', '-e', '1.2.3+build', '-o', 'json')).stdout);
    expect(described.number).toBe('1.2.3+build');
    expect(JSON.parse((await ok(cli, 'describe-version', '-a', 'Foo Thing', '--latest', 'rc 1', '-o', 'json')).stdout).number).toBe('1.2.3+build');
    expect((await ok(cli, 'describe-pacticipant', '--name', 'Foo Thing')).output).toContain('Display Name: Föö Thing (β) ✓');

    // Deployments with such names, and an instance with a space.
    const deployed = await ok(cli, 'record-deployment', '-a', 'Foo Thing', '-e', '1.2.3+build', '--environment', 'test', '--application-instance', 'eu west');
    expect(deployed.output).toContain('✅ Recorded deployment of Foo Thing version 1.2.3+build to test environment (application instance eu west) in the Pact Broker.');
    expect(await deployedSlots(broker.url, 'test', 'Foo Thing')).toEqual(['eu west=1.2.3+build']);
    // Query strings use form semantics: "+" means a space there.
    expect((await currentlyDeployed(broker.url, 'test', '?pacticipant=Foo+Thing')).map((d) => d.version)).toEqual(['1.2.3+build']);
    const undeployed = await ok(cli, 'record-undeployment', '-a', 'Foo Thing', '--environment', 'test', '--application-instance', 'eu west');
    expect(undeployed.output).toContain('Undeployed Foo Thing from test environment (application instance eu west)');
    expect(await deployedSlots(broker.url, 'test', 'Foo Thing')).toEqual([]);

    await ok(cli, 'delete-version-tag', '-a', 'Foo Thing', '-e', '1.2.3+build', '-t', 'v1.0+meta');
    expect(await tagsOf('Foo Thing', '1.2.3+build')).toEqual(['rc 1']);
    await ok(cli, 'delete-branch', '-a', 'Foo Thing', '--branch', 'feature_x.y-z@1');
    expect(await branchesOf('Foo Thing', '1.2.3+build')).toEqual([]);
  });
});
