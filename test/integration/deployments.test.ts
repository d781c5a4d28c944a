import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../shared/storage/client.ts';
import type { Environment } from '../../shared/domain/model.ts';
import type { ServiceContext } from '../../shared/services/context.ts';
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import { createOrUpdateVersion } from '../../shared/services/versions.ts';
import { createEnvironment, deleteEnvironment, listEnvironments } from '../../shared/services/environments.ts';
import { getDeployedVersion, listCurrentlyDeployed, patchDeployedVersion, recordDeployment } from '../../shared/services/deployments.ts';
import { listDeploymentsOfVersion } from '../../shared/storage/repositories/deployments.ts';
import { currentlyDeployedPartition, deploymentsOfEnvironmentGsi1Partition } from '../../shared/storage/keys.ts';
import { GSI1 } from '../../shared/storage/table-definition.ts';
import { NotFound, ValidationFailed } from '../../shared/domain/errors.ts';
import { createTestTable, tenantContext } from '../support/table.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestTable();
});

async function setUp(versions: string[] = ['1', '2', '3']): Promise<{ context: ServiceContext; test: Environment; production: Environment }> {
  const context = tenantContext(db);
  await seedInitialTenant(context);
  for (const version of versions) await createOrUpdateVersion(context, 'Foo', version, {}, 'merge');
  const environments = await listEnvironments(context);
  return { context, test: environments.find((e) => e.name === 'test') as Environment, production: environments.find((e) => e.name === 'production') as Environment };
}

async function pointerItems(context: ServiceContext, environmentUuid: string) {
  const result = await db.client.send(
    new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': currentlyDeployedPartition(context.tenantId, environmentUuid) }, ConsistentRead: true }),
  );
  return result.Items ?? [];
}

async function allRecords(context: ServiceContext, environmentUuid: string) {
  // GSI reads are eventually consistent in DynamoDB; DynamoDB Local applies them at once.
  const result = await db.client.send(
    new QueryCommand({ TableName: db.tableName, IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': deploymentsOfEnvironmentGsi1Partition(context.tenantId, environmentUuid) } }),
  );
  return result.Items ?? [];
}

describe('record-deployment against DynamoDB Local', () => {
  it('replaces the version deployed in the same slot and ends the previous record', async () => {
    const { context, production } = await setUp();
    const first = await recordDeployment(context, 'Foo', '1', production.uuid, {});
    const second = await recordDeployment(context, 'Foo', '2', production.uuid, {});
    expect(second.deployedVersion.uuid).not.toBe(first.deployedVersion.uuid);
    const previous = await getDeployedVersion(context, first.deployedVersion.uuid);
    expect(previous.undeployedAt).toBeDefined();
    const { deployments } = await listCurrentlyDeployed(context, production.uuid);
    expect(deployments.map((d) => d.version)).toEqual(['2']);
  });

  it('returns the existing record when the current version is recorded again (a replay changes nothing)', async () => {
    const { context, test } = await setUp();
    const first = await recordDeployment(context, 'Foo', '1', test.uuid, { applicationInstance: 'blue' });
    const replay = await recordDeployment(context, 'Foo', '1', test.uuid, { applicationInstance: 'blue', target: 'blue' });
    expect(replay.deployedVersion).toEqual(first.deployedVersion);
    expect(await allRecords(context, test.uuid)).toHaveLength(1);
  });

  it('keeps application instances, and "no instance", as separate slots ("" means no instance)', async () => {
    const { context, test } = await setUp();
    await recordDeployment(context, 'Foo', '1', test.uuid, {});
    await recordDeployment(context, 'Foo', '2', test.uuid, { applicationInstance: 'customer-1' });
    await recordDeployment(context, 'Foo', '3', test.uuid, { target: 'iphone-2' });
    const replaced = await recordDeployment(context, 'Foo', '2', test.uuid, { applicationInstance: '' });
    const { deployments } = await listCurrentlyDeployed(context, test.uuid);
    expect(deployments.map((d) => [d.applicationInstance ?? null, d.version]).sort()).toEqual([
      ['customer-1', '2'],
      ['iphone-2', '3'],
      [null, '2'],
    ].sort());
    expect(replaced.deployedVersion.applicationInstance).toBeUndefined();
    expect((await listCurrentlyDeployed(context, test.uuid, { applicationInstance: null })).deployments.map((d) => d.version)).toEqual(['2']);
    expect((await listCurrentlyDeployed(context, test.uuid, { applicationInstance: 'iphone-2' })).deployments.map((d) => d.version)).toEqual(['3']);
  });

  it('records a rollback to an older version as a new deployment', async () => {
    const { context, production } = await setUp();
    const v1 = await recordDeployment(context, 'Foo', '1', production.uuid, {});
    await recordDeployment(context, 'Foo', '2', production.uuid, {});
    const rollback = await recordDeployment(context, 'Foo', '1', production.uuid, {});
    expect(rollback.deployedVersion.uuid).not.toBe(v1.deployedVersion.uuid);
    expect((await listCurrentlyDeployed(context, production.uuid)).deployments.map((d) => d.version)).toEqual(['1']);
    const history = await listDeploymentsOfVersion(db, context.tenantId, 'Foo', '1', production.uuid);
    expect(history.map((record) => record.undeployedAt === undefined)).toEqual([false, true]);
  });

  it('leaves exactly one currently deployed version after 50 concurrent deployments of different versions to one slot', async () => {
    const versions = Array.from({ length: 50 }, (_, index) => `v${index + 1}`);
    const { context, production } = await setUp(versions);
    const results = await Promise.all(versions.map((version) => recordDeployment(context, 'Foo', version, production.uuid, {})));
    expect(new Set(results.map((result) => result.deployedVersion.uuid)).size).toBe(50);

    const pointers = await pointerItems(context, production.uuid);
    expect(pointers).toHaveLength(1);
    const records = await allRecords(context, production.uuid);
    expect(records).toHaveLength(50);
    const current = records.filter((record) => record['undeployedAt'] === undefined);
    expect(current).toHaveLength(1);
    expect(current[0]?.['uuid']).toBe(pointers[0]?.['deployedVersionUuid']);
    expect(current[0]?.['version']).toBe(pointers[0]?.['version']);
  });

  it('makes 20 concurrent replays of one request create exactly one record', async () => {
    const { context, production } = await setUp();
    const results = await Promise.all(Array.from({ length: 20 }, () => recordDeployment(context, 'Foo', '1', production.uuid, { applicationInstance: 'a' })));
    expect(new Set(results.map((result) => result.deployedVersion.uuid)).size).toBe(1);
    expect(await allRecords(context, production.uuid)).toHaveLength(1);
  });

  it('refuses unknown versions and environments, and bad instances, writing nothing', async () => {
    const { context, test } = await setUp();
    await expect(recordDeployment(context, 'Foo', '9', test.uuid, {})).rejects.toThrow(new NotFound("No version with number '9' of pacticipant 'Foo' found"));
    await expect(recordDeployment(context, 'Nope', '1', test.uuid, {})).rejects.toThrow(NotFound);
    await expect(recordDeployment(context, 'Foo', '1', 'no-such-env', {})).rejects.toThrow(NotFound);
    await expect(recordDeployment(context, 'Foo', '1', test.uuid, { applicationInstance: 42 })).rejects.toThrow(ValidationFailed);
    expect(await allRecords(context, test.uuid)).toHaveLength(0);
  });

  it('undeploys once: the slot is freed, a repeat changes nothing, and true is refused', async () => {
    const { context, test } = await setUp();
    const { deployedVersion } = await recordDeployment(context, 'Foo', '1', test.uuid, { applicationInstance: 'blue' });
    const undeployed = await patchDeployedVersion(context, deployedVersion.uuid, { currentlyDeployed: false });
    expect(undeployed.undeployedAt).toBeDefined();
    expect((await listCurrentlyDeployed(context, test.uuid)).deployments).toEqual([]);
    const again = await patchDeployedVersion(context, deployedVersion.uuid, { currentlyDeployed: false });
    expect(again.undeployedAt).toBe(undeployed.undeployedAt);
    await expect(patchDeployedVersion(context, deployedVersion.uuid, { currentlyDeployed: true })).rejects.toThrow(/cannot be set back to true/);
    // A new deployment into the freed slot does not need to replace anything.
    await recordDeployment(context, 'Foo', '2', test.uuid, { applicationInstance: 'blue' });
    expect((await listCurrentlyDeployed(context, test.uuid)).deployments.map((d) => d.version)).toEqual(['2']);
  });

  it('ignores an undeployment of a record that a newer deployment already replaced', async () => {
    const { context, test } = await setUp();
    const first = await recordDeployment(context, 'Foo', '1', test.uuid, {});
    await recordDeployment(context, 'Foo', '2', test.uuid, {});
    await patchDeployedVersion(context, first.deployedVersion.uuid, { currentlyDeployed: false });
    expect((await listCurrentlyDeployed(context, test.uuid)).deployments.map((d) => d.version)).toEqual(['2']);
  });

  it('deletes the deployments of a deleted environment', async () => {
    const { context } = await setUp();
    const staging = await createEnvironment(context, { name: 'staging', production: false });
    await recordDeployment(context, 'Foo', '1', staging.uuid, {});
    await recordDeployment(context, 'Foo', '2', staging.uuid, {});
    await deleteEnvironment(context, staging.uuid);
    expect(await pointerItems(context, staging.uuid)).toHaveLength(0);
    expect(await allRecords(context, staging.uuid)).toHaveLength(0);
  });
});
