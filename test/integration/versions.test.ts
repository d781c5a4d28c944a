import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../shared/storage/client.ts';
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import {
  addVersionToBranch,
  createOrUpdateVersion,
  deleteBranch,
  getBranch,
  getLatestVersionDetails,
  getVersionDetails,
  removeVersionFromBranch,
  tagVersion,
} from '../../shared/services/versions.ts';
import { createPacticipant, getPacticipant, patchPacticipant, replacePacticipant } from '../../shared/services/pacticipants.ts';
import { listEnvironments } from '../../shared/services/environments.ts';
import { listCurrentlyDeployed } from '../../shared/services/deployments.ts';
import { NotFound } from '../../shared/domain/errors.ts';
import { createTestTable, tenantContext } from '../support/table.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestTable();
});

const fresh = async () => {
  const context = tenantContext(db);
  await seedInitialTenant(context);
  return context;
};

describe('versions', () => {
  it('orders versions by creation: latest is the one created last, not the largest number', async () => {
    const context = await fresh();
    await createOrUpdateVersion(context, 'Foo', '2.0.0', {}, 'merge');
    await createOrUpdateVersion(context, 'Foo', '10.0.0', {}, 'merge');
    await createOrUpdateVersion(context, 'Foo', '1.0.0', {}, 'merge');
    await createOrUpdateVersion(context, 'Foo', '2.0.0', { buildUrl: 'http://ci/2' }, 'merge'); // republishing keeps the order
    const latest = await getLatestVersionDetails(context, 'Foo');
    expect(latest.version.number).toBe('1.0.0');
    expect((await getVersionDetails(context, 'Foo', '2.0.0')).version.buildUrl).toBe('http://ci/2');
  });

  it('PUT replaces the tags, PATCH adds to them', async () => {
    const context = await fresh();
    await createOrUpdateVersion(context, 'Foo', '1', { tags: [{ name: 'a' }, { name: 'b' }] }, 'replace');
    await createOrUpdateVersion(context, 'Foo', '1', { tags: [{ name: 'c' }] }, 'merge');
    expect((await getVersionDetails(context, 'Foo', '1')).tags.map((t) => t.name).sort()).toEqual(['a', 'b', 'c']);
    await createOrUpdateVersion(context, 'Foo', '1', { tags: [{ name: 'b' }] }, 'replace');
    expect((await getVersionDetails(context, 'Foo', '1')).tags.map((t) => t.name)).toEqual(['b']);
  });

  it('finds the latest version with a tag by version order', async () => {
    const context = await fresh();
    await createOrUpdateVersion(context, 'Foo', '1', {}, 'merge');
    await createOrUpdateVersion(context, 'Foo', '2', {}, 'merge');
    await tagVersion(context, 'Foo', '2', 'prod');
    await tagVersion(context, 'Foo', '1', 'prod'); // tagged later, but an older version
    expect((await getLatestVersionDetails(context, 'Foo', { tag: 'prod' })).version.number).toBe('2');
    await expect(getLatestVersionDetails(context, 'Foo', { tag: 'none' })).rejects.toThrow(NotFound);
  });

  it('makes the version most recently added to a branch its head; re-adding does not move it', async () => {
    const context = await fresh();
    await addVersionToBranch(context, 'Foo', 'feat', '1');
    await addVersionToBranch(context, 'Foo', 'feat', '2');
    await addVersionToBranch(context, 'Foo', 'feat', '1'); // already on the branch: no change
    expect((await getLatestVersionDetails(context, 'Foo', { branch: 'feat' })).version.number).toBe('2');
    const details = await getVersionDetails(context, 'Foo', '2');
    expect(details.branches.map((b) => [b.branch, b.latest])).toEqual([['feat', true]]);
    await removeVersionFromBranch(context, 'Foo', 'feat', '2');
    expect((await getLatestVersionDetails(context, 'Foo', { branch: 'feat' })).version.number).toBe('1');
    await deleteBranch(context, 'Foo', 'feat');
    await expect(getBranch(context, 'Foo', 'feat')).rejects.toThrow(NotFound);
    await expect(deleteBranch(context, 'Foo', 'feat')).rejects.toThrow(NotFound);
    expect((await getVersionDetails(context, 'Foo', '1')).branches).toEqual([]);
  });

  it('adopts the first main/develop/master branch or tag as main branch, never overriding an explicit one', async () => {
    const context = await fresh();
    await addVersionToBranch(context, 'Auto', 'feat', '1');
    expect((await getPacticipant(context, 'Auto')).mainBranch).toBeUndefined();
    await addVersionToBranch(context, 'Auto', 'develop', '1');
    await addVersionToBranch(context, 'Auto', 'main', '2');
    expect((await getPacticipant(context, 'Auto')).mainBranch).toBe('develop');
    await createPacticipant(context, { name: 'Explicit', mainBranch: 'trunk' });
    await tagVersion(context, 'Explicit', '1', 'main');
    expect((await getPacticipant(context, 'Explicit')).mainBranch).toBe('trunk');
  });

  it('records a deployment when a tag is named like an environment', async () => {
    const context = await fresh();
    await tagVersion(context, 'Foo', '1', 'production');
    const production = (await listEnvironments(context, { name: 'production' }))[0];
    expect((await listCurrentlyDeployed(context, production?.uuid ?? '')).deployments.map((d) => [d.pacticipant, d.version])).toEqual([['Foo', '1']]);
  });
});

describe('pacticipants', () => {
  it('creates with a derived display name, patches only given fields, replaces on PUT', async () => {
    const context = await fresh();
    const created = await createPacticipant(context, { name: 'pricing-service', repositoryUrl: 'https://git/p' });
    expect(created).toMatchObject({ created: true, pacticipant: { displayName: 'Pricing Service', repositoryUrl: 'https://git/p' } });
    expect((await createPacticipant(context, { name: 'pricing-service' })).created).toBe(false);
    const patched = await patchPacticipant(context, 'pricing-service', { mainBranch: 'main' });
    expect(patched.pacticipant).toMatchObject({ mainBranch: 'main', repositoryUrl: 'https://git/p' });
    const replaced = await replacePacticipant(context, 'pricing-service', { displayName: 'Pricing' });
    expect(replaced.mainBranch).toBeUndefined();
    expect(replaced.repositoryUrl).toBeUndefined();
    expect(replaced.displayName).toBe('Pricing');
    await expect(replacePacticipant(context, 'missing', {})).rejects.toThrow("No pacticipant with name 'missing' found");
    expect((await patchPacticipant(context, 'brand-new', { repository_url: 'https://git/b' })).created).toBe(true);
    expect((await getPacticipant(context, 'brand-new')).repositoryUrl).toBe('https://git/b');
  });

  it('rejects a main branch with spaces and a blank name', async () => {
    const context = await fresh();
    await expect(createPacticipant(context, { name: ' ' })).rejects.toThrow(/name: cannot be blank/);
    await expect(patchPacticipant(context, 'Foo', { mainBranch: 'my branch' })).rejects.toThrow(/mainBranch: cannot contain spaces/);
  });
});
