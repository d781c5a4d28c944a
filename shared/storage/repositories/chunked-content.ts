/**
 * Large documents (pacts, provider contracts) stored gzip-compressed and split into chunks well under DynamoDB's
 * 400 KB item limit. The partition is keyed by what the content *means* (a pact's verifiable content), so two writers
 * may store different bytes under one partition (the same interactions with other metadata). Each writer's chunks are
 * therefore keyed by a digest of its own bytes (`CHUNK#<digest>#<nnnn>`), and the header item, written last and only
 * if absent, names the digest of the chunks it belongs to: whoever wins the header, its chunks are complete and nobody
 * else's can be mixed in. A loser removes its own chunks. A read checks the digest of what it reassembled.
 *
 * Headers written before digests existed (`CHUNK#<nnnn>`, no `digest`) are still read.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../client.ts';
import { UnreadableContent } from '#domain/errors.ts';
import { isConditionFailure, queryPartition } from './support.ts';

/** Bytes of compressed content per chunk item (an item may hold 400 KB including its keys). */
export const CHUNK_BYTES = 350_000;

const digestOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex').slice(0, 32);
const chunkPrefix = (digest: string | undefined): string => (digest === undefined ? 'CHUNK#' : `CHUNK#${digest}#`);
const chunkSortKey = (digest: string, index: number): string => `${chunkPrefix(digest)}${String(index).padStart(4, '0')}`;

/** Stored content that cannot be read back as its header describes it; publishing the same content again repairs it. */
export class CorruptContent extends UnreadableContent {
  constructor(partition: string, reason: string) {
    super(`The stored content is damaged (${reason}); publish it again to repair it`);
    this.name = 'CorruptContent';
    this.partition = partition;
  }
  readonly partition: string;
}

/**
 * Writes the content under `partition` unless a complete copy is there. Safe to retry and to run concurrently with any
 * other writer: chunks are only ever added under this text's own digest.
 */
export async function putChunkedContent(db: Db, partition: string, header: Record<string, unknown>, text: string): Promise<void> {
  const existing = (await db.client.send(new GetCommand({ TableName: db.tableName, Key: { PK: partition, SK: 'CONTENT' }, ConsistentRead: true }))).Item;
  // A digest-keyed copy is complete and immutable. A copy from before digests is kept if it reads back; if it does not
  // (chunks of two writers interleaved), this publication repairs it.
  let repairing: Record<string, unknown> | undefined;
  if (existing !== undefined) {
    if (typeof existing['digest'] === 'string') return;
    const readable = await findChunkedContent(db, partition).then(
      () => true,
      (error: unknown) => (error instanceof CorruptContent ? false : Promise.reject(error)),
    );
    if (readable) return;
    repairing = existing;
  }
  const compressed = gzipSync(Buffer.from(text, 'utf8'));
  const digest = digestOf(compressed);
  const chunks = Math.max(1, Math.ceil(compressed.length / CHUNK_BYTES));
  for (let index = 0; index < chunks; index++) {
    await db.client.send(
      new PutCommand({ TableName: db.tableName, Item: { PK: partition, SK: chunkSortKey(digest, index), entity: 'chunk', data: compressed.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES) } }),
    );
  }
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { PK: partition, SK: 'CONTENT', ...(repairing ?? {}), ...header, chunks, digest, bytes: text.length },
        // A repair replaces only the damaged header it read; a first write only where there is none.
        ...(repairing === undefined
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : { ConditionExpression: 'attribute_not_exists(#digest) AND #chunks = :chunks', ExpressionAttributeNames: { '#digest': 'digest', '#chunks': 'chunks' }, ExpressionAttributeValues: { ':chunks': repairing['chunks'] } }),
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Another writer's copy won. Ours is unreferenced unless it has the same bytes (then it is the winner's too).
    const winner = await findContentHeader(db, partition);
    if (winner?.['digest'] !== digest) {
      for (let index = 0; index < chunks; index++) await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: { PK: partition, SK: chunkSortKey(digest, index) } }));
    }
  }
}

/** The header's attributes, if the content is completely stored. */
export async function findContentHeader(db: Db, partition: string): Promise<Record<string, unknown> | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { PK: partition, SK: 'CONTENT' }, ConsistentRead: true }));
  return result.Item;
}

/** The text, or undefined when it is not (completely) stored. Throws CorruptContent if the stored bytes disagree with the header. */
export async function findChunkedContent(db: Db, partition: string): Promise<string | undefined> {
  const header = await findContentHeader(db, partition);
  if (header === undefined) return undefined;
  const digest = typeof header['digest'] === 'string' ? header['digest'] : undefined;
  const count = Number(header['chunks']);
  const items = await queryPartition(db, partition, chunkPrefix(digest));
  // Without a digest (older headers) the prefix also matches digest-keyed chunks; those sort after the numbered ones.
  const parts = items.slice(0, count).map((item) => Buffer.from(item['data'] as Uint8Array));
  if (parts.length !== count) throw new CorruptContent(partition, `${parts.length} of ${count} chunks found`);
  const compressed = Buffer.concat(parts);
  if (digest !== undefined && digestOf(compressed) !== digest) throw new CorruptContent(partition, 'the chunks do not match the digest');
  try {
    return gunzipSync(compressed).toString('utf8');
  } catch (error) {
    throw new CorruptContent(partition, (error as Error).message);
  }
}
