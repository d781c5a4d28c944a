/**
 * The local DynamoDB stream event source mapping on a stand-in Streams API: shard iterators that expire are renewed
 * from the checkpoint, a child shard is read after its parent, records arrive in order, and Lambda's partial batch
 * responses are read as Lambda reads them.
 */
import { describe, expect, it } from 'vitest';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { outcomeOf, startStreamEventSourceMapping } from '../../../infra/local/aws/stream-source.ts';
import type { StreamEventSourceSpec } from '../../../infra/local/aws/deployment.ts';
import { StreamsError, type Shard, type StreamRecordOnTheWire, type StreamsApi } from '../../../infra/local/aws/streams-client.ts';

const STREAM = 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000';
const source: StreamEventSourceSpec = { kind: 'stream', logicalId: 'Mapping', functionId: 'Fn', batchSize: 2, startingPosition: 'TRIM_HORIZON', bisectBatchOnFunctionError: true, maximumRetryAttempts: 1, reportBatchItemFailures: true, filterPatterns: [] };
const wire = (sequence: number, sk = 'EVENT'): StreamRecordOnTheWire => ({ eventID: `e${sequence}`, eventName: 'INSERT', dynamodb: { Keys: { PK: { S: 'p' }, SK: { S: sk } }, NewImage: { n: { N: String(sequence) } }, SequenceNumber: String(sequence).padStart(21, '0'), StreamViewType: 'NEW_IMAGE' } });

/** Shards as lists of records; an iterator is `<shard>@<index>`; a shard is closed once `closed` names it. */
function fakeStreams(shards: { shard: Shard; records: StreamRecordOnTheWire[] }[], closed: Set<string>) {
  const calls: string[] = [];
  let expireNext = false;
  const api: StreamsApi & { expireNextRead(): void } = {
    expireNextRead: () => (expireNext = true),
    describeStream: async () => ({ shards: shards.map((entry) => entry.shard) }),
    getShardIterator: async (_arn, shardId, type, sequence) => {
      calls.push(`iterator ${shardId} ${type}${sequence === undefined ? '' : ` ${Number(sequence)}`}`);
      const records = shards.find((entry) => entry.shard.ShardId === shardId)?.records ?? [];
      const index = type === 'TRIM_HORIZON' ? 0 : type === 'LATEST' ? records.length : records.findIndex((record) => record.dynamodb.SequenceNumber === sequence) + (type === 'AFTER_SEQUENCE_NUMBER' ? 1 : 0);
      return `${shardId}@${index}`;
    },
    getRecords: async (iterator) => {
      if (expireNext) {
        expireNext = false;
        throw new StreamsError('ExpiredIteratorException', 'Iterator expired', 400);
      }
      const [shardId, at] = iterator.split('@') as [string, string];
      const records = shards.find((entry) => entry.shard.ShardId === shardId)?.records ?? [];
      const slice = records.slice(Number(at), Number(at) + 3); // small reads, so a renewal lands mid-shard
      const next = Number(at) + slice.length;
      return { records: slice, ...(closed.has(shardId) && next >= records.length ? {} : { nextShardIterator: `${shardId}@${next}` }) };
    },
    destroy: () => undefined,
  };
  return { api, calls };
}

const until = async (probe: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
const numbersOf = (event: DynamoDBStreamEvent): number[] => event.Records.map((record) => Number(record.dynamodb?.SequenceNumber));

describe('the stream event source mapping', () => {
  it('renews an expired iterator after the last checkpoint, reads a child shard after its parent, and delivers in order', async () => {
    const parent = { shard: { ShardId: 'shard-1' }, records: [1, 2, 3, 4, 5].map((n) => wire(n)) };
    const child = { shard: { ShardId: 'shard-2', ParentShardId: 'shard-1' }, records: [6, 7].map((n) => wire(n)) };
    const closed = new Set<string>();
    const { api, calls } = fakeStreams([parent, child], closed);
    const delivered: number[][] = [];
    const mapping = startStreamEventSourceMapping({
      endpoint: 'http://unused',
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't', expiration: new Date() },
      streamArn: STREAM,
      source: { ...source, filterPatterns: ['{"dynamodb":{"Keys":{"SK":{"S":["EVENT"]}}}}'] },
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:Fn',
      api,
      retryDelayMs: 1,
      shardDiscoveryMs: 20,
      invoke: async (event) => {
        delivered.push(numbersOf(event));
        expect(event.Records.every((record: DynamoDBRecord) => record.eventSourceARN === STREAM && record.awsRegion === 'us-east-1' && record.eventSource === 'aws:dynamodb')).toBe(true);
        return { ok: true, payload: null };
      },
    });
    try {
      await mapping.ready;
      await until(() => delivered.flat().includes(3));
      api.expireNextRead();
      await until(() => delivered.flat().includes(5));
      expect(calls).toContain('iterator shard-1 AFTER_SEQUENCE_NUMBER 3');
      // The child waits for its parent to be closed and read to the end.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls.some((call) => call.startsWith('iterator shard-2'))).toBe(false);
      closed.add('shard-1');
      parent.records.push(wire(8, 'VERSION')); // filtered out, but read before the shard ends
      await until(() => delivered.flat().includes(7));
      expect(calls).toContain('iterator shard-2 TRIM_HORIZON');
      expect(delivered.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(delivered.every((batch) => batch.length <= source.batchSize)).toBe(true);
    } finally {
      await mapping.stop();
    }
  });
});

describe("a stream batch's outcome, as Lambda reads the response", () => {
  const batch = [1, 2, 3].map((n) => ({ dynamodb: { SequenceNumber: String(n) } }) as DynamoDBRecord);
  it.each([
    ['an invocation error', { ok: false, errorType: 'Error', errorMessage: 'x' }, true, { kind: 'error', functionError: 'Unhandled' }],
    ['no failures', { ok: true, payload: { batchItemFailures: [] } }, true, { kind: 'success' }],
    ['a null response', { ok: true, payload: null }, true, { kind: 'success' }],
    ['failures, from the lowest sequence number', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] } }, true, { kind: 'partial', from: 1 }],
    ['an empty identifier fails the batch', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: '' }] } }, true, { kind: 'partial', from: 0 }],
    ['an unknown identifier fails the batch', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: '9' }] } }, true, { kind: 'partial', from: 0 }],
    ['a null identifier fails the batch', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: null }] } }, true, { kind: 'partial', from: 0 }],
    ['failures without ReportBatchItemFailures are ignored', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: '2' }] } }, false, { kind: 'success' }],
  ] as const)('%s', (_name, result, report, expected) => {
    expect(outcomeOf(result, batch, report)).toEqual(expected);
  });
});
