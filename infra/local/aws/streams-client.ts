/**
 * A small DynamoDB Streams client (JSON protocol, target prefix `DynamoDBStreams_20120810`, SigV4-signed as service
 * `dynamodb`) for the local event source mapping: the project has no `@aws-sdk/client-dynamodb-streams`, and the
 * mapping needs four calls. Requests go to the local AWS endpoint, which authorizes them with the caller's role.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AttributeValue } from 'aws-lambda';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface Shard {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly SequenceNumberRange?: { readonly StartingSequenceNumber?: string; readonly EndingSequenceNumber?: string };
}

export interface StreamRecordOnTheWire {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventVersion?: string;
  readonly eventSource?: string;
  readonly awsRegion?: string;
  readonly dynamodb: {
    readonly ApproximateCreationDateTime?: number;
    readonly Keys?: Record<string, AttributeValue>;
    readonly NewImage?: Record<string, AttributeValue>;
    readonly OldImage?: Record<string, AttributeValue>;
    readonly SequenceNumber: string;
    readonly SizeBytes?: number;
    readonly StreamViewType?: string;
  };
  readonly userIdentity?: unknown;
}

export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

/** What the mapping needs of DynamoDB Streams (tests pass fakes). */
export interface StreamsApi {
  describeStream(streamArn: string, exclusiveStartShardId?: string): Promise<{ shards: Shard[]; lastEvaluatedShardId?: string; status?: string }>;
  getShardIterator(streamArn: string, shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string | undefined>;
  getRecords(shardIterator: string, limit: number): Promise<{ records: StreamRecordOnTheWire[]; nextShardIterator?: string }>;
  destroy(): void;
}

/** An error the service answered with; `name` is the exception (ExpiredIteratorException, AccessDeniedException, …). */
export class StreamsError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string): Buffer => createHmac('sha256', key).update(text).digest();

/** SigV4 headers for a POST of `body` to `url` (what the SDK sends; the local endpoint reads the access key from it). */
export function signedHeaders(url: URL, body: string, target: string, credentials: Credentials, region: string, now = new Date()): Record<string, string> {
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.0',
    host: url.host,
    'x-amz-date': amzDate,
    'x-amz-target': target,
    ...(credentials.sessionToken === undefined ? {} : { 'x-amz-security-token': credentials.sessionToken }),
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', url.pathname || '/', '', ...names.map((name) => `${name}:${headers[name]}`), '', names.join(';'), sha256(body)].join('\n');
  const scope = `${date}/${region}/dynamodb/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), 'dynamodb'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}

export function streamsClient(options: { endpoint: string; region: string; credentials: Credentials }): StreamsApi {
  const url = new URL(options.endpoint);
  const call = async <T>(operation: string, input: Record<string, unknown>): Promise<T> => {
    const body = JSON.stringify(input);
    const target = `DynamoDBStreams_20120810.${operation}`;
    const response = await fetch(url, { method: 'POST', headers: signedHeaders(url, body, target, options.credentials, options.region), body });
    const text = await response.text();
    const parsed = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    if (!response.ok) {
      const type = String(parsed['__type'] ?? 'UnknownError');
      throw new StreamsError(type.slice(type.lastIndexOf('#') + 1), String(parsed['message'] ?? parsed['Message'] ?? text), response.status);
    }
    return parsed as T;
  };
  return {
    describeStream: async (streamArn, exclusiveStartShardId) => {
      const result = await call<{ StreamDescription?: { Shards?: Shard[]; LastEvaluatedShardId?: string; StreamStatus?: string } }>('DescribeStream', { StreamArn: streamArn, ...(exclusiveStartShardId === undefined ? {} : { ExclusiveStartShardId: exclusiveStartShardId }) });
      const description = result.StreamDescription ?? {};
      return { shards: description.Shards ?? [], ...(description.LastEvaluatedShardId ? { lastEvaluatedShardId: description.LastEvaluatedShardId } : {}), ...(description.StreamStatus ? { status: description.StreamStatus } : {}) };
    },
    getShardIterator: async (streamArn, shardId, type, sequenceNumber) =>
      (await call<{ ShardIterator?: string }>('GetShardIterator', { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }) })).ShardIterator,
    getRecords: async (shardIterator, limit) => {
      const result = await call<{ Records?: StreamRecordOnTheWire[]; NextShardIterator?: string | null }>('GetRecords', { ShardIterator: shardIterator, Limit: limit });
      return { records: result.Records ?? [], ...(result.NextShardIterator ? { nextShardIterator: result.NextShardIterator } : {}) };
    },
    destroy: () => undefined,
  };
}
