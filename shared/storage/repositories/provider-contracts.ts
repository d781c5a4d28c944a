/** Provider contracts (OpenAPI documents with self-verification) and comparison results. */
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { ComparisonResult, ProviderContract } from '#domain/model.ts';
import { comparisonLookupKey, type ComparisonKey, type ProviderVersionRef } from '#services/ports.ts';
import {
  comparisonGsi1,
  comparisonKey,
  comparisonMarkerGsi1,
  comparisonMarkerKey,
  comparisonRequestKey,
  comparisonsOfIntegrationGsi1Partition,
  comparisonsOfPactPrefix,
  providerContractContentGsi1,
  providerContractContentPartition,
  providerContractContentsGsi1Partition,
  providerContractKey,
} from '../keys.ts';
import { findChunkedContent, putChunkedContent } from './chunked-content.ts';
import { batchGetItems, deleteItems, isConditionFailure, isItemConditionFailure, queryGsi1, queryPartition, stripKeys } from './support.ts';
import { eventPut } from './webhook-deliveries.ts';
import type { WebhookEvent } from '#domain/webhooks/events.ts';

export async function putProviderContractContent(db: Db, tenant: string, provider: string, sha: string, text: string, at: string): Promise<void> {
  await putChunkedContent(db, providerContractContentPartition(tenant, provider, sha), { entity: 'providerContractContent', ...providerContractContentGsi1(tenant, provider, sha), provider, sha, createdAt: at }, text);
}

export async function findProviderContractContent(db: Db, tenant: string, provider: string, sha: string): Promise<string | undefined> {
  return findChunkedContent(db, providerContractContentPartition(tenant, provider, sha));
}

/** The contract of a provider version (the latest publication for that version replaces an earlier one). */
export async function putProviderContract(db: Db, tenant: string, contract: ProviderContract): Promise<void> {
  await db.client.send(new PutCommand({ TableName: db.tableName, Item: { ...providerContractKey(tenant, contract.provider, contract.providerVersion), entity: 'providerContract', ...contract } }));
}

export async function findProviderContract(db: Db, tenant: string, provider: string, version: string): Promise<ProviderContract | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: providerContractKey(tenant, provider, version), ConsistentRead: true }));
  return result.Item ? stripKeys<ProviderContract>(result.Item) : undefined;
}

/** The provider contracts of many provider versions (of any providers) in one batch read; absent ones are left out. */
export async function findProviderContracts(db: Db, tenant: string, refs: readonly ProviderVersionRef[]): Promise<ProviderContract[]> {
  const items = await batchGetItems(db, refs.map((ref) => providerContractKey(tenant, ref.provider, ref.version)));
  return items.map((item) => stripKeys<ProviderContract>(item));
}

export async function findComparisons(db: Db, tenant: string, wanted: readonly ComparisonKey[]): Promise<Map<string, ComparisonResult>> {
  const items = await batchGetItems(db, wanted.map((job) => comparisonKey(tenant, job.consumer, job.provider, job.pactSha, job.oasSha)));
  return new Map(items.map((item) => stripKeys<ComparisonResult>(item)).map((result) => [comparisonLookupKey(result.consumer, result.provider, result.pactSha, result.oasSha), result]));
}

export async function findComparison(db: Db, tenant: string, key: ComparisonKey): Promise<ComparisonResult | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: comparisonKey(tenant, key.consumer, key.provider, key.pactSha, key.oasSha), ConsistentRead: true }));
  return result.Item ? stripKeys<ComparisonResult>(result.Item) : undefined;
}

/**
 * Writes a complete result, once: a duplicate delivery finds it there and changes nothing. Its marker in the pact
 * content's partition (how the integrations listing finds the newest comparisons of a content, and of an integration)
 * and its webhook event are in the same transaction: either all are written or none.
 */
export async function putComparison(db: Db, tenant: string, result: ComparisonResult, event?: WebhookEvent): Promise<boolean> {
  const { consumer, provider, pactSha, oasSha, comparedAt } = result;
  const put = {
    TableName: db.tableName,
    Item: {
      ...comparisonKey(tenant, consumer, provider, pactSha, oasSha),
      ...comparisonGsi1(tenant, consumer, provider, pactSha, oasSha, 'RESULT'),
      entity: 'comparison',
      ...result,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  };
  const marker = {
    TableName: db.tableName,
    Item: {
      ...comparisonMarkerKey(tenant, consumer, provider, pactSha, comparedAt, oasSha),
      ...comparisonMarkerGsi1(tenant, consumer, provider, pactSha, comparedAt, oasSha),
      entity: 'comparisonMarker',
      consumer,
      provider,
      sha: pactSha,
      oasSha,
      success: result.success,
      at: comparedAt,
      ...(result.providerVersion === undefined ? {} : { providerVersion: result.providerVersion }),
    },
  };
  try {
    await db.client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, { Put: marker }, ...(event === undefined ? [] : [eventPut(db, tenant, event)])] }));
    return true;
  } catch (error) {
    // A result exists already: its put's condition failed (the transaction's first item). Any other
    // cancellation (a collision with another writer) wrote nothing and is thrown, so the message is retried.
    if (isConditionFailure(error) || isItemConditionFailure(error, 0)) return false;
    throw error;
  }
}

/**
 * Claims the right to enqueue a comparison. True for the first caller, and again once an earlier request is older
 * than `staleAfterMs` without a result (its message was lost or dead-lettered), so nothing waits forever.
 */
export async function claimComparisonRequest(db: Db, tenant: string, job: ComparisonKey, now: string, staleAfterMs: number): Promise<boolean> {
  const staleBefore = new Date(Date.parse(now) - staleAfterMs).toISOString();
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...comparisonRequestKey(tenant, job.consumer, job.provider, job.pactSha, job.oasSha),
          ...comparisonGsi1(tenant, job.consumer, job.provider, job.pactSha, job.oasSha, 'REQUESTED'),
          entity: 'comparisonRequest',
          requestedAt: now,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR requestedAt < :staleBefore',
        ExpressionAttributeValues: { ':staleBefore': staleBefore },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function releaseComparisonRequest(db: Db, tenant: string, job: ComparisonKey): Promise<void> {
  await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: comparisonRequestKey(tenant, job.consumer, job.provider, job.pactSha, job.oasSha) }));
}

// Deletion

/** The content hashes of a provider's contract contents (index entries on the headers; older contents are not listed). */
export async function listProviderContractContentShas(db: Db, tenant: string, provider: string): Promise<string[]> {
  const items = await queryGsi1(db, providerContractContentsGsi1Partition(tenant, provider));
  return items.map((item) => String(item['sha']));
}

/** Deletes a provider contract content: its chunks, then the header (which carries the index entry) last. */
export async function deleteProviderContractContent(db: Db, tenant: string, provider: string, sha: string): Promise<void> {
  const partition = providerContractContentPartition(tenant, provider, sha);
  const items = await queryPartition(db, partition);
  await deleteItems(db, items.filter((item) => item['SK'] !== 'CONTENT'));
  await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: { PK: partition, SK: 'CONTENT' } }));
}

/** Deletes the comparison results and request claims of an integration (optionally only those of one pact content). */
export async function deleteComparisons(db: Db, tenant: string, consumer: string, provider: string, pactSha?: string): Promise<void> {
  const items = await queryGsi1(db, comparisonsOfIntegrationGsi1Partition(tenant, consumer, provider), pactSha === undefined ? undefined : comparisonsOfPactPrefix(pactSha));
  await deleteItems(db, items);
}
