/**
 * Lambda's DynamoDB stream event source mapping, locally, as the template configures it: it reads every shard of the
 * table's stream with the function's execution role (DescribeStream, GetShardIterator, GetRecords through the local
 * AWS endpoint, so IAM applies), in order per shard and a child shard only after its parent is read to the end; drops
 * the records the FilterCriteria do not match; invokes the function with batches of up to `BatchSize` records as a
 * `DynamoDBStreamEvent`; and on a failure:
 * - a function error retries the batch, split in two first when `BisectBatchOnFunctionError` is on;
 * - with `ReportBatchItemFailures`, a response naming failed records checkpoints the records before the lowest
 *   sequence number named and retries from it (an empty, null or unknown identifier fails the whole batch);
 * - after `MaximumRetryAttempts` retries (-1: until the records expire, as in Lambda) or past `MaximumRecordAgeInSeconds`,
 *   the batch's range is sent to the OnFailure destination (an SQS queue, with the function's role, as Lambda does)
 *   as Lambda's invocation record, and reading goes on after it.
 * Halves of a split batch carry the retries of the batch they came from. An expired shard iterator is renewed from
 * the last checkpoint; new shards are found by describing the stream again every few seconds.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { compileFilterCriteria } from './event-filter.ts';
import type { LocalQueueName, StreamEventSourceSpec } from './deployment.ts';
import type { IssuedCredentials } from './iam.ts';
import type { InvokeResult } from './lambda-runtime.ts';
import { StreamsError, streamsClient, type Shard, type ShardIteratorType, type StreamRecordOnTheWire, type StreamsApi } from './streams-client.ts';

/** DynamoDB Streams returns at most 1,000 records per GetRecords. */
const RECORDS_PER_READ = 1000;
/** Lambda polls each shard about four times a second. */
const IDLE_POLL_MS = 250;
/** How often the stream is described again for new shards. */
const SHARD_DISCOVERY_MS = 5000;
/** Shard iterators expire 15 minutes after they are handed out; renewed a little before. */
const ITERATOR_LIFETIME_MS = 14 * 60 * 1000;

export interface StreamEventSourceMapping {
  /** Resolves once every shard known at start-up has an iterator (records written after it are seen). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/** What Lambda sends to the on-failure destination for a stream batch (its "invocation record"). */
export interface StreamFailureRecord {
  readonly requestContext: { readonly requestId: string; readonly functionArn: string; readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'; readonly approximateInvokeCount: number };
  readonly responseContext: { readonly statusCode: number; readonly executedVersion: string; readonly functionError?: string };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

export interface StreamEventSourceOptions {
  readonly endpoint: string;
  readonly region: string;
  /** The function's execution role, which Lambda polls the stream and sends to the destination with. */
  readonly credentials: IssuedCredentials;
  /** The stream as the template names it (`<table ARN>/stream/<label>`). */
  readonly streamArn: string;
  readonly source: StreamEventSourceSpec;
  readonly functionArn: string;
  /** The OnFailure destination's queue, when the mapping has one. */
  readonly onFailureQueue?: LocalQueueName;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<InvokeResult>;
  /** Tests only: the Streams API (default: the local endpoint's), and the pause between retries (default 200 ms). */
  readonly api?: StreamsApi;
  readonly retryDelayMs?: number;
  /** Tests only: how often the stream is described for new shards (default 5 s). */
  readonly shardDiscoveryMs?: number;
}

const log = (level: string, message: string, detail: Record<string, unknown>): void => console.error(JSON.stringify({ level, message, ...detail }));

/** The Lambda record for a stream record read from DynamoDB Streams. */
export function lambdaRecord(record: StreamRecordOnTheWire, streamArn: string, region: string): DynamoDBRecord {
  const { dynamodb } = record;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(dynamodb.ApproximateCreationDateTime === undefined ? {} : { ApproximateCreationDateTime: dynamodb.ApproximateCreationDateTime }),
      ...(dynamodb.Keys === undefined ? {} : { Keys: dynamodb.Keys }),
      ...(dynamodb.NewImage === undefined ? {} : { NewImage: dynamodb.NewImage }),
      ...(dynamodb.OldImage === undefined ? {} : { OldImage: dynamodb.OldImage }),
      SequenceNumber: dynamodb.SequenceNumber,
      ...(dynamodb.SizeBytes === undefined ? {} : { SizeBytes: dynamodb.SizeBytes }),
      ...(dynamodb.StreamViewType === undefined ? {} : { StreamViewType: dynamodb.StreamViewType as NonNullable<DynamoDBRecord['dynamodb']>['StreamViewType'] }),
    },
    eventSourceARN: streamArn,
  };
}

const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber as string;
const arrivalOf = (record: DynamoDBRecord): string => new Date((record.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

type Outcome = { kind: 'success' } | { kind: 'partial'; from: number } | { kind: 'error'; functionError: string };

/** What the function's answer means for the batch (Lambda's rules for a partial batch response). */
export function outcomeOf(result: InvokeResult, batch: readonly DynamoDBRecord[], reportBatchItemFailures: boolean): Outcome {
  if (!result.ok) return { kind: 'error', functionError: 'Unhandled' };
  if (!reportBatchItemFailures) return { kind: 'success' };
  const failures = (result.payload as DynamoDBBatchResponse | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null || (Array.isArray(failures) && failures.length === 0)) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'partial', from: 0 };
  let from: number | undefined;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof identifier === 'string' && identifier !== '' ? batch.findIndex((record) => sequenceOf(record) === identifier) : -1;
    if (index < 0) return { kind: 'partial', from: 0 }; // an identifier Lambda cannot place fails the whole batch
    from = from === undefined ? index : Math.min(from, index);
  }
  return { kind: 'partial', from: from ?? 0 };
}

export function startStreamEventSourceMapping(options: StreamEventSourceOptions): StreamEventSourceMapping {
  const { source, streamArn } = options;
  const passes = compileFilterCriteria(source.filterPatterns); // throws on a pattern Lambda would reject
  const api = options.api ?? streamsClient({ endpoint: options.endpoint, region: options.region, credentials: options.credentials });
  const sqs = options.onFailureQueue === undefined ? undefined : new SQSClient({ endpoint: options.endpoint, region: options.region, useQueueUrlAsEndpoint: false, credentials: options.credentials });
  const retryDelayMs = options.retryDelayMs ?? 200;
  let running = true;
  const wakers = new Set<() => void>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (!running) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });

  const sendToDestination = async (shardId: string, batch: readonly DynamoDBRecord[], condition: StreamFailureRecord['requestContext']['condition'], invokeCount: number, functionError?: string): Promise<void> => {
    const first = batch[0] as DynamoDBRecord;
    const last = batch.at(-1) as DynamoDBRecord;
    const record: StreamFailureRecord = {
      requestContext: { requestId: randomUUID(), functionArn: options.functionArn, condition, approximateInvokeCount: invokeCount },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(functionError === undefined ? {} : { functionError }) },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: { shardId, startSequenceNumber: sequenceOf(first), endSequenceNumber: sequenceOf(last), approximateArrivalOfFirstRecord: arrivalOf(first), approximateArrivalOfLastRecord: arrivalOf(last), batchSize: batch.length, streamArn },
    };
    log('WARN', 'stream event source mapping: records discarded after their retries', { function: source.functionId, shardId, condition, start: record.DDBStreamBatchInfo.startSequenceNumber, end: record.DDBStreamBatchInfo.endSequenceNumber });
    if (sqs === undefined || options.onFailureQueue === undefined) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await sqs.send(new SendMessageCommand({ QueueUrl: options.onFailureQueue.url, MessageBody: JSON.stringify(record) }));
        return;
      } catch (error) {
        log('ERROR', 'stream event source mapping: the on-failure destination refused the record', { function: source.functionId, queue: options.onFailureQueue.name, attempt, error: String(error) });
        if (attempt >= 3 || !running) return;
        await sleep(retryDelayMs);
      }
    }
  };

  /** Delivers one batch to the end: success, or its remaining records sent to the destination. */
  const deliver = async (shardId: string, batch: DynamoDBRecord[]): Promise<void> => {
    const pending: { records: DynamoDBRecord[]; retries: number; invokes: number }[] = [{ records: batch, retries: 0, invokes: 0 }];
    while (pending.length > 0 && running) {
      const segment = pending.shift() as (typeof pending)[number];
      const ageLimit = source.maximumRecordAgeSeconds;
      if (ageLimit !== undefined && ageLimit >= 0) {
        const oldest = segment.records[0]?.dynamodb?.ApproximateCreationDateTime;
        if (oldest !== undefined && Date.now() / 1000 - oldest > ageLimit) {
          await sendToDestination(shardId, segment.records, 'RecordAgeExceeded', segment.invokes);
          continue;
        }
      }
      const result = await options.invoke({ Records: segment.records });
      const invokes = segment.invokes + 1;
      const outcome = outcomeOf(result, segment.records, source.reportBatchItemFailures);
      if (outcome.kind === 'success') continue;
      // Records before the first reported failure are done; the rest is retried (Lambda bisects at that record).
      const remaining = outcome.kind === 'partial' ? segment.records.slice(outcome.from) : segment.records;
      const retries = segment.retries + 1;
      const functionError = outcome.kind === 'error' ? outcome.functionError : undefined;
      if (source.maximumRetryAttempts >= 0 && retries > source.maximumRetryAttempts) {
        await sendToDestination(shardId, remaining, 'RetryAttemptsExhausted', invokes, functionError);
        continue;
      }
      await sleep(retryDelayMs);
      if (outcome.kind === 'error' && source.bisectBatchOnFunctionError && remaining.length > 1) {
        const middle = Math.ceil(remaining.length / 2);
        pending.unshift({ records: remaining.slice(0, middle), retries, invokes }, { records: remaining.slice(middle), retries, invokes });
      } else {
        pending.unshift({ records: remaining, retries, invokes });
      }
    }
  };

  const finished = new Set<string>();
  const reading = new Map<string, Promise<void>>();

  /** Reads one shard to its end (a closed shard) or until stopped. */
  const readShard = async (shard: Shard, initial: ShardIteratorType, started: () => void): Promise<void> => {
    let checkpoint: string | undefined;
    let iterator: string | undefined;
    let issuedAt = 0;
    const renew = async (): Promise<void> => {
      iterator = checkpoint === undefined ? await api.getShardIterator(streamArn, shard.ShardId, initial) : await api.getShardIterator(streamArn, shard.ShardId, 'AFTER_SEQUENCE_NUMBER', checkpoint);
      issuedAt = Date.now();
    };
    let announced = false;
    while (running) {
      try {
        if (iterator === undefined || Date.now() - issuedAt > ITERATOR_LIFETIME_MS) await renew();
        if (!announced) {
          announced = true;
          started();
        }
        if (iterator === undefined) break;
        const { records, nextShardIterator } = await api.getRecords(iterator, RECORDS_PER_READ);
        const delivered = records.map((record) => lambdaRecord(record, streamArn, options.region));
        const matching = delivered.filter((record) => passes(record));
        for (let start = 0; start < matching.length && running; start += source.batchSize) await deliver(shard.ShardId, matching.slice(start, start + source.batchSize));
        if (!running) break;
        const last = delivered.at(-1);
        if (last !== undefined) checkpoint = sequenceOf(last);
        iterator = nextShardIterator;
        if (iterator === undefined) {
          finished.add(shard.ShardId); // a closed shard, read to its end: its children may start now
          void startShards(false).catch((error: unknown) => log('ERROR', 'stream event source mapping: the stream could not be described', { function: source.functionId, stream: streamArn, error: String(error) }));
          break;
        }
        if (records.length === 0) await sleep(IDLE_POLL_MS);
      } catch (error) {
        if (!running) break;
        const name = error instanceof StreamsError ? error.name : '';
        if (name === 'ExpiredIteratorException') {
          iterator = undefined; // renewed from the checkpoint
          continue;
        }
        if (name === 'TrimmedDataAccessException') {
          log('WARN', 'stream event source mapping: records were trimmed before they were read', { function: source.functionId, shardId: shard.ShardId });
          checkpoint = undefined;
          initial = 'TRIM_HORIZON';
          iterator = undefined;
          continue;
        }
        if (name === 'ResourceNotFoundException') {
          finished.add(shard.ShardId); // the shard (or the stream) is gone
          if (!announced) started();
          break;
        }
        log('ERROR', 'stream event source mapping: poll failed', { function: source.functionId, shardId: shard.ShardId, error: String(error) });
        if (!announced) {
          announced = true;
          started();
        }
        iterator = undefined; // renewed from the checkpoint once the stream answers again
        await sleep(500);
      }
    }
  };

  const describeShards = async (): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await api.describeStream(streamArn, start);
      shards.push(...page.shards);
      start = page.lastEvaluatedShardId;
    } while (start !== undefined);
    return shards;
  };

  /** Starts every shard that is ready: its parent finished or unknown (trimmed). Shards known at start-up begin at the starting position, later ones at their start. */
  const startShards = async (firstRound: boolean): Promise<void> => {
    const shards = await describeShards();
    const known = new Set(shards.map((shard) => shard.ShardId));
    const starts: Promise<void>[] = [];
    for (const shard of shards) {
      if (reading.has(shard.ShardId)) continue;
      const parent = shard.ParentShardId;
      if (parent !== undefined && known.has(parent) && !finished.has(parent)) continue;
      const initial: ShardIteratorType = firstRound ? source.startingPosition : 'TRIM_HORIZON';
      let started!: () => void;
      starts.push(new Promise<void>((resolve) => (started = resolve)));
      reading.set(shard.ShardId, readShard(shard, initial, started));
    }
    await Promise.all(starts);
  };

  let discovery: Promise<void> = Promise.resolve();
  const ready = (async () => {
    try {
      await startShards(true);
    } catch (error) {
      log('ERROR', 'stream event source mapping: the stream could not be described', { function: source.functionId, stream: streamArn, error: String(error) });
    }
    discovery = (async () => {
      while (running) {
        await sleep(options.shardDiscoveryMs ?? SHARD_DISCOVERY_MS);
        if (!running) break;
        try {
          await startShards(false);
        } catch (error) {
          if (running) log('ERROR', 'stream event source mapping: the stream could not be described', { function: source.functionId, stream: streamArn, error: String(error) });
        }
      }
    })();
  })();

  return {
    ready,
    stop: async () => {
      running = false;
      for (const wake of [...wakers]) wake();
      await ready;
      await discovery;
      await Promise.all(reading.values());
      api.destroy();
      sqs?.destroy();
    },
  };
}
