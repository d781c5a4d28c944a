/** Small helpers shared by the repositories: paging, item stripping, transaction outcomes. */
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import { GSI2 } from '../table-definition.ts';

export type Item = Record<string, unknown>;

/** Attributes that belong to the key design, not to the domain object. */
const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entity'] as const;

export function stripKeys<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T; // The item was written from a T by the same repository; only key attributes are removed.
}

/** Runs a query to the end, following LastEvaluatedKey (bounded by what the key condition selects). */
export async function queryAll(db: Db, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(new QueryCommand({ TableName: db.tableName, ...input, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return items;
}

export async function queryFirst(db: Db, input: Omit<QueryCommandInput, 'TableName' | 'Limit'>): Promise<Item | undefined> {
  const page = await db.client.send(new QueryCommand({ TableName: db.tableName, ...input, Limit: 1 }));
  return page.Items?.[0] as Item | undefined;
}

/** Another writer changed what a conditional write depended on. The caller re-reads and decides again. */
export class WriteConflict extends Error {
  constructor(message = 'A concurrent write changed the data this write depended on') {
    super(message);
    this.name = 'WriteConflict';
  }
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
