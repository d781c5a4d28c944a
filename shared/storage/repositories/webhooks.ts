/**
 * Webhooks, in one partition per tenant. The request template is stored as JSON text: a body may be any JSON value
 * (empty strings, deep nesting, keys DynamoDB maps would refuse), and it reads back exactly as it was given.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { Webhook, WebhookRequestTemplate } from '#domain/webhooks/definition.ts';
import { webhookKey, webhooksPartition } from '../keys.ts';
import { conditionally, queryAll, stripKeys, type Item } from './support.ts';

type StoredWebhook = Omit<Webhook, 'request'> & { requestJson: string };

const toItem = (tenant: string, webhook: Webhook): Item => {
  const { request, ...rest } = webhook;
  return { ...webhookKey(tenant, webhook.uuid), entity: 'webhook', ...rest, requestJson: JSON.stringify(request) };
};

const fromItem = (item: Item): Webhook => {
  const { requestJson, ...rest } = stripKeys<StoredWebhook>(item);
  return { ...rest, request: JSON.parse(requestJson) as WebhookRequestTemplate };
};

export async function listWebhooks(db: Db, tenant: string): Promise<Webhook[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': webhooksPartition(tenant), ':prefix': 'WH#' },
    ConsistentRead: true,
  });
  return items.map(fromItem);
}

export async function findWebhook(db: Db, tenant: string, uuid: string): Promise<Webhook | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: webhookKey(tenant, uuid), ConsistentRead: true }));
  return result.Item ? fromItem(result.Item) : undefined;
}

/**
 * Creates (`previousRevision` undefined: only if no webhook has the uuid) or replaces (only if the stored one still has
 * `previousRevision`). WriteConflict otherwise.
 */
export async function putWebhook(db: Db, tenant: string, webhook: Webhook, previousRevision: number | undefined): Promise<void> {
  await conditionally(() =>
    db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: toItem(tenant, webhook),
        ...(previousRevision === undefined
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : { ConditionExpression: '#revision = :revision', ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':revision': previousRevision } }),
      }),
    ),
  );
}

/** WriteConflict when there is no such webhook (a repeated delete is then a 404). */
export async function deleteWebhook(db: Db, tenant: string, uuid: string): Promise<void> {
  await conditionally(() => db.client.send(new DeleteCommand({ TableName: db.tableName, Key: webhookKey(tenant, uuid), ConditionExpression: 'attribute_exists(PK)' })));
}
