/** Small helpers shared by the repositories: paging, item stripping, transaction outcomes. */
import { BatchGetCommand, BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import { WriteConflict } from '#domain/errors.ts';
import { forEachBounded } from '#domain/concurrency.ts';
import { GSI1, GSI2 } from '../table-definition.ts';

export type Item = Record<string, unknown>;

/** Attributes that belong to the key design, not to the domain object. */
const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entity'] as const;

export function stripKeys<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T; // The item was written from a T by the same repository; only key attributes are removed.
}

/**
 * Runs a query, following LastEvaluatedKey to the end (bounded by what the key condition selects) or, with `max`,
 * until that many items are read, in as few pages as DynamoDB needs (never the rest of the partition).
 */
export async function queryAll(db: Db, input: Omit<QueryCommandInput, 'TableName' | 'Limit'>, max = Number.POSITIVE_INFINITY): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const limit = Number.isFinite(max) ? { Limit: max - items.length } : {};
    const page = await db.client.send(new QueryCommand({ TableName: db.tableName, ...input, ...limit, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined && items.length < max);
  return items;
}

export async function queryFirst(db: Db, input: Omit<QueryCommandInput, 'TableName' | 'Limit'>): Promise<Item | undefined> {
  const page = await db.client.send(new QueryCommand({ TableName: db.tableName, ...input, Limit: 1 }));
  return page.Items?.[0] as Item | undefined;
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : undefined;
}

export function isConditionFailure(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

/** A cancelled transaction (a condition failed or another transaction touched the same items). */
export function isTransactionConflict(error: unknown): boolean {
  const name = errorName(error);
  return name === 'TransactionCanceledException' || name === 'TransactionConflictException';
}

/** Whether a cancelled transaction was cancelled by the condition of its item at `index` (not by a collision). */
export function isItemConditionFailure(error: unknown, index: number): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] } | null)?.CancellationReasons;
  return errorName(error) === 'TransactionCanceledException' && reasons?.[index]?.Code === 'ConditionalCheckFailed';
}

/** Translates the ways DynamoDB reports "someone else got there first" into one WriteConflict. */
export async function conditionally<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) throw new WriteConflict();
    throw error;
  }
}

/** A whole partition (consistently read), or the part of it whose sort keys start with `skPrefix`. */
export function queryPartition(db: Db, pk: string, skPrefix?: string): Promise<Item[]> {
  return queryAll(db, {
    KeyConditionExpression: skPrefix === undefined ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ...(skPrefix === undefined ? {} : { ':prefix': skPrefix }) },
    ConsistentRead: true,
  });
}

/** The items of a version's lifecycle (GSI2) whose sort keys start with `prefix`. */
export function queryLifecycle(db: Db, pk: string, prefix: string): Promise<Item[]> {
  return queryAll(db, { IndexName: GSI2, KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix } });
}

/** Newest first, by creation time: how the "currently deployed/supported" collections are listed. */
export const newestFirst = <T extends { readonly createdAt: string }>(entries: T[]): T[] => entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/**
 * Many items by key in few requests (BatchGetItem takes 100 keys), consistently read, retrying unprocessed keys with a
 * short back-off as DynamoDB asks. Duplicate keys are read once; missing items are simply absent from the result.
 */
export async function batchGetItems(db: Db, keys: readonly { readonly PK: string; readonly SK: string }[]): Promise<Item[]> {
  const unique = [...new Map(keys.map((key) => [`${key.PK}\u0000${key.SK}`, { PK: key.PK, SK: key.SK }])).values()];
  const found: Item[] = [];
  for (let start = 0; start < unique.length; start += 100) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result = await db.client.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: pending, ConsistentRead: true } } }));
      found.push(...((result.Responses?.[db.tableName] ?? []) as Item[]));
      pending = (result.UnprocessedKeys?.[db.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/** Batches in flight at once when deleting many items (each batch is up to 25 items). */
const DELETE_BATCHES_IN_FLIGHT = 4;

/**
 * Deletes items by key with BatchWriteItem (25 per request, a few requests at once), retrying unprocessed items with
 * a short back-off as DynamoDB asks. Duplicate keys are sent once (a batch may not name an item twice). Deleting an
 * item that is not there is not an error, so this is safe to repeat.
 */
export async function deleteItems(db: Db, items: readonly { readonly PK?: unknown; readonly SK?: unknown }[]): Promise<void> {
  const unique = [...new Map(items.map((item) => [`${String(item.PK)}\u0000${String(item.SK)}`, { PK: item.PK, SK: item.SK }])).values()];
  const batches: { PK: unknown; SK: unknown }[][] = [];
  for (let start = 0; start < unique.length; start += 25) batches.push(unique.slice(start, start + 25));
  await forEachBounded(batches, DELETE_BATCHES_IN_FLIGHT, async (batch) => {
    let requests: Record<string, unknown>[] = batch.map((key) => ({ DeleteRequest: { Key: key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await db.client.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: requests } }));
      requests = (result.UnprocessedItems?.[db.tableName] ?? []) as Record<string, unknown>[];
    }
  });
}

/** A GSI1 partition, to the end (optionally only sort keys starting with `skPrefix`). Eventually consistent, as every index. */
export function queryGsi1(db: Db, pk: string, skPrefix?: string): Promise<Item[]> {
  return queryAll(db, {
    IndexName: GSI1,
    KeyConditionExpression: skPrefix === undefined ? 'GSI1PK = :pk' : 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ...(skPrefix === undefined ? {} : { ':prefix': skPrefix }) },
  });
}

/** A GSI1 partition newest first (descending sort key), at most `limit` items. Eventually consistent, as every index. */
export function queryGsi1Newest(db: Db, pk: string, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
  return queryAll(db, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false }, limit);
}
