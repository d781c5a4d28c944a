/** Pacticipants: the applications that take part in contracts. */
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import { WriteConflict } from '#domain/errors.ts';
import type { Pacticipant } from '#domain/model.ts';
import type { PacticipantChanges } from '#services/ports.ts';
import { labelGsi1Partition, labelKey, pacticipantKey, pacticipantListGsi1, pacticipantsGsi1Partition } from '../keys.ts';
import { GSI1 } from '../table-definition.ts';
import { conditionally, deleteItems, isConditionFailure, isItemConditionFailure, queryAll, queryPartition, stripKeys, type Item } from './support.ts';

/** The pacticipant item as the domain sees it: the label set (a DynamoDB string set) as a sorted list. */
function fromItem(item: Item): Pacticipant {
  const { labels, ...rest } = stripKeys<Omit<Pacticipant, 'labels'> & { labels?: Set<string> }>(item);
  return labels === undefined || labels.size === 0 ? rest : { ...rest, labels: [...labels].sort() };
}

export async function findPacticipant(db: Db, tenant: string, name: string): Promise<Pacticipant | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: pacticipantKey(tenant, name) }));
  return result.Item ? fromItem(result.Item) : undefined;
}

export async function listPacticipants(db: Db, tenant: string): Promise<Pacticipant[]> {
  const items = await queryAll(db, {
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': pacticipantsGsi1Partition(tenant) },
  });
  return items.map(fromItem);
}

/** Creates the pacticipant unless one with that name exists; either way returns the stored one. */
export async function createPacticipantIfMissing(db: Db, tenant: string, pacticipant: Pacticipant): Promise<{ created: boolean; pacticipant: Pacticipant }> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.client.send(
        new PutCommand({
          TableName: db.tableName,
          Item: { ...pacticipantKey(tenant, pacticipant.name), ...pacticipantListGsi1(tenant, pacticipant.name), entity: 'pacticipant', ...withoutLabels(pacticipant) },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return { created: true, pacticipant };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await findPacticipant(db, tenant, pacticipant.name);
      if (existing !== undefined) return { created: false, pacticipant: existing };
      if (attempt > 0) throw error; // It was there, then deleted meanwhile (DELETE /pacticipants/{name}): try once more.
    }
  }
}

/**
 * Deletes the pacticipant's own partition: its branches, then the pacticipant item last, so a deletion cut off
 * before the end still finds the pacticipant and is finished by the retry.
 */
export async function deletePacticipantPartition(db: Db, tenant: string, name: string): Promise<void> {
  const key = pacticipantKey(tenant, name);
  const items = await queryPartition(db, key.PK);
  await deleteItems(db, items.filter((item) => item['SK'] !== key.SK));
  await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: key }));
}

/**
 * Sets the given fields (null removes one) on an existing pacticipant, atomically. Returns undefined when it
 * does not exist. `onlyIfUnset` makes each field apply only where it is not set yet (main branch detection).
 */
export async function updatePacticipant(
  db: Db,
  tenant: string,
  name: string,
  changes: PacticipantChanges,
  now: string,
  options: { onlyIfUnset?: boolean } = {},
): Promise<Pacticipant | undefined> {
  const sets: string[] = ['#updatedAt = :updatedAt'];
  const removes: string[] = [];
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':updatedAt': now };
  const conditions = ['attribute_exists(PK)'];
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) removes.push(`#${field}`);
    else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
    if (options.onlyIfUnset) conditions.push(`attribute_not_exists(#${field})`);
  }
  try {
    const result = await db.client.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: pacticipantKey(tenant, name),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result.Attributes ? fromItem(result.Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

const withoutLabels = (pacticipant: Pacticipant): Omit<Pacticipant, 'labels'> => {
  const { labels: _labels, ...rest } = pacticipant;
  return rest;
};

/**
 * Adds a label: the pacticipant's label set and the label's index entry in one transaction, the pacticipant required
 * to exist. False when it had the label already (nothing written). WriteConflict when the pacticipant does not exist.
 */
export async function addLabel(db: Db, tenant: string, pacticipant: string, label: string, now: string): Promise<boolean> {
  try {
    await db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tableName,
              Key: pacticipantKey(tenant, pacticipant),
              UpdateExpression: 'ADD labels :label',
              ConditionExpression: 'attribute_exists(PK) AND NOT contains(labels, :name)',
              ExpressionAttributeValues: { ':label': new Set([label]), ':name': label },
            },
          },
          { Put: { TableName: db.tableName, Item: { ...labelKey(tenant, pacticipant, label), GSI1PK: labelGsi1Partition(tenant, label), GSI1SK: pacticipant, entity: 'label', name: label, pacticipant, createdAt: now } } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isItemConditionFailure(error, 0)) {
      const existing = await findPacticipant(db, tenant, pacticipant);
      if (existing === undefined) throw new WriteConflict();
      if (existing.labels?.includes(label)) return false;
    }
    throw error;
  }
}

/** Removes a label (set and index entry together). WriteConflict when the pacticipant does not have it. */
export async function removeLabel(db: Db, tenant: string, pacticipant: string, label: string): Promise<void> {
  await conditionally(() =>
    db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tableName,
              Key: pacticipantKey(tenant, pacticipant),
              UpdateExpression: 'DELETE labels :label',
              ConditionExpression: 'contains(labels, :name)',
              ExpressionAttributeValues: { ':label': new Set([label]), ':name': label },
            },
          },
          { Delete: { TableName: db.tableName, Key: labelKey(tenant, pacticipant, label) } },
        ],
      }),
    ),
  );
}

/** The names of the pacticipants with a label, by name. */
export async function listPacticipantsWithLabel(db: Db, tenant: string, label: string): Promise<string[]> {
  const items = await queryAll(db, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': labelGsi1Partition(tenant, label) } });
  return items.map((item) => String(item['pacticipant']));
}
