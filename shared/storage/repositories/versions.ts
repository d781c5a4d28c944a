/** Versions of pacticipants, their tags and their branch memberships, and branches. */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { Branch, BranchVersion, PactPublication, Tag, Version, VersionDetails } from '#domain/model.ts';
import {
  branchGsi1Partition,
  branchKey,
  branchesOfPacticipant,
  branchVersionGsi1,
  branchVersionKey,
  tagGsi1,
  tagGsi1Partition,
  sequenceKey,
  tagKey,
  versionGsi1,
  versionKey,
  versionPartition,
  versionsGsi1Partition,
} from '../keys.ts';
import { GSI1 } from '../table-definition.ts';
import { batchGetItems, deleteItems, isConditionFailure, queryAll, queryFirst, queryGsi1Newest, queryPartition, stripKeys } from './support.ts';
import { nextSequence } from './tenants.ts';

export async function findVersion(db: Db, tenant: string, pacticipant: string, number: string): Promise<Version | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: versionKey(tenant, pacticipant, number), ConsistentRead: true }));
  return result.Item ? stripKeys<Version>(result.Item) : undefined;
}

/** The version with its tags and branch memberships (one query), and whether it heads each of its branches. */
export async function findVersionDetails(db: Db, tenant: string, pacticipant: string, number: string): Promise<VersionDetails | undefined> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': versionPartition(tenant, pacticipant, number) },
    ConsistentRead: true,
  });
  const versionItem = items.find((item) => item['SK'] === 'VERSION');
  if (versionItem === undefined) return undefined;
  const tags = items.filter((item) => item['entity'] === 'tag').map((item) => stripKeys<Tag>(item));
  const memberships = items.filter((item) => item['entity'] === 'branchVersion').map((item) => stripKeys<BranchVersion>(item));
  const branches = await Promise.all(
    memberships.map(async (membership) => {
      const head = await findBranchHead(db, tenant, pacticipant, membership.branch);
      return { ...membership, latest: head?.version === number };
    }),
  );
  const pacts = items.filter((item) => item['entity'] === 'pactPublication').map((item) => stripKeys<PactPublication>(item));
  return { version: stripKeys<Version>(versionItem), tags, branches, pacts };
}

/** Creates the version unless it exists (its order is fixed at creation); either way returns the stored one. */
export async function createVersionIfMissing(
  db: Db,
  tenant: string,
  pacticipant: string,
  number: string,
  fields: { buildUrl?: string },
  now: string,
): Promise<{ created: boolean; version: Version }> {
  const existing = await findVersion(db, tenant, pacticipant, number);
  if (existing !== undefined) return { created: false, version: existing };
  const order = await nextSequence(db, tenant);
  const version: Version = { pacticipant, number, order, ...(fields.buildUrl !== undefined ? { buildUrl: fields.buildUrl } : {}), createdAt: now };
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...versionKey(tenant, pacticipant, number), ...versionGsi1(tenant, pacticipant, order), entity: 'version', ...version },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return { created: true, version };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const winner = await findVersion(db, tenant, pacticipant, number); // A concurrent request created it first.
    if (winner === undefined) throw error;
    return { created: false, version: winner };
  }
}

export async function updateVersionBuildUrl(db: Db, tenant: string, pacticipant: string, number: string, buildUrl: string | null, now: string): Promise<Version> {
  const result = await db.client.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: versionKey(tenant, pacticipant, number),
      UpdateExpression: buildUrl === null ? 'SET updatedAt = :now REMOVE buildUrl' : 'SET updatedAt = :now, buildUrl = :buildUrl',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: buildUrl === null ? { ':now': now } : { ':now': now, ':buildUrl': buildUrl },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return stripKeys<Version>(result.Attributes ?? {});
}

export async function findLatestVersion(db: Db, tenant: string, pacticipant: string, tag?: string): Promise<Version | undefined> {
  const partition = tag === undefined ? versionsGsi1Partition(tenant, pacticipant) : tagGsi1Partition(tenant, pacticipant, tag);
  const item = await queryFirst(db, {
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': partition },
    ScanIndexForward: false,
  });
  if (item === undefined) return undefined;
  return tag === undefined ? stripKeys<Version>(item) : findVersion(db, tenant, pacticipant, String(item['version']));
}

/** Newest first; `limit` bounds the page. */
export async function listVersions(db: Db, tenant: string, pacticipant: string, limit: number): Promise<Version[]> {
  const page = await queryGsi1Newest(db, versionsGsi1Partition(tenant, pacticipant), limit);
  return page.map((item) => stripKeys<Version>(item));
}

// Tags

export async function findTag(db: Db, tenant: string, pacticipant: string, version: string, name: string): Promise<Tag | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: tagKey(tenant, pacticipant, version, name), ConsistentRead: true }));
  return result.Item ? stripKeys<Tag>(result.Item) : undefined;
}

export async function putTagIfMissing(db: Db, tenant: string, version: Version, name: string, now: string): Promise<{ created: boolean; tag: Tag }> {
  const tag: Tag = { pacticipant: version.pacticipant, version: version.number, name, versionOrder: version.order, createdAt: now };
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...tagKey(tenant, version.pacticipant, version.number, name), ...tagGsi1(tenant, version.pacticipant, name, version.order), entity: 'tag', ...tag },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return { created: true, tag };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await findTag(db, tenant, version.pacticipant, version.number, name);
    return { created: false, tag: existing ?? tag };
  }
}

/** Returns whether a tag was there to delete. */
export async function deleteTag(db: Db, tenant: string, pacticipant: string, version: string, name: string): Promise<boolean> {
  const result = await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: tagKey(tenant, pacticipant, version, name), ReturnValues: 'ALL_OLD' }));
  return result.Attributes !== undefined;
}

// Branches

export async function findBranch(db: Db, tenant: string, pacticipant: string, name: string): Promise<Branch | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: branchKey(tenant, pacticipant, name), ConsistentRead: true }));
  return result.Item ? stripKeys<Branch>(result.Item) : undefined;
}

export async function listBranches(db: Db, tenant: string, pacticipant: string): Promise<Branch[]> {
  const { PK, skPrefix } = branchesOfPacticipant(tenant, pacticipant);
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
  });
  return items.map((item) => stripKeys<Branch>(item));
}

export async function findBranchVersion(db: Db, tenant: string, pacticipant: string, branch: string, version: string): Promise<BranchVersion | undefined> {
  const result = await db.client.send(
    new GetCommand({ TableName: db.tableName, Key: branchVersionKey(tenant, pacticipant, branch, version), ConsistentRead: true }),
  );
  return result.Item ? stripKeys<BranchVersion>(result.Item) : undefined;
}

/** The head of a branch: the version most recently added to it. */
export async function findBranchHead(db: Db, tenant: string, pacticipant: string, branch: string): Promise<BranchVersion | undefined> {
  const item = await queryFirst(db, {
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': branchGsi1Partition(tenant, pacticipant, branch) },
    ScanIndexForward: false,
  });
  return item ? stripKeys<BranchVersion>(item) : undefined;
}

/**
 * Adds a version to a branch (creating the branch). Re-adding an existing membership changes nothing, so the
 * head does not move; a new membership takes a fresh sequence number and so becomes the head.
 */
export async function addBranchVersion(db: Db, tenant: string, version: Version, branch: string, now: string): Promise<{ created: boolean; branchVersion: BranchVersion }> {
  const existing = await findBranchVersion(db, tenant, version.pacticipant, branch, version.number);
  if (existing !== undefined) return { created: false, branchVersion: existing };
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...branchKey(tenant, version.pacticipant, branch), entity: 'branch', pacticipant: version.pacticipant, name: branch, createdAt: now },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error; // The branch exists already: fine.
  }
  const sequence = await nextSequence(db, tenant);
  const branchVersion: BranchVersion = { pacticipant: version.pacticipant, branch, version: version.number, sequence, createdAt: now };
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...branchVersionKey(tenant, version.pacticipant, branch, version.number),
          ...branchVersionGsi1(tenant, version.pacticipant, branch, sequence),
          entity: 'branchVersion',
          ...branchVersion,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return { created: true, branchVersion };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const winner = await findBranchVersion(db, tenant, version.pacticipant, branch, version.number);
    return { created: false, branchVersion: winner ?? branchVersion };
  }
}

export async function deleteBranchVersion(db: Db, tenant: string, pacticipant: string, branch: string, version: string): Promise<boolean> {
  const result = await db.client.send(
    new DeleteCommand({ TableName: db.tableName, Key: branchVersionKey(tenant, pacticipant, branch, version), ReturnValues: 'ALL_OLD' }),
  );
  return result.Attributes !== undefined;
}

/** Deletes a branch and its memberships (not the versions). Returns whether the branch existed. */
export async function deleteBranch(db: Db, tenant: string, pacticipant: string, branch: string): Promise<boolean> {
  const result = await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: branchKey(tenant, pacticipant, branch), ReturnValues: 'ALL_OLD' }));
  const memberships = await queryAll(db, {
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': branchGsi1Partition(tenant, pacticipant, branch) },
  });
  await batchDelete(db, memberships);
  return result.Attributes !== undefined || memberships.length > 0;
}

/** Deletes the given items (BatchWriteItem with unprocessed-item retries; see support.ts). */
export async function batchDelete(db: Db, items: readonly { readonly PK?: unknown; readonly SK?: unknown }[]): Promise<void> {
  await deleteItems(db, items);
}

/** One page of a pacticipant's version numbers, newest first; `next` continues it (undefined at the end). */
export async function pageVersionNumbers(db: Db, tenant: string, pacticipant: string, limit: number, start?: Record<string, unknown>): Promise<{ numbers: string[]; next?: Record<string, unknown> }> {
  const page = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': versionsGsi1Partition(tenant, pacticipant) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  const numbers = (page.Items ?? []).map((item) => String(item['number']));
  return page.LastEvaluatedKey === undefined ? { numbers } : { numbers, next: page.LastEvaluatedKey };
}

/**
 * Deletes what is left in a version's partition (tags, branch memberships, publications, provider contract), the
 * version item last: while it exists the version is still found (by number and in the versions index), so a deletion
 * cut off before it is finished by the retry.
 */
export async function deleteVersionPartition(db: Db, tenant: string, pacticipant: string, number: string): Promise<void> {
  const items = await queryPartition(db, versionPartition(tenant, pacticipant, number));
  await deleteItems(db, items.filter((item) => item['SK'] !== 'VERSION'));
  await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: versionKey(tenant, pacticipant, number) }));
}

/** Many versions by number in few requests (BatchGetItem, 100 keys each); missing ones are absent. */
export async function findVersions(db: Db, tenant: string, refs: readonly { pacticipant: string; number: string }[]): Promise<Version[]> {
  const items = await batchGetItems(db, refs.map((ref) => versionKey(tenant, ref.pacticipant, ref.number)));
  return items.map((item) => stripKeys<Version>(item));
}

/** Every version with a tag, or on a branch (selectors without `latest`), newest first. */
export async function listVersionsWith(db: Db, tenant: string, pacticipant: string, selector: { tag: string } | { branch: string }): Promise<Version[]> {
  const partition = 'tag' in selector ? tagGsi1Partition(tenant, pacticipant, selector.tag) : branchGsi1Partition(tenant, pacticipant, selector.branch);
  const items = await queryGsi1Newest(db, partition);
  const numbers = items.map((item) => String(item['version']));
  const versions = await findVersions(db, tenant, numbers.map((number) => ({ pacticipant, number })));
  return versions.sort((a, b) => b.order - a.order);
}

/** The tag's index is sorted by version order (GSI1SK): the versions older than one, newest first, without the newer. */
export async function listTaggedVersionsBefore(db: Db, tenant: string, pacticipant: string, tag: string, beforeOrder: number, limit: number): Promise<Version[]> {
  const items = await queryAll(
    db,
    { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :before', ExpressionAttributeValues: { ':pk': tagGsi1Partition(tenant, pacticipant, tag), ':before': sequenceKey(beforeOrder) }, ScanIndexForward: false },
    limit,
  );
  const found = await findVersions(db, tenant, items.map((item) => ({ pacticipant, number: String(item['version']) })));
  return found.sort((a, b) => b.order - a.order);
}
