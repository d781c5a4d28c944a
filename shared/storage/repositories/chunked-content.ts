/**
 * Large documents (pacts, provider contracts) stored gzip-compressed and split into chunks well under DynamoDB's
 * 400 KB item limit. The header item is written last and conditionally: its presence means every chunk is there.
 * Chunks of one content are identical whoever writes them, so concurrent writers cannot corrupt each other.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import { isConditionFailure, queryPartition } from './support.ts';

/** Bytes of compressed content per chunk item (an item may hold 400 KB including its keys). */
export const CHUNK_BYTES = 350_000;

const chunkSortKey = (index: number): string => `CHUNK#${String(index).padStart(4, '0')}`;

/** Writes the content under `partition` unless its header exists. `header` holds the header's other attributes. */
export async function putChunkedContent(db: Db, partition: string, header: Record<string, unknown>, text: string): Promise<void> {
  const existing = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { PK: partition, SK: 'CONTENT' }, ConsistentRead: true }));
  if (existing.Item !== undefined) return;
  const compressed = gzipSync(Buffer.from(text, 'utf8'));
  const chunks = Math.max(1, Math.ceil(compressed.length / CHUNK_BYTES));
  for (let index = 0; index < chunks; index++) {
    await db.client.send(
      new PutCommand({ TableName: db.tableName, Item: { PK: partition, SK: chunkSortKey(index), entity: 'chunk', data: compressed.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES) } }),
    );
  }
  try {
    await db.client.send(
      new PutCommand({ TableName: db.tableName, Item: { PK: partition, SK: 'CONTENT', ...header, chunks, bytes: text.length }, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The header's attributes, if the content is completely stored. */
export async function getContentHeader(db: Db, partition: string): Promise<Record<string, unknown> | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { PK: partition, SK: 'CONTENT' }, ConsistentRead: true }));
  return result.Item;
}

/** The text, or undefined when it is not (completely) stored. */
export async function getChunkedContent(db: Db, partition: string): Promise<string | undefined> {
  const header = await getContentHeader(db, partition);
  if (header === undefined) return undefined;
  const items = await queryPartition(db, partition, 'CHUNK#');
  const parts = items.slice(0, Number(header['chunks'])).map((item) => Buffer.from(item['data'] as Uint8Array));
  return gunzipSync(Buffer.concat(parts)).toString('utf8');
}
