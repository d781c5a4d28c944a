/**
 * Webhook events (the outbox), triggered webhooks and their delivery attempts. An event item is written in the same
 * transaction as the write that caused it (see `eventPut`), and the table's stream hands it to the router; every
 * later step is a conditional write, so the router and the dispatcher can run twice for one message and do it once.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import {
  WEBHOOK_EVENT_RETENTION_DAYS,
  WEBHOOK_EXECUTION_RETENTION_DAYS,
  type TriggeredWebhook,
  type TriggeredWebhookStatus,
  type WebhookAttempt,
  type WebhookEvent,
} from '#domain/webhooks/events.ts';
import {
  WEBHOOK_EVENT_SK,
  triggeredByPublicationGsi1Partition,
  triggeredByVerificationGsi1Partition,
  triggeredByComparisonGsi1Partition,
  triggeredOfWebhookGsi2Partition,
  triggeredWebhookKey,
  webhookAttemptKey,
  webhookAttemptsOf,
  webhookEventKey,
} from '../keys.ts';
import { GSI1, GSI2 } from '../table-definition.ts';
import { conditionally, isConditionFailure, queryAll, queryPartition, stripKeys, type Item } from './support.ts';

/** Epoch seconds `days` after `at`: DynamoDB's TTL attribute (`ttl`). */
const expiry = (at: string, days: number): number => Math.floor(Date.parse(at) / 1000) + days * 86_400;

/** The event item, as a transaction's Put: its own condition makes a retried transaction fail rather than fire twice. */
export function eventPut(db: Db, tenant: string, event: WebhookEvent) {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...webhookEventKey(tenant, event.id), entity: 'webhookEvent', tenant, eventJson: JSON.stringify(event), ttl: expiry(event.occurredAt, WEBHOOK_EVENT_RETENTION_DAYS) },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** An event on its own (a publication that stored nothing new still fires `contract_published`). */
export async function recordWebhookEvent(db: Db, tenant: string, event: WebhookEvent): Promise<void> {
  await conditionally(() => db.client.send(new TransactWriteCommand({ TransactItems: [eventPut(db, tenant, event)] })));
}

/** Reads an event item as the stream delivers it (its `NewImage`, unmarshalled). */
export function eventFromItem(item: Item): { tenant: string; event: WebhookEvent } | undefined {
  if (item['SK'] !== WEBHOOK_EVENT_SK || typeof item['tenant'] !== 'string' || typeof item['eventJson'] !== 'string') return undefined;
  return { tenant: item['tenant'], event: JSON.parse(item['eventJson']) as WebhookEvent };
}

type StoredTriggered = Omit<TriggeredWebhook, 'subject' | 'params'> & { subjectJson: string; paramsJson: string };

const triggeredFromItem = (item: Item): TriggeredWebhook => {
  const { subjectJson, paramsJson, ...rest } = stripKeys<StoredTriggered & { ttl?: number }>(item);
  delete (rest as { ttl?: number }).ttl;
  return { ...rest, subject: JSON.parse(subjectJson) as TriggeredWebhook['subject'], params: JSON.parse(paramsJson) as Record<string, string> };
};

const triggeredGsi1 = (tenant: string, triggered: TriggeredWebhook) => {
  const subject = triggered.subject;
  const partition =
    subject.kind === 'pact'
      ? triggeredByPublicationGsi1Partition(tenant, subject.consumer, subject.provider, subject.consumerVersion)
      : subject.kind === 'verification'
        ? triggeredByVerificationGsi1Partition(tenant, subject.consumer, subject.provider, subject.sha, subject.number)
        : triggeredByComparisonGsi1Partition(tenant, subject.consumer, subject.provider, subject.sha, subject.oasSha);
  return { GSI1PK: partition, GSI1SK: `${triggered.createdAt}#${triggered.id}` };
};

/** False when it exists already (the router ran twice for one event). */
export async function createTriggeredWebhook(db: Db, tenant: string, triggered: TriggeredWebhook): Promise<boolean> {
  const { subject, params, ...rest } = triggered;
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...triggeredWebhookKey(tenant, triggered.id),
          ...triggeredGsi1(tenant, triggered),
          GSI2PK: triggeredOfWebhookGsi2Partition(tenant, triggered.webhookUuid),
          GSI2SK: `${triggered.createdAt}#${triggered.id}`,
          entity: 'triggeredWebhook',
          ...rest,
          subjectJson: JSON.stringify(subject),
          paramsJson: JSON.stringify(params),
          ttl: expiry(triggered.createdAt, WEBHOOK_EXECUTION_RETENTION_DAYS),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function findTriggeredWebhook(db: Db, tenant: string, id: string): Promise<TriggeredWebhook | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: triggeredWebhookKey(tenant, id), ConsistentRead: true }));
  return result.Item ? triggeredFromItem(result.Item) : undefined;
}

export async function listTriggeredByPublication(db: Db, tenant: string, consumer: string, provider: string, consumerVersion: string): Promise<TriggeredWebhook[]> {
  const items = await queryAll(db, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': triggeredByPublicationGsi1Partition(tenant, consumer, provider, consumerVersion) } });
  return items.map(triggeredFromItem);
}

export async function listTriggeredByVerification(db: Db, tenant: string, consumer: string, provider: string, sha: string, number: number): Promise<TriggeredWebhook[]> {
  const items = await queryAll(db, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': triggeredByVerificationGsi1Partition(tenant, consumer, provider, sha, number) } });
  return items.map(triggeredFromItem);
}

/** The newest `limit` executions of one webhook, newest first. */
export async function listTriggeredOfWebhook(db: Db, tenant: string, uuid: string, limit: number): Promise<TriggeredWebhook[]> {
  const page = await db.client.send(
    new QueryCommand({ TableName: db.tableName, IndexName: GSI2, KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': triggeredOfWebhookGsi2Partition(tenant, uuid) }, ScanIndexForward: false, Limit: limit }),
  );
  return ((page.Items ?? []) as Item[]).map(triggeredFromItem);
}

type StoredAttempt = Omit<WebhookAttempt, 'request' | 'response'> & { requestJson?: string; responseJson?: string };

const attemptFromItem = (item: Item): WebhookAttempt => {
  const { requestJson, responseJson, ...rest } = stripKeys<StoredAttempt & { ttl?: number }>(item);
  delete (rest as { ttl?: number }).ttl;
  return {
    ...rest,
    ...(requestJson === undefined ? {} : { request: JSON.parse(requestJson) as WebhookAttempt['request'] }),
    ...(responseJson === undefined ? {} : { response: JSON.parse(responseJson) as WebhookAttempt['response'] }),
  };
};

/** Claims attempt `attempt`: false when it was claimed before (a duplicate delivery of the message). */
export async function claimWebhookAttempt(db: Db, tenant: string, triggered: TriggeredWebhook, attempt: number, at: string): Promise<boolean> {
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...webhookAttemptKey(tenant, triggered.id, attempt), entity: 'webhookAttempt', attempt, claimedAt: at, logs: '', ttl: expiry(triggered.createdAt, WEBHOOK_EXECUTION_RETENTION_DAYS) },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function findWebhookAttempt(db: Db, tenant: string, id: string, attempt: number): Promise<WebhookAttempt | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: webhookAttemptKey(tenant, id, attempt), ConsistentRead: true }));
  return result.Item ? attemptFromItem(result.Item) : undefined;
}

export async function listWebhookAttempts(db: Db, tenant: string, id: string): Promise<WebhookAttempt[]> {
  const { PK, skPrefix } = webhookAttemptsOf(tenant, id);
  return (await queryPartition(db, PK, skPrefix)).map(attemptFromItem);
}

/**
 * Records a finished attempt and the triggered webhook's new status together, once: the attempt must be claimed and
 * unfinished, and the triggered webhook must not have moved past this attempt (WriteConflict otherwise).
 */
export async function finishWebhookAttempt(
  db: Db,
  tenant: string,
  triggered: TriggeredWebhook,
  attempt: WebhookAttempt,
  next: { status: TriggeredWebhookStatus; nextAttemptAt?: string; at: string },
): Promise<void> {
  const { request, response, ...rest } = attempt;
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: {
                ...webhookAttemptKey(tenant, triggered.id, attempt.attempt),
                entity: 'webhookAttempt',
                ...rest,
                ...(request === undefined ? {} : { requestJson: JSON.stringify(request) }),
                ...(response === undefined ? {} : { responseJson: JSON.stringify(response) }),
                ttl: expiry(triggered.createdAt, WEBHOOK_EXECUTION_RETENTION_DAYS),
              },
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(finishedAt)',
            },
          },
          {
            Update: {
              TableName: db.tableName,
              Key: triggeredWebhookKey(tenant, triggered.id),
              UpdateExpression: `SET #status = :status, attempts = :attempt, updatedAt = :at ${next.nextAttemptAt === undefined ? 'REMOVE nextAttemptAt' : ', nextAttemptAt = :next'}`,
              ConditionExpression: 'attribute_exists(PK) AND attempts < :attempt',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': next.status, ':attempt': attempt.attempt, ':at': next.at, ...(next.nextAttemptAt === undefined ? {} : { ':next': next.nextAttemptAt }) },
            },
          },
        ],
      }),
    ),
  );
}
