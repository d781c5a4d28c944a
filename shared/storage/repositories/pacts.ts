/**
 * Pact content, publications, integrations and verification results. Content is stored once per pact version
 * (consumer + provider + content hash), compressed and chunked (./chunked-content.ts), so a 5 MB pact round-trips.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { Integration, LatestVerification, PactPublication, PactVersion, PactVersionResult, VerificationResult } from '#domain/model.ts';
import { latestVerificationRequestKey, type LatestVerificationRequest, type PublicationRef, type VerifiedScope } from '#services/ports.ts';
import {
  comparisonResultOrder,
  integrationKey,
  integrationsPartition,
  latestVerificationKey,
  pactVersionGsi1,
  pactVersionPartition,
  pactVersionsOfIntegrationGsi1Partition,
  publicationGsi1,
  publicationKey,
  publicationsOfIntegrationGsi1Partition,
  resultsOfIntegrationGsi1Partition,
  verificationGsi1,
  verificationGsi2,
  verificationKey,
  verificationsOfProviderVersionGsi2Partition,
  verificationResultOrder,
  verifiedMarkerKey,
  versionPartition,
} from '../keys.ts';
import { GSI1, GSI2 } from '../table-definition.ts';
import { batchGetItems, conditionally, deleteItems, isConditionFailure, queryAll, queryFirst, queryGsi1Newest, queryGsi1, queryPartition, stripKeys } from './support.ts';
import { findChunkedContent, findContentHeader, putChunkedContent } from './chunked-content.ts';
import { eventPut } from './webhook-deliveries.ts';
import type { WebhookEvent } from '#domain/webhooks/events.ts';

export async function findPactVersion(db: Db, tenant: string, consumer: string, provider: string, sha: string): Promise<PactVersion | undefined> {
  const header = await findContentHeader(db, pactVersionPartition(tenant, consumer, provider, sha));
  return header === undefined ? undefined : stripKeys<PactVersion & { chunks: number }>(header);
}

/** Stores a pact version's content unless it is stored already. Safe to repeat and to race. */
export async function putPactContent(db: Db, tenant: string, pactVersion: PactVersion, json: string): Promise<void> {
  const { consumer, provider, sha } = pactVersion;
  await putChunkedContent(db, pactVersionPartition(tenant, consumer, provider, sha), { entity: 'pactVersion', ...pactVersionGsi1(tenant, consumer, provider, sha), ...pactVersion }, json);
}

/** The pact JSON text of a pact version, or undefined when it is not (completely) stored. */
export async function findPactContent(db: Db, tenant: string, consumer: string, provider: string, sha: string): Promise<string | undefined> {
  return findChunkedContent(db, pactVersionPartition(tenant, consumer, provider, sha));
}

// Publications

export async function findPublication(db: Db, tenant: string, consumer: string, consumerVersion: string, provider: string): Promise<PactPublication | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: publicationKey(tenant, consumer, consumerVersion, provider), ConsistentRead: true }));
  return result.Item ? stripKeys<PactPublication>(result.Item) : undefined;
}

/** Many publications in one batch read (100 keys per request); absent ones are left out. */
export async function findPublications(db: Db, tenant: string, refs: readonly PublicationRef[]): Promise<PactPublication[]> {
  const items = await batchGetItems(db, refs.map((ref) => publicationKey(tenant, ref.consumer, ref.consumerVersion, ref.provider)));
  return items.map((item) => stripKeys<PactPublication>(item));
}

/** The pacts a consumer version published, one per provider. */
export async function listPublicationsOfConsumerVersion(db: Db, tenant: string, consumer: string, consumerVersion: string): Promise<PactPublication[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': versionPartition(tenant, consumer, consumerVersion), ':prefix': 'PACT#' },
    ConsistentRead: true,
  });
  return items.map((item) => stripKeys<PactPublication>(item));
}

/** The publication of the latest consumer version that has a pact with the provider. */
export async function findLatestPublication(db: Db, tenant: string, consumer: string, provider: string): Promise<PactPublication | undefined> {
  const item = await queryFirst(db, {
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': publicationsOfIntegrationGsi1Partition(tenant, consumer, provider) },
    ScanIndexForward: false,
  });
  return item ? stripKeys<PactPublication>(item) : undefined;
}

/** Publications of an integration, newest consumer version first, at most `limit`. */
export async function listPublicationsOfIntegration(db: Db, tenant: string, consumer: string, provider: string, limit: number): Promise<PactPublication[]> {
  const items = await queryGsi1Newest(db, publicationsOfIntegrationGsi1Partition(tenant, consumer, provider), limit);
  return items.map((item) => stripKeys<PactPublication>(item));
}

/**
 * Writes a publication, conditional on the one read before (`previousRevision`, or none). Throws WriteConflict when
 * another publication for the same consumer version and provider got there first.
 */
export async function putPublication(db: Db, tenant: string, publication: PactPublication, previousRevision: number | undefined, event?: WebhookEvent): Promise<void> {
  const put = {
    TableName: db.tableName,
    Item: {
      ...publicationKey(tenant, publication.consumer, publication.consumerVersion, publication.provider),
      ...publicationGsi1(tenant, publication.consumer, publication.provider, publication.consumerVersionOrder),
      entity: 'pactPublication',
      ...publication,
    },
    ...(previousRevision === undefined
      ? { ConditionExpression: 'attribute_not_exists(PK)' }
      : { ConditionExpression: 'revision = :previous', ExpressionAttributeValues: { ':previous': previousRevision } }),
  };
  // With an event, both in one transaction: the webhook event exists exactly when the publication does.
  await conditionally(async () => {
    if (event === undefined) await db.client.send(new PutCommand(put));
    else await db.client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, eventPut(db, tenant, event)] }));
  });
}

// Integrations

export async function ensureIntegration(db: Db, tenant: string, integration: Integration): Promise<void> {
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...integrationKey(tenant, integration.consumer, integration.provider), entity: 'integration', ...integration },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Every consumer/provider pair that ever had a pact (a tenant has hundreds at most). */
export async function listIntegrations(db: Db, tenant: string): Promise<Integration[]> {
  const items = await queryAll(db, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': integrationsPartition(tenant) }, ConsistentRead: true });
  return items.map((item) => stripKeys<Integration>(item));
}

// Verification results

/** Stores a result and makes it the latest for its provider version unless a later one is already there. */
export async function putVerification(db: Db, tenant: string, result: VerificationResult, testResults: Uint8Array | undefined, event?: WebhookEvent): Promise<void> {
  const put = {
    TableName: db.tableName,
    Item: {
      ...verificationKey(tenant, result.consumer, result.provider, result.sha, result.number),
      ...verificationGsi1(tenant, result.consumer, result.provider, result.verifiedAt, result.number),
      ...verificationGsi2(tenant, result.provider, result.providerVersion, result.number),
      entity: 'verification',
      ...result,
      ...(testResults === undefined ? {} : { testResults }),
    },
  };
  // The result's number is new (from the tenant counter), so the put needs no condition; its event goes with it.
  if (event === undefined) await db.client.send(new PutCommand(put));
  else await db.client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, eventPut(db, tenant, event)] }));
  const latest: LatestVerification = { number: result.number, providerVersion: result.providerVersion, success: result.success, verifiedAt: result.verifiedAt };
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...latestVerificationKey(tenant, result.consumer, result.provider, result.sha, result.providerVersion), entity: 'latestVerification', ...latest },
        ConditionExpression: 'attribute_not_exists(PK) OR #number < :number',
        ExpressionAttributeNames: { '#number': 'number' },
        ExpressionAttributeValues: { ':number': result.number },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error; // A later result for this provider version is already the latest.
  }
}

export async function findVerification(db: Db, tenant: string, consumer: string, provider: string, sha: string, number: number): Promise<(VerificationResult & { testResults?: Uint8Array }) | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: verificationKey(tenant, consumer, provider, sha, number), ConsistentRead: true }));
  return result.Item ? stripKeys<VerificationResult & { testResults?: Uint8Array }>(result.Item) : undefined;
}

/** The latest verification for each (pact version, provider version) asked for; missing ones are absent from the map. */
export async function findLatestVerifications(db: Db, tenant: string, requests: readonly LatestVerificationRequest[]): Promise<Map<string, LatestVerification>> {
  const itemKey = (key: { PK: string; SK: string }) => `${key.PK}\u0000${key.SK}`;
  const keys = requests.map((request) => ({ request, key: latestVerificationKey(tenant, request.consumer, request.provider, request.sha, request.providerVersion) }));
  const requested = new Map(keys.map(({ request, key }) => [itemKey(key), latestVerificationRequestKey(request)]));
  const found = new Map<string, LatestVerification>();
  for (const item of await batchGetItems(db, keys.map(({ key }) => key))) {
    const requestKey = requested.get(itemKey({ PK: String(item['PK']), SK: String(item['SK']) }));
    if (requestKey !== undefined) found.set(requestKey, stripKeys<LatestVerification>(item));
  }
  return found;
}

/** Whether a provider version has published any verification result. */
export async function hasVerifications(db: Db, tenant: string, provider: string, providerVersion: string): Promise<boolean> {
  const item = await queryFirst(db, {
    IndexName: GSI2,
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': verificationsOfProviderVersionGsi2Partition(tenant, provider, providerVersion) },
  });
  return item !== undefined;
}

/** Every latest-per-provider-version verification of one pact version. */
export async function listLatestVerificationsOfPactVersion(db: Db, tenant: string, consumer: string, provider: string, sha: string): Promise<LatestVerification[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': pactVersionPartition(tenant, consumer, provider, sha), ':prefix': 'LATEST#' },
    ConsistentRead: true,
  });
  return items.map((item) => stripKeys<LatestVerification>(item));
}

// Results of an integration (verifications and comparison markers), newest first

/** What a result listing reads of each item: never a verification's test results or a comparison's findings. */
const RESULT_ATTRIBUTES = {
  ProjectionExpression: '#entity, #consumer, #provider, #sha, #number, #providerVersion, #success, #verifiedAt, #oasSha, #at',
  ExpressionAttributeNames: {
    '#entity': 'entity',
    '#consumer': 'consumer',
    '#provider': 'provider',
    '#sha': 'sha',
    '#number': 'number',
    '#providerVersion': 'providerVersion',
    '#success': 'success',
    '#verifiedAt': 'verifiedAt',
    '#oasSha': 'oasSha',
    '#at': 'at',
  },
};

/** A verification result item or a comparison marker (./provider-contracts.ts) as a result. */
function resultOf(item: Record<string, unknown>): PactVersionResult {
  const common = { consumer: String(item['consumer']), provider: String(item['provider']), sha: String(item['sha']), success: item['success'] === true };
  if (item['entity'] === 'comparisonMarker') {
    return { kind: 'comparison', ...common, oasSha: String(item['oasSha']), ...(typeof item['providerVersion'] === 'string' ? { providerVersion: item['providerVersion'] } : {}), at: String(item['at']) };
  }
  return { kind: 'verification', ...common, number: Number(item['number']), providerVersion: String(item['providerVersion']), at: String(item['verifiedAt']) };
}

/** The result's sort key in its integration's results index (GSI1): the order both listings answer in. */
export const resultOrder = (result: PactVersionResult): string =>
  result.kind === 'verification' ? verificationResultOrder(result.at, result.number) : comparisonResultOrder(result.at, result.sha, result.oasSha);

const newestFirstByOrder = (results: PactVersionResult[]): PactVersionResult[] =>
  results.map((result) => ({ result, key: Buffer.from(resultOrder(result), 'utf8') })).sort((a, b) => Buffer.compare(b.key, a.key)).map(({ result }) => result);

/** The integration's newest results, whatever content they were for: one page of its results index (GSI1), at most `limit`. */
export async function listNewestResultsOfIntegration(db: Db, tenant: string, consumer: string, provider: string, limit: number): Promise<PactVersionResult[]> {
  const page = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': resultsOfIntegrationGsi1Partition(tenant, consumer, provider) },
      ScanIndexForward: false,
      Limit: limit,
      ...RESULT_ATTRIBUTES,
    }),
  );
  return (page.Items ?? []).map(resultOf);
}

/**
 * The newest results of one pact content: the newest `limit` verification results (by number) and comparison markers
 * (by time) of its partition, two queries of one page each, merged as the integration's index orders them.
 */
export async function listNewestResultsOfPactVersion(db: Db, tenant: string, consumer: string, provider: string, sha: string, limit: number): Promise<PactVersionResult[]> {
  const newest = async (prefix: string) => {
    const page = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pactVersionPartition(tenant, consumer, provider, sha), ':prefix': prefix },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
        ...RESULT_ATTRIBUTES,
      }),
    );
    return (page.Items ?? []).map(resultOf);
  };
  const [verifications, comparisons] = await Promise.all([newest('VR#'), newest('CMP#')]);
  return newestFirstByOrder([...verifications, ...comparisons]).slice(0, limit);
}

/** Records (once: the first time is kept) that the content was verified successfully in a scope. */
export async function markVerified(db: Db, tenant: string, consumer: string, provider: string, sha: string, scope: VerifiedScope, at: string, providerVersion: string): Promise<void> {
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...verifiedMarkerKey(tenant, consumer, provider, sha, scope), entity: 'verifiedMarker', firstAt: at, providerVersion },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** When the content was first verified successfully in the scope, if ever. */
export async function findVerifiedSince(db: Db, tenant: string, consumer: string, provider: string, sha: string, scope: VerifiedScope): Promise<string | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: verifiedMarkerKey(tenant, consumer, provider, sha, scope), ConsistentRead: true }));
  return result.Item === undefined ? undefined : String(result.Item['firstAt']);
}

// Deletion (DELETE of a pacticipant, a version or a pact). Each deletes what it finds and is safe to repeat.

/** Every publication of an integration (GSI1), in no particular order. */
export async function listAllPublicationsOfIntegration(db: Db, tenant: string, consumer: string, provider: string): Promise<PactPublication[]> {
  const items = await queryGsi1(db, publicationsOfIntegrationGsi1Partition(tenant, consumer, provider));
  return items.map((item) => stripKeys<PactPublication>(item));
}

/** The newest `count` publications of an integration (one query page). */
export async function newestPublicationsOfIntegration(db: Db, tenant: string, consumer: string, provider: string, count: number): Promise<PactPublication[]> {
  const page = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': publicationsOfIntegrationGsi1Partition(tenant, consumer, provider) },
      ScanIndexForward: false,
      Limit: count,
    }),
  );
  return (page.Items ?? []).map((item) => stripKeys<PactPublication>(item));
}

/**
 * The content hashes of an integration's pact versions, from the index entry on each content header. Contents stored
 * before that entry existed are not listed (the publications and verifications that name them still find them).
 */
export async function listPactVersionShas(db: Db, tenant: string, consumer: string, provider: string): Promise<string[]> {
  const items = await queryGsi1(db, pactVersionsOfIntegrationGsi1Partition(tenant, consumer, provider));
  return items.map((item) => String(item['sha']));
}

/** Whether a publication of another consumer version of the integration names this content. */
export async function isPactVersionPublishedElsewhere(db: Db, tenant: string, publication: Pick<PactPublication, 'consumer' | 'provider' | 'consumerVersion' | 'sha'>): Promise<boolean> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: 'sha = :sha AND consumerVersion <> :consumerVersion',
        ExpressionAttributeValues: { ':pk': publicationsOfIntegrationGsi1Partition(tenant, publication.consumer, publication.provider), ':sha': publication.sha, ':consumerVersion': publication.consumerVersion },
        ExclusiveStartKey,
      }),
    );
    if ((page.Items ?? []).length > 0) return true;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return false;
}

/**
 * Deletes a pact version's partition: its chunks, verification results, latest-verification and "verified" markers,
 * and the content header last (its index entry is how a pacticipant deletion finds the content, so a cut-off deletion
 * is finished by the retry).
 */
export async function deletePactVersion(db: Db, tenant: string, consumer: string, provider: string, sha: string): Promise<void> {
  const partition = pactVersionPartition(tenant, consumer, provider, sha);
  const items = await queryPartition(db, partition);
  await deleteItems(db, items.filter((item) => item['SK'] !== 'CONTENT'));
  await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: { PK: partition, SK: 'CONTENT' } }));
}

export async function deletePublications(db: Db, tenant: string, publications: readonly PactPublication[]): Promise<void> {
  await deleteItems(db, publications.map((publication) => publicationKey(tenant, publication.consumer, publication.consumerVersion, publication.provider)));
}

export async function deleteIntegration(db: Db, tenant: string, consumer: string, provider: string): Promise<void> {
  await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: integrationKey(tenant, consumer, provider) }));
}

/** The verification results a provider version published (GSI2), without their test results. */
export async function listVerificationsOfProviderVersion(db: Db, tenant: string, provider: string, providerVersion: string): Promise<VerificationResult[]> {
  const items = await queryAll(db, {
    IndexName: GSI2,
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': verificationsOfProviderVersionGsi2Partition(tenant, provider, providerVersion) },
  });
  return items.map((item) => {
    const { testResults: _testResults, ...result } = stripKeys<VerificationResult & { testResults?: unknown }>(item);
    return result;
  });
}

/**
 * Deletes verification results and the latest-verification items of their provider versions: the latter first, since
 * the results (through their index) are how they are found. "Verified successfully" markers stay, as the reference
 * keeps pending status when a verification is deleted.
 */
export async function deleteVerifications(db: Db, tenant: string, results: readonly VerificationResult[]): Promise<void> {
  await deleteItems(db, results.map((result) => latestVerificationKey(tenant, result.consumer, result.provider, result.sha, result.providerVersion)));
  await deleteItems(db, results.map((result) => verificationKey(tenant, result.consumer, result.provider, result.sha, result.number)));
}
