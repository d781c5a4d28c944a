import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../shared/storage/client.ts';
import type { Environment } from '../../shared/domain/model.ts';
import type { ServiceContext } from '../../shared/services/context.ts';
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import { createOrUpdateVersion } from '../../shared/services/versions.ts';
import { createEnvironment, deleteEnvironment, getEnvironment, listEnvironments, updateEnvironment } from '../../shared/services/environments.ts';
import { listCurrentlySupported, patchReleasedVersion, recordRelease } from '../../shared/services/releases.ts';
import { listCurrentlyDeployed, recordDeployment } from '../../shared/services/deployments.ts';
import { NotFound, ValidationFailed } from '../../shared/domain/errors.ts';
import { createTestTable, tenantContext } from '../support/table.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestTable();
});

async function tenant(): Promise<{ context: ServiceContext; production: Environment }> {
  const context = tenantContext(db);
  await seedInitialTenant(context);
  await createOrUpdateVersion(context, 'Foo', '1', {}, 'merge');
  await createOrUpdateVersion(context, 'Foo', '2', {}, 'merge');
  return { context, production: (await listEnvironments(context, { name: 'production' }))[0] as Environment };
}

describe('releases', () => {
  it('creates once, returns the same record again, and ends and resumes support', async () => {
    const { context, production } = await tenant();
    const first = await recordRelease(context, 'Foo', '1', production.uuid);
    expect(first.created).toBe(true);
    const again = await recordRelease(context, 'Foo', '1', production.uuid);
    expect(again).toMatchObject({ created: false, releasedVersion: { uuid: first.releasedVersion.uuid } });
    await recordRelease(context, 'Foo', '2', production.uuid);
    expect((await listCurrentlySupported(context, production.uuid)).releases.map((r) => r.version).sort()).toEqual(['1', '2']);

    const ended = await patchReleasedVersion(context, first.releasedVersion.uuid, { currentlySupported: false });
    expect(ended.supportEndedAt).toBeDefined();
    expect((await listCurrentlySupported(context, production.uuid, { pacticipant: 'Foo' })).releases.map((r) => r.version)).toEqual(['2']);

    const resumed = await recordRelease(context, 'Foo', '1', production.uuid);
    expect(resumed).toMatchObject({ created: false, releasedVersion: { uuid: first.releasedVersion.uuid, createdAt: first.releasedVersion.createdAt } });
    expect(resumed.releasedVersion.supportEndedAt).toBeUndefined();
    expect((await listCurrentlySupported(context, production.uuid, { version: '1' })).releases).toHaveLength(1);
  });

  it('creates exactly one release under 20 concurrent requests', async () => {
    const { context, production } = await tenant();
    const results = await Promise.all(Array.from({ length: 20 }, () => recordRelease(context, 'Foo', '1', production.uuid)));
    expect(new Set(results.map((result) => result.releasedVersion.uuid)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  it('keeps releases and deployments independent', async () => {
    const { context, production } = await tenant();
    const release = await recordRelease(context, 'Foo', '1', production.uuid);
    await recordDeployment(context, 'Foo', '1', production.uuid, {});
    await patchReleasedVersion(context, release.releasedVersion.uuid, { currentlySupported: false });
    expect((await listCurrentlyDeployed(context, production.uuid)).deployments.map((d) => d.version)).toEqual(['1']);
  });

  it('refuses unknown versions', async () => {
    const { context, production } = await tenant();
    await expect(recordRelease(context, 'Foo', '7', production.uuid)).rejects.toThrow(NotFound);
  });
});

describe('environments', () => {
  it('seeds test and production once per tenant; a deleted default stays deleted', async () => {
    const context = tenantContext(db);
    await Promise.all([seedInitialTenant(context), seedInitialTenant({ ...context })]);
    const seeded = await listEnvironments(context);
    expect(seeded.map((e) => [e.name, e.production])).toEqual([
      ['production', true],
      ['test', false],
    ]);
    await deleteEnvironment(context, (seeded[1] as Environment).uuid);
    await seedInitialTenant(tenantContext(db, context.tenantId));
    expect((await listEnvironments(context)).map((e) => e.name)).toEqual(['production']);
  });

  it('keeps names unique, also under concurrent creation', async () => {
    const { context } = await tenant();
    await expect(createEnvironment(context, { name: 'test', production: false })).rejects.toThrow("name 'test' is already used by an existing environment.");
    const attempts = await Promise.allSettled(Array.from({ length: 10 }, () => createEnvironment(context, { name: 'uat', production: false })));
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    expect((await listEnvironments(context, { name: 'uat' }))).toHaveLength(1);
  });

  it('validates every field at once and writes nothing', async () => {
    const { context } = await tenant();
    try {
      await createEnvironment(context, { name: 'has space', displayName: 'a\nb', production: 'yes', contacts: [{ details: {} }] });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationFailed).fieldErrors).toEqual({
        name: ['cannot contain spaces'],
        displayName: ['cannot contain multiple lines'],
        production: ['must be true or false'],
        'contacts.name': ['is missing (at index 0)'],
      });
    }
    expect(await listEnvironments(context)).toHaveLength(2);
  });

  it('replaces on update (display name derived again), moves the name, and frees the old name', async () => {
    const { context } = await tenant();
    const created = await createEnvironment(context, { name: 'staging', displayName: 'Staging Env', production: true, contacts: [{ name: 'Team', details: { emailAddress: 'a@b.c' } }] });
    const updated = await updateEnvironment(context, created.uuid, { name: 'pre-prod', production: false });
    expect(updated).toMatchObject({ uuid: created.uuid, name: 'pre-prod', displayName: 'Pre Prod', production: false, createdAt: created.createdAt });
    expect(updated.contacts).toBeUndefined();
    expect((await getEnvironment(context, created.uuid)).name).toBe('pre-prod');
    await createEnvironment(context, { name: 'staging', production: false });
    await expect(updateEnvironment(context, created.uuid, { name: 'production', production: true })).rejects.toThrow(/already used/);
    await expect(updateEnvironment(context, 'nope', { name: 'x', production: true })).rejects.toThrow(NotFound);
  });
});

describe('tenants', () => {
  it('never show one tenant the other tenant data, even with the same names', async () => {
    const a = await tenant();
    const b = await tenant();
    await recordDeployment(a.context, 'Foo', '1', a.production.uuid, {});
    expect((await listCurrentlyDeployed(b.context, b.production.uuid)).deployments).toEqual([]);
    await expect(listCurrentlyDeployed(b.context, a.production.uuid)).rejects.toThrow(NotFound);
    await expect(recordDeployment(b.context, 'Foo', '1', a.production.uuid, {})).rejects.toThrow(NotFound);
  });
});
