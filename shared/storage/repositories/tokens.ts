/** API tokens, stored by the SHA-256 of the token under the tenant's partition (so even token keys start with the tenant). */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import type { ApiToken } from '#domain/auth.ts';
import { tokenKey, tokensPartition } from '../keys.ts';
import { isConditionFailure, queryAll, stripKeys } from './support.ts';

export async function putToken(db: Db, token: ApiToken, tokenHash: string): Promise<void> {
  await db.client.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...tokenKey(token.tenant, tokenHash), entity: 'token', ...token },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findTokenByHash(db: Db, tenant: string, tokenHash: string): Promise<ApiToken | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: tokenKey(tenant, tokenHash), ConsistentRead: true }));
  return result.Item ? stripKeys<ApiToken>(result.Item) : undefined;
}

export async function listTokens(db: Db, tenant: string): Promise<(ApiToken & { readonly sk: string })[]> {
  const items = await queryAll(db, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': tokensPartition(tenant) }, ConsistentRead: true });
  return items.map((item) => ({ ...stripKeys<ApiToken>(item), sk: String(item['SK']) }));
}

/** Marks a token revoked (once). Returns false when it was already revoked. */
export async function revokeToken(db: Db, tenant: string, sk: string, at: string): Promise<boolean> {
  try {
    await db.client.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { PK: tokensPartition(tenant), SK: sk },
        UpdateExpression: 'SET revokedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
