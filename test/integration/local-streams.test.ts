/**
 * The table's stream under the local AWS rules: the table is created with the template's stream, the endpoint serves
 * DynamoDB Streams with IAM (the stream ARN as the template names it), the router's event source mapping delivers
 * only the INSERTs of event items, in Lambda's record shape, and a mapping's failures are retried (bisected, or from
 * the first reported failure) and then sent to its on-failure queue as Lambda's invocation record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { PutCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { roleNamed } from '../../infra/local/aws/deployment.ts';
import { startStreamEventSourceMapping, type StreamFailureRecord } from '../../infra/local/aws/stream-source.ts';
import { StreamsError, streamsClient } from '../../infra/local/aws/streams-client.ts';
import type { InvokeResult } from '../../infra/local/aws/lambda-runtime.ts';
import { createDocumentClient } from '../../shared/storage/client.ts';
import { startTestBroker, type TestBroker } from '../support/broker.ts';

let broker: TestBroker;
const routed: DynamoDBRecord[] = [];
const region = 'us-east-1';

beforeAll(async () => {
  broker = await startTestBroker({
    webhookSettings: { PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1', PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http https', PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1 2' },
    onInvoke: (functionId, event) => {
      if (functionId === broker.aws.deployment.streamEventSources[0]?.functionId) routed.push(...(event as DynamoDBStreamEvent).Records);
    },
  });
});
afterAll(async () => {
  await broker?.close();
});

const router = () => {
  const source = broker.aws.deployment.streamEventSources[0];
  if (source === undefined) throw new Error('The template has no stream event source mapping');
  return source;
};
const roleArn = (prefix: string): string => roleNamed(broker.aws.deployment, prefix);
const executionRole = (prefix: string) => broker.aws.credentialsFor(roleArn(prefix), `test-${prefix}`);
const streamArn = (): string => broker.aws.deployment.tableStreamArn as string;
const put = (item: Record<string, unknown>) => broker.operatorDb.client.send(new PutCommand({ TableName: broker.operatorDb.tableName, Item: item }));
const operatorSqs = () => new SQSClient({ endpoint: broker.aws.endpoint.url, region, useQueueUrlAsEndpoint: false, credentials: broker.aws.operatorCredentials });

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the table stream in the template', () => {
  it('is the table ARN with the stream label of the local table, and the router reads it from the start, filtered to new event items', () => {
    expect(streamArn()).toMatch(new RegExp(`^${broker.aws.deployment.tableArn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/stream/\\d{4}-\\d\\d-\\d\\dT`));
    expect(broker.aws.localStreamArn).toBe(streamArn().replace(`arn:aws:dynamodb:${region}:`, 'arn:aws:dynamodb:ddblocal:'));
    expect(broker.aws.deployment.table.streamViewType).toBe('NEW_IMAGE');
    expect(router()).toMatchObject({
      kind: 'stream',
      batchSize: 10,
      startingPosition: 'TRIM_HORIZON',
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 10,
      reportBatchItemFailures: true,
      filterPatterns: ['{"eventName":["INSERT"],"dynamodb":{"Keys":{"SK":{"S":["EVENT"]}}}}'],
      onFailureQueueLogicalId: expect.stringContaining('RouterFailures'),
    });
    expect(broker.aws.deployment.functions.get(router().functionId)?.entry).toBe('functions/stream/route-webhook-events.ts');
  });
});

describe("the router's event source mapping", () => {
  it('delivers an inserted event item as Lambda does, and neither other items nor a change to the event item', async () => {
    await put({ PK: 'T#streams#P#Foo', SK: 'VERSION#1', note: 'not an event' });
    await put({ PK: 'T#streams#E#1', SK: 'EVENT', type: 'contract_published', n: 1 });
    await broker.operatorDb.client.send(new UpdateCommand({ TableName: broker.operatorDb.tableName, Key: { PK: 'T#streams#E#1', SK: 'EVENT' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 2 } }));
    await put({ PK: 'T#streams#E#2', SK: 'EVENT', type: 'marker' });
    await until(() => (routed.some((record) => record.dynamodb?.Keys?.['PK']?.S === 'T#streams#E#2') ? true : undefined));
    const ours = routed.filter((record) => record.dynamodb?.Keys?.['PK']?.S?.startsWith('T#streams#'));
    expect(ours.map((record) => [record.eventName, record.dynamodb?.Keys?.['PK']?.S])).toEqual([
      ['INSERT', 'T#streams#E#1'],
      ['INSERT', 'T#streams#E#2'],
    ]);
    expect(ours[0]).toEqual({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { PK: { S: 'T#streams#E#1' }, SK: { S: 'EVENT' } },
        NewImage: { PK: { S: 'T#streams#E#1' }, SK: { S: 'EVENT' }, type: { S: 'contract_published' }, n: { N: '1' } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_IMAGE',
      },
      eventSourceARN: streamArn(),
    });
  });
});

describe('IAM on the stream', () => {
  it('the router role may read the stream; roles without the stream grant are refused, and the router reads no table item', async () => {
    const shardOf = async (prefix: string) => {
      const client = streamsClient({ endpoint: broker.aws.endpoint.url, region, credentials: executionRole(prefix) });
      const { shards } = await client.describeStream(streamArn());
      const iterator = await client.getShardIterator(streamArn(), shards[0]?.ShardId as string, 'TRIM_HORIZON');
      return { shards, iterator: iterator as string, records: await client.getRecords(iterator as string, 5) };
    };
    const allowed = await shardOf('PactBrokerEventRouterRole');
    expect(allowed.shards.length).toBeGreaterThan(0);
    expect(allowed.iterator.startsWith(`${streamArn()}|`)).toBe(true); // shard iterators name the stream in the template's form too
    expect(allowed.records.records.length).toBeGreaterThan(0);

    const before = broker.aws.endpoint.denials.length;
    for (const prefix of ['PactBrokerWebhookDispatcherRole', 'PactBrokerWorkerRole', 'PactBrokerWriteRole', 'PactBrokerTenantWriteDataRole']) {
      await expect(shardOf(prefix), prefix).rejects.toMatchObject({ name: 'AccessDeniedException' });
    }
    // An iterator handed to the router is no use to another role either.
    const dispatcher = streamsClient({ endpoint: broker.aws.endpoint.url, region, credentials: executionRole('PactBrokerWebhookDispatcherRole') });
    await expect(dispatcher.getRecords(allowed.iterator, 1)).rejects.toBeInstanceOf(StreamsError);
    const routerDb = createDocumentClient({ endpoint: broker.aws.endpoint.url, region, credentials: executionRole('PactBrokerEventRouterRole') });
    await expect(routerDb.send(new GetCommand({ TableName: broker.operatorDb.tableName, Key: { PK: 'T#streams#E#1', SK: 'EVENT' } }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const refused = broker.aws.endpoint.denials.splice(before); // provoked on purpose: closing the broker checks the rest
    expect(refused.map((denial) => denial.action)).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:DescribeStream',
      'dynamodb:DescribeStream',
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetItem',
    ]);
    expect(refused[0]).toMatchObject({ resource: streamArn(), label: 'test-PactBrokerWebhookDispatcherRole' });
  });

  it('the router and the dispatcher may send to the dispatch queue, the router to its failure queue, and neither may read the other queue', async () => {
    const queueUrl = (part: string): string => Object.entries(broker.aws.queueUrls).find(([id]) => id.startsWith(`PactBrokerWebhooks${part}`))?.[1] as string;
    const sqs = (prefix: string) => new SQSClient({ endpoint: broker.aws.endpoint.url, region, useQueueUrlAsEndpoint: false, credentials: executionRole(prefix) });
    const before = broker.aws.endpoint.denials.length;
    await expect(sqs('PactBrokerEventRouterRole').send(new SendMessageCommand({ QueueUrl: queueUrl('Queue'), MessageBody: '{"probe":1}', DelaySeconds: 0 }))).resolves.toBeDefined();
    await expect(sqs('PactBrokerEventRouterRole').send(new SendMessageCommand({ QueueUrl: queueUrl('RouterFailures'), MessageBody: '{"probe":2}' }))).resolves.toBeDefined();
    await expect(sqs('PactBrokerWebhookDispatcherRole').send(new SendMessageCommand({ QueueUrl: queueUrl('Queue'), MessageBody: '{"probe":3}', DelaySeconds: 1 }))).resolves.toBeDefined();
    await expect(sqs('PactBrokerWriteRole').send(new SendMessageCommand({ QueueUrl: queueUrl('Queue'), MessageBody: '{"probe":4}' }))).resolves.toBeDefined();
    await expect(sqs('PactBrokerReadRole').send(new SendMessageCommand({ QueueUrl: queueUrl('Queue'), MessageBody: 'x' }))).rejects.toMatchObject({ name: expect.stringMatching(/AccessDenied/) });
    await expect(sqs('PactBrokerWebhookDispatcherRole').send(new SendMessageCommand({ QueueUrl: queueUrl('RouterFailures'), MessageBody: 'x' }))).rejects.toMatchObject({ name: expect.stringMatching(/AccessDenied/) });
    await expect(sqs('PactBrokerEventRouterRole').send(new ReceiveMessageCommand({ QueueUrl: queueUrl('Queue'), WaitTimeSeconds: 0 }))).rejects.toMatchObject({ name: expect.stringMatching(/AccessDenied/) });
    expect(broker.aws.endpoint.denials.splice(before).map((denial) => denial.action)).toEqual(['sqs:SendMessage', 'sqs:SendMessage', 'sqs:ReceiveMessage']);
    // The probe on the failure queue is not left for the next test to find.
    const failures = operatorSqs();
    const probe = await until(async () => (await failures.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('RouterFailures'), WaitTimeSeconds: 1 }))).Messages?.[0]);
    await failures.send(new DeleteMessageCommand({ QueueUrl: queueUrl('RouterFailures'), ReceiptHandle: probe.ReceiptHandle as string }));
    failures.destroy();
  });
});

describe('retries and the on-failure destination (the mapping with a stand-in function)', () => {
  /** The router's mapping, on its role and failure queue, with a stand-in function and its own filter. */
  const mapping = (prefix: string, overrides: { maximumRetryAttempts: number; reportBatchItemFailures: boolean }, invoke: (event: DynamoDBStreamEvent) => InvokeResult) => {
    const source = router();
    const failureQueue = Object.entries(broker.aws.queueUrls).find(([id]) => id === source.onFailureQueueLogicalId) as [string, string];
    const batches: string[][] = [];
    const started = startStreamEventSourceMapping({
      endpoint: broker.aws.endpoint.url,
      region,
      credentials: executionRole('PactBrokerEventRouterRole'),
      streamArn: streamArn(),
      source: { ...source, ...overrides, filterPatterns: [JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { PK: { S: [{ prefix }] } } } })] },
      functionArn: `arn:aws:lambda:${region}:000000000000:function:StandIn`,
      onFailureQueue: { url: failureQueue[1], arn: broker.aws.endpoint.queueArns.get(failureQueue[1]) as string, name: failureQueue[0] },
      retryDelayMs: 10,
      invoke: async (event) => {
        batches.push(event.Records.map((record) => record.dynamodb?.NewImage?.['name']?.S as string));
        return invoke(event);
      },
    });
    return { started, batches, failureQueueUrl: failureQueue[1] };
  };
  const failureRecord = async (queueUrl: string, shardStart: string): Promise<StreamFailureRecord> => {
    const sqs = operatorSqs();
    try {
      return await until(async () => {
        const messages = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }))).Messages ?? [];
        for (const message of messages) {
          const record = JSON.parse(message.Body as string) as StreamFailureRecord;
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle as string }));
          if (record.DDBStreamBatchInfo?.startSequenceNumber === shardStart) return record;
        }
        return undefined;
      });
    } finally {
      sqs.destroy();
    }
  };

  it('bisects a failing batch down to the failing record, retries it, then sends its range to the on-failure queue', async () => {
    for (const name of ['a', 'b', 'c']) await put({ PK: `T#bisect#${name}`, SK: 'EVENT', name, fail: name === 'b' });
    const sequences = new Map<string, string>();
    const { started, batches, failureQueueUrl } = mapping('T#bisect#', { maximumRetryAttempts: 2, reportBatchItemFailures: true }, (event) => {
      for (const record of event.Records) sequences.set(record.dynamodb?.NewImage?.['name']?.S as string, record.dynamodb?.SequenceNumber as string);
      return event.Records.some((record) => record.dynamodb?.NewImage?.['fail']?.BOOL === true) ? { ok: false, errorType: 'Error', errorMessage: 'boom' } : { ok: true, payload: { batchItemFailures: [] } };
    });
    try {
      const record = await failureRecord(failureQueueUrl, await until(() => sequences.get('b')));
      expect(batches).toEqual([['a', 'b', 'c'], ['a', 'b'], ['a'], ['b'], ['c']]);
      expect(record).toEqual({
        requestContext: { requestId: expect.any(String), functionArn: `arn:aws:lambda:${region}:000000000000:function:StandIn`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: expect.any(String),
        DDBStreamBatchInfo: {
          shardId: expect.stringMatching(/^shardId-/),
          startSequenceNumber: sequences.get('b'),
          endSequenceNumber: sequences.get('b'),
          approximateArrivalOfFirstRecord: expect.stringMatching(/Z$/),
          approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
          batchSize: 1,
          streamArn: streamArn(),
        },
      });
      // Reading goes on after the discarded record.
      await put({ PK: 'T#bisect#d', SK: 'EVENT', name: 'd' });
      await until(() => (batches.at(-1)?.[0] === 'd' ? true : undefined));
    } finally {
      await started.stop();
    }
  });

  it('retries from the first reported failure (records before it are done), and sends the rest once the retries are spent', async () => {
    for (const name of ['p', 'q', 'r']) await put({ PK: `T#partial#${name}`, SK: 'EVENT', name });
    const sequences = new Map<string, string>();
    const { started, batches, failureQueueUrl } = mapping('T#partial#', { maximumRetryAttempts: 2, reportBatchItemFailures: true }, (event) => {
      for (const record of event.Records) sequences.set(record.dynamodb?.NewImage?.['name']?.S as string, record.dynamodb?.SequenceNumber as string);
      const failing = event.Records.filter((record) => record.dynamodb?.NewImage?.['name']?.S !== 'p');
      return { ok: true, payload: { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber })) } };
    });
    try {
      const record = await failureRecord(failureQueueUrl, await until(() => sequences.get('q')));
      expect(batches).toEqual([['p', 'q', 'r'], ['q', 'r'], ['q', 'r']]);
      expect(record.DDBStreamBatchInfo).toMatchObject({ startSequenceNumber: sequences.get('q'), endSequenceNumber: sequences.get('r'), batchSize: 2 });
      expect(record.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 });
      expect(record.responseContext.functionError).toBeUndefined();
    } finally {
      await started.stop();
    }
  });

  it('refuses to start with a filter pattern Lambda would reject', () => {
    const source = router();
    expect(() =>
      startStreamEventSourceMapping({
        endpoint: broker.aws.endpoint.url,
        region,
        credentials: executionRole('PactBrokerEventRouterRole'),
        streamArn: streamArn(),
        source: { ...source, filterPatterns: ['{"eventName":[{"startsWith":"INS"}]}'] },
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:StandIn',
        invoke: async () => ({ ok: true, payload: null }),
      }),
    ).toThrow(/unknown operator "startsWith"/);
  });
});
