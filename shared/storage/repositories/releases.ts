/**
 * Released versions: one record per (version, environment), guarded by a lock item, and a "currently
 * supported" pointer per (pacticipant, version) in each environment.
 */
import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { CurrentRelease, ReleasedVersion } from '#domain/model.ts';
import {
  currentlySupportedKey,
  currentlySupportedPartition,
  lifecycleGsi2Partition,
  pacticipantSlotsPrefix,
  releasedLifecyclePrefix,
  releasedVersionGsi1,
  releasedVersionGsi2,
  releasesOfEnvironmentGsi1Partition,
  releasedVersionKey,
  releaseLockKey,
  releasesPartition,
} from '../keys.ts';
import { batchDelete } from './versions.ts';
import { forEachBounded } from '#domain/concurrency.ts';
import { conditionally, deleteItems, isConditionFailure, newestFirst, queryGsi1Newest, queryLifecycle, queryPartition, stripKeys } from './support.ts';

export async function findReleasedVersion(db: Db, tenant: string, uuid: string): Promise<ReleasedVersion | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: releasedVersionKey(tenant, uuid), ConsistentRead: true }));
  return result.Item ? stripKeys<ReleasedVersion>(result.Item) : undefined;
}

/** The release of a version to an environment, if there ever was one. */
export async function findRelease(db: Db, tenant: string, pacticipant: string, version: string, environmentUuid: string): Promise<ReleasedVersion | undefined> {
  const lock = await db.client.send(
    new GetCommand({ TableName: db.tableName, Key: releaseLockKey(tenant, environmentUuid, pacticipant, version), ConsistentRead: true }),
  );
  const uuid = lock.Item?.['releasedVersionUuid'];
  return typeof uuid === 'string' ? findReleasedVersion(db, tenant, uuid) : undefined;
}

export async function listCurrentReleases(db: Db, tenant: string, environmentUuid: string, pacticipant?: string): Promise<CurrentRelease[]> {
  const items = await queryPartition(db, currentlySupportedPartition(tenant, environmentUuid), pacticipant === undefined ? undefined : pacticipantSlotsPrefix(pacticipant));
  return newestFirst(items.map((item) => stripKeys<CurrentRelease>(item)));
}

export async function listReleasesOfVersion(db: Db, tenant: string, pacticipant: string, version: string, environmentUuid?: string): Promise<ReleasedVersion[]> {
  const items = await queryLifecycle(db, lifecycleGsi2Partition(tenant, pacticipant, version), releasedLifecyclePrefix(environmentUuid));
  return items.map((item) => stripKeys<ReleasedVersion>(item));
}

/** The environment's release records by their latest event, newest first (GSI1, at most `limit`). */
export async function listReleaseHistory(db: Db, tenant: string, environmentUuid: string, limit: number): Promise<ReleasedVersion[]> {
  const items = await queryGsi1Newest(db, releasesOfEnvironmentGsi1Partition(tenant, environmentUuid), limit);
  return items.map((item) => stripKeys<ReleasedVersion>(item));
}

/** Moves a record to its latest event in the environment's release history (and into it, if written before the index). */
const historyPosition = (tenant: string, record: ReleasedVersion, at: string) => {
  const { GSI1PK, GSI1SK } = releasedVersionGsi1(tenant, record.environmentUuid, at, record.uuid);
  return { ':historyPk': GSI1PK, ':historySk': GSI1SK };
};

function supportedPointer(tenant: string, db: Db, record: ReleasedVersion) {
  const pointer: CurrentRelease = {
    releasedVersionUuid: record.uuid,
    pacticipant: record.pacticipant,
    version: record.version,
    ...(record.versionOrder !== undefined ? { versionOrder: record.versionOrder } : {}),
    environmentUuid: record.environmentUuid,
    createdAt: record.createdAt,
  };
  return { TableName: db.tableName, Item: { ...currentlySupportedKey(tenant, record.environmentUuid, record.pacticipant, record.version), entity: 'currentRelease', ...pointer } };
}

/** Creates a release record with its lock and pointer. Throws WriteConflict if the version was released there meanwhile. */
export async function createRelease(db: Db, tenant: string, record: ReleasedVersion): Promise<void> {
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: { ...releaseLockKey(tenant, record.environmentUuid, record.pacticipant, record.version), entity: 'releaseLock', releasedVersionUuid: record.uuid },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: {
                ...releasedVersionKey(tenant, record.uuid),
                ...releasedVersionGsi1(tenant, record.environmentUuid, record.createdAt, record.uuid),
                ...releasedVersionGsi2(tenant, record.pacticipant, record.version, record.environmentUuid, record.createdAt, record.uuid),
                entity: 'releasedVersion',
                ...record,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          { Put: supportedPointer(tenant, db, record) },
        ],
      }),
    ),
  );
}

/** Supported again after support ended: same record, `supportEndedAt` cleared. */
export async function resumeSupport(db: Db, tenant: string, record: ReleasedVersion, at: string): Promise<void> {
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tableName,
              Key: releasedVersionKey(tenant, record.uuid),
              UpdateExpression: 'SET updatedAt = :at, GSI1PK = :historyPk, GSI1SK = :historySk REMOVE supportEndedAt',
              ConditionExpression: 'attribute_exists(supportEndedAt)',
              ExpressionAttributeValues: { ':at': at, ...historyPosition(tenant, record, at) },
            },
          },
          { Put: supportedPointer(tenant, db, record) },
        ],
      }),
    ),
  );
}

export async function endSupport(db: Db, tenant: string, record: ReleasedVersion, at: string): Promise<void> {
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tableName,
              Key: releasedVersionKey(tenant, record.uuid),
              UpdateExpression: 'SET supportEndedAt = :at, updatedAt = :at, GSI1PK = :historyPk, GSI1SK = :historySk',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(supportEndedAt)',
              ExpressionAttributeValues: { ':at': at, ...historyPosition(tenant, record, at) },
            },
          },
          {
            Delete: {
              TableName: db.tableName,
              Key: currentlySupportedKey(tenant, record.environmentUuid, record.pacticipant, record.version),
              ConditionExpression: 'attribute_not_exists(PK) OR releasedVersionUuid = :uuid',
              ExpressionAttributeValues: { ':uuid': record.uuid },
            },
          },
        ],
      }),
    ),
  );
}

/** Removes every release record, lock and pointer of a deleted environment. */
export async function deleteReleasesOfEnvironment(db: Db, tenant: string, environmentUuid: string): Promise<void> {
  const locks = await queryPartition(db, releasesPartition(tenant, environmentUuid));
  const pointers = await queryPartition(db, currentlySupportedPartition(tenant, environmentUuid));
  const records = locks.map((lock) => releasedVersionKey(tenant, String(lock['releasedVersionUuid'])));
  await batchDelete(db, [...pointers, ...records, ...locks]);
}

/**
 * Deletes a version's release records (found through the version's lifecycle index) with their locks and the
 * "currently supported" pointers that name them; the records last, so a cut-off deletion is found again.
 */
export async function deleteReleasesOfVersion(db: Db, tenant: string, pacticipant: string, version: string): Promise<void> {
  const records = (await queryLifecycle(db, lifecycleGsi2Partition(tenant, pacticipant, version), releasedLifecyclePrefix())).map((item) => stripKeys<ReleasedVersion>(item));
  await forEachBounded(records, 4, async (record) => {
    for (const key of [currentlySupportedKey(tenant, record.environmentUuid, record.pacticipant, record.version), releaseLockKey(tenant, record.environmentUuid, record.pacticipant, record.version)]) {
      try {
        await db.client.send(
          new DeleteCommand({ TableName: db.tableName, Key: key, ConditionExpression: 'releasedVersionUuid = :uuid', ExpressionAttributeValues: { ':uuid': record.uuid } }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // Gone already, or another record's.
      }
    }
  });
  await deleteItems(db, records.map((record) => releasedVersionKey(tenant, record.uuid)));
}

/** Deletes every "currently supported" pointer and release lock of a pacticipant in an environment, with the records the locks name. */
export async function deleteReleaseEntriesOfPacticipant(db: Db, tenant: string, environmentUuid: string, pacticipant: string): Promise<void> {
  const [pointers, locks] = await Promise.all([
    queryPartition(db, currentlySupportedPartition(tenant, environmentUuid), pacticipantSlotsPrefix(pacticipant)),
    queryPartition(db, releasesPartition(tenant, environmentUuid), pacticipantSlotsPrefix(pacticipant)),
  ]);
  await deleteItems(db, [...pointers, ...locks.map((lock) => releasedVersionKey(tenant, String(lock['releasedVersionUuid'])))]);
  await deleteItems(db, locks);
}
