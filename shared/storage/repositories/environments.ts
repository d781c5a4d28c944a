/** Environments, with their names kept unique by a lock item written in the same transaction. */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { Environment } from '#domain/model.ts';
import { environmentKey, environmentNameKey, environmentsPartition } from '../keys.ts';
import { conditionally, queryAll, stripKeys } from './support.ts';

export async function listEnvironments(db: Db, tenant: string): Promise<Environment[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': environmentsPartition(tenant), ':prefix': 'ENV#' },
    ConsistentRead: true,
  });
  return items.map((item) => stripKeys<Environment>(item));
}

export async function findEnvironment(db: Db, tenant: string, uuid: string): Promise<Environment | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: environmentKey(tenant, uuid), ConsistentRead: true }));
  return result.Item ? stripKeys<Environment>(result.Item) : undefined;
}

/** Throws WriteConflict when the name is taken. */
export async function createEnvironment(db: Db, tenant: string, environment: Environment): Promise<void> {
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: db.tableName, Item: { ...environmentNameKey(tenant, environment.name), entity: 'environmentName', uuid: environment.uuid }, ConditionExpression: 'attribute_not_exists(PK)' } },
          { Put: { TableName: db.tableName, Item: { ...environmentKey(tenant, environment.uuid), entity: 'environment', ...environment }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ],
      }),
    ),
  );
}

/**
 * Replaces an environment. A rename moves the name lock in the same transaction. Throws WriteConflict when
 * the new name is taken or the environment changed (or vanished) since `previous` was read.
 */
export async function replaceEnvironment(db: Db, tenant: string, previous: Environment, next: Environment): Promise<void> {
  const renamed = previous.name !== next.name;
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: { ...environmentKey(tenant, next.uuid), entity: 'environment', ...next },
              // Unchanged since `previous` was read: its name, its flags and its last update (a lost update is a conflict).
              ConditionExpression: `attribute_exists(PK) AND #name = :previousName AND #displayName = :previousDisplayName AND #production = :previousProduction AND ${previous.updatedAt === undefined ? 'attribute_not_exists(#updatedAt)' : '#updatedAt = :previousUpdatedAt'}`,
              ExpressionAttributeNames: { '#name': 'name', '#displayName': 'displayName', '#production': 'production', '#updatedAt': 'updatedAt' },
              ExpressionAttributeValues: {
                ':previousName': previous.name,
                ':previousDisplayName': previous.displayName,
                ':previousProduction': previous.production,
                ...(previous.updatedAt === undefined ? {} : { ':previousUpdatedAt': previous.updatedAt }),
              },
            },
          },
          ...(renamed
            ? [
                { Delete: { TableName: db.tableName, Key: environmentNameKey(tenant, previous.name), ConditionExpression: '#uuid = :uuid', ExpressionAttributeNames: { '#uuid': 'uuid' }, ExpressionAttributeValues: { ':uuid': previous.uuid } } },
                { Put: { TableName: db.tableName, Item: { ...environmentNameKey(tenant, next.name), entity: 'environmentName', uuid: next.uuid }, ConditionExpression: 'attribute_not_exists(PK)' } },
              ]
            : []),
        ],
      }),
    ),
  );
}

/** Deletes the environment and its name lock together; the caller then removes its deployment records. */
export async function deleteEnvironment(db: Db, tenant: string, environment: Environment): Promise<void> {
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: db.tableName, Key: environmentKey(tenant, environment.uuid), ConditionExpression: 'attribute_exists(PK)' } },
          { Delete: { TableName: db.tableName, Key: environmentNameKey(tenant, environment.name), ConditionExpression: '#uuid = :uuid', ExpressionAttributeNames: { '#uuid': 'uuid' }, ExpressionAttributeValues: { ':uuid': environment.uuid } } },
        ],
      }),
    ),
  );
}
