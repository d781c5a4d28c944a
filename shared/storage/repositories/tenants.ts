/** The tenant's marker item (seeding happens once) and its sequence counter. */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { Environment } from '#domain/model.ts';
import { environmentKey, environmentNameKey, tenantCounterKey, tenantKey } from '../keys.ts';
import { isTransactionConflict } from './support.ts';

/** Next number of the tenant's sequence (version order, branch membership order). Gaps are harmless. */
export async function nextSequence(db: Db, tenant: string): Promise<number> {
  const result = await db.client.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: tenantCounterKey(tenant),
      UpdateExpression: 'ADD #seq :one',
      ExpressionAttributeNames: { '#seq': 'seq' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.['seq']);
}

/**
 * Creates the tenant with its initial environments, exactly once: the marker's `attribute_not_exists`
 * makes a second (or concurrent) seeding a no-op, so a deleted default environment never comes back.
 */
export async function seedTenant(db: Db, tenant: string, environments: readonly Environment[], now: string): Promise<boolean> {
  try {
    await db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: db.tableName, Item: { ...tenantKey(tenant), entity: 'tenant', seededAt: now }, ConditionExpression: 'attribute_not_exists(PK)' } },
          ...environments.flatMap((environment) => [
            { Put: { TableName: db.tableName, Item: { ...environmentKey(tenant, environment.uuid), entity: 'environment', ...environment } } },
            { Put: { TableName: db.tableName, Item: { ...environmentNameKey(tenant, environment.name), entity: 'environmentName', uuid: environment.uuid } } },
          ]),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isTransactionConflict(error)) return false;
    throw error;
  }
}

export async function tenantExists(db: Db, tenant: string): Promise<boolean> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: tenantKey(tenant), ConsistentRead: true }));
  return result.Item !== undefined;
}
