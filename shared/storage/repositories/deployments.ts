/**
 * Deployed versions and the "currently deployed" pointer of each slot (pacticipant + environment +
 * application instance). The pointer is what makes "one currently deployed version per slot" an invariant of
 * the database: every change to it is conditional on what it said when the caller read it.
 */
import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { CurrentDeployment, DeployedVersion, DeploymentSlot } from '#domain/model.ts';
import type { DeploymentPlan } from '#domain/deployments/rules.ts';
import {
  currentlyDeployedKey,
  currentlyDeployedPartition,
  deployedLifecyclePrefix,
  deployedVersionGsi1,
  deployedVersionGsi2,
  deployedVersionKey,
  deploymentsOfEnvironmentGsi1Partition,
  lifecycleGsi2Partition,
  pacticipantSlotsPrefix,
} from '../keys.ts';
import { GSI1 } from '../table-definition.ts';
import { batchDelete } from './versions.ts';
import { forEachBounded } from '#domain/concurrency.ts';
import { conditionally, deleteItems, isConditionFailure, newestFirst, queryAll, queryGsi1Newest, queryLifecycle, queryPartition, stripKeys } from './support.ts';

export async function findCurrentDeployment(db: Db, tenant: string, slot: DeploymentSlot): Promise<CurrentDeployment | undefined> {
  const key = currentlyDeployedKey(tenant, slot.environmentUuid, slot.pacticipant, slot.applicationInstance);
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }));
  return result.Item ? stripKeys<CurrentDeployment>(result.Item) : undefined;
}

export async function findDeployedVersion(db: Db, tenant: string, uuid: string): Promise<DeployedVersion | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: deployedVersionKey(tenant, uuid), ConsistentRead: true }));
  return result.Item ? stripKeys<DeployedVersion>(result.Item) : undefined;
}

/** What is deployed in an environment now (optionally for one pacticipant), newest first. */
export async function listCurrentDeployments(db: Db, tenant: string, environmentUuid: string, pacticipant?: string): Promise<CurrentDeployment[]> {
  const items = await queryPartition(db, currentlyDeployedPartition(tenant, environmentUuid), pacticipant === undefined ? undefined : pacticipantSlotsPrefix(pacticipant));
  return newestFirst(items.map((item) => stripKeys<CurrentDeployment>(item)));
}

/** A version's deployment records (optionally to one environment), oldest first. */
export async function listDeploymentsOfVersion(db: Db, tenant: string, pacticipant: string, version: string, environmentUuid?: string): Promise<DeployedVersion[]> {
  const items = await queryLifecycle(db, lifecycleGsi2Partition(tenant, pacticipant, version), deployedLifecyclePrefix(environmentUuid));
  return items.map((item) => stripKeys<DeployedVersion>(item));
}

/**
 * The environment's deployment records by their latest event, newest first (GSI1, at most `limit`): a record's events
 * are never later than its place, so every event after the last record's place is an event of these records.
 */
export async function listDeploymentHistory(db: Db, tenant: string, environmentUuid: string, limit: number): Promise<DeployedVersion[]> {
  const items = await queryGsi1Newest(db, deploymentsOfEnvironmentGsi1Partition(tenant, environmentUuid), limit);
  return items.map((item) => stripKeys<DeployedVersion>(item));
}

/**
 * Executes a deployment plan as one transaction: the new record, the end of the replaced record, and the pointer
 * swap conditional on the pointer still naming the replaced record (or still being absent). Throws WriteConflict
 * when another writer got there first; the caller re-reads the slot and plans again.
 */
export async function commitDeployment(db: Db, tenant: string, plan: Extract<DeploymentPlan, { kind: 'deploy' }>): Promise<void> {
  const { record, replaces } = plan;
  const pointer: CurrentDeployment = {
    deployedVersionUuid: record.uuid,
    pacticipant: record.pacticipant,
    version: record.version,
    ...(record.versionOrder !== undefined ? { versionOrder: record.versionOrder } : {}),
    environmentUuid: record.environmentUuid,
    ...(record.applicationInstance !== undefined ? { applicationInstance: record.applicationInstance } : {}),
    createdAt: record.createdAt,
  };
  const pointerKey = currentlyDeployedKey(tenant, record.environmentUuid, record.pacticipant, record.applicationInstance);
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: {
                ...deployedVersionKey(tenant, record.uuid),
                ...deployedVersionGsi1(tenant, record.environmentUuid, record.createdAt, record.uuid),
                ...deployedVersionGsi2(tenant, record.pacticipant, record.version, record.environmentUuid, record.createdAt, record.uuid),
                entity: 'deployedVersion',
                ...record,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          replaces === undefined
            ? { Put: { TableName: db.tableName, Item: { ...pointerKey, entity: 'currentDeployment', ...pointer }, ConditionExpression: 'attribute_not_exists(PK)' } }
            : {
                Put: {
                  TableName: db.tableName,
                  Item: { ...pointerKey, entity: 'currentDeployment', ...pointer },
                  ConditionExpression: 'deployedVersionUuid = :previous',
                  ExpressionAttributeValues: { ':previous': replaces.deployedVersionUuid },
                },
              },
          ...(replaces === undefined
            ? []
            : [
                {
                  Update: {
                    TableName: db.tableName,
                    Key: deployedVersionKey(tenant, replaces.deployedVersionUuid),
                    // Its place in the environment's history moves to its undeployment (keys.ts deployedVersionGsi1).
                    UpdateExpression: 'SET undeployedAt = :now, updatedAt = :now, GSI1SK = :position',
                    ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(undeployedAt)',
                    ExpressionAttributeValues: { ':now': record.createdAt, ':position': deployedVersionGsi1(tenant, record.environmentUuid, record.createdAt, replaces.deployedVersionUuid).GSI1SK },
                  },
                },
              ]),
        ],
      }),
    ),
  );
}

/**
 * Marks a deployed version undeployed and frees its slot, in one transaction. The pointer is deleted only if it
 * still names this record. Throws WriteConflict when the record changed since it was read.
 */
export async function endDeployment(db: Db, tenant: string, record: DeployedVersion, at: string): Promise<void> {
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tableName,
              Key: deployedVersionKey(tenant, record.uuid),
              // Its place in the environment's history moves to its undeployment (keys.ts deployedVersionGsi1).
              UpdateExpression: 'SET undeployedAt = :at, updatedAt = :at, GSI1SK = :position',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(undeployedAt)',
              ExpressionAttributeValues: { ':at': at, ':position': deployedVersionGsi1(tenant, record.environmentUuid, at, record.uuid).GSI1SK },
            },
          },
          {
            Delete: {
              TableName: db.tableName,
              Key: currentlyDeployedKey(tenant, record.environmentUuid, record.pacticipant, record.applicationInstance),
              ConditionExpression: 'attribute_not_exists(PK) OR deployedVersionUuid = :uuid',
              ExpressionAttributeValues: { ':uuid': record.uuid },
            },
          },
        ],
      }),
    ),
  );
}

/** Removes every deployment record and pointer of a deleted environment. */
export async function deleteDeploymentsOfEnvironment(db: Db, tenant: string, environmentUuid: string): Promise<void> {
  const records = await queryAll(db, {
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': deploymentsOfEnvironmentGsi1Partition(tenant, environmentUuid) },
  });
  const pointers = await queryPartition(db, currentlyDeployedPartition(tenant, environmentUuid));
  await batchDelete(db, [...pointers, ...records]);
}

/**
 * Deletes a version's deployment records (found through the version's lifecycle index) and frees each slot whose
 * pointer still names one of them. Pointers go first and records last, so a cut-off deletion is found again.
 */
export async function deleteDeploymentsOfVersion(db: Db, tenant: string, pacticipant: string, version: string): Promise<void> {
  const records = (await queryLifecycle(db, lifecycleGsi2Partition(tenant, pacticipant, version), deployedLifecyclePrefix())).map((item) => stripKeys<DeployedVersion>(item));
  await forEachBounded(records, 4, async (record) => {
    try {
      await db.client.send(
        new DeleteCommand({
          TableName: db.tableName,
          Key: currentlyDeployedKey(tenant, record.environmentUuid, record.pacticipant, record.applicationInstance),
          ConditionExpression: 'deployedVersionUuid = :uuid',
          ExpressionAttributeValues: { ':uuid': record.uuid },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // The slot is free or holds another deployment: leave it.
    }
  });
  await deleteItems(db, records.map((record) => deployedVersionKey(tenant, record.uuid)));
}

/** Deletes every "currently deployed" pointer of a pacticipant in an environment (any instance). */
export async function deleteCurrentDeploymentsOfPacticipant(db: Db, tenant: string, environmentUuid: string, pacticipant: string): Promise<void> {
  await deleteItems(db, await queryPartition(db, currentlyDeployedPartition(tenant, environmentUuid), pacticipantSlotsPrefix(pacticipant)));
}
