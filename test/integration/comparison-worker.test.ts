/**
 * The comparison worker as the template deploys it (its role, its queue, its event source mapping), behind a real SQS
 * emulator: duplicate deliveries write one result; a message that keeps failing ends in the dead-letter queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../shared/storage/client.ts';
import type { SQSEvent } from 'aws-lambda';
import { startTestBroker, type TestBroker } from '../support/broker.ts';
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import { publishContracts } from '../../shared/services/contracts.ts';
import { publishProviderContract } from '../../shared/services/provider-contracts.ts';
import { toMessageBody } from '../../shared/queue/comparison-messages.ts';
import { sqsComparisonQueue } from '../../shared/queue/publisher.ts';
import { comparisonKey } from '../../shared/storage/keys.ts';
import { createTestTable, tenantContext } from '../support/table.ts';
import { readProviderContractRequest } from '../../shared/http/requests/provider-contract.ts';

let db: Db;
let broker: TestBroker;
let client: SQSClient;
const queue = { queueUrl: '', deadLetterQueueUrl: '' };
const received: string[] = [];

beforeAll(async () => {
  db = await createTestTable();
  broker = await startTestBroker({
    tableName: db.tableName,
    queueVisibilityTimeoutSeconds: 1,
    onInvoke: (functionId, event) => {
      if (functionId === broker.aws.deployment.eventSources[0]?.functionId) received.push(...(event as SQSEvent).Records.map((record) => record.body));
    },
  });
  const source = broker.aws.deployment.eventSources[0];
  if (source === undefined) throw new Error('The template has no event source mapping');
  queue.queueUrl = broker.aws.queueUrls[source.queueLogicalId] as string;
  queue.deadLetterQueueUrl = Object.entries(broker.aws.queueUrls).find(([id]) => id !== source.queueLogicalId)?.[1] as string;
  client = new SQSClient({ endpoint: broker.aws.endpoint.url, region: broker.aws.deployment.bindings.region, useQueueUrlAsEndpoint: false, credentials: broker.aws.operatorCredentials });
  // The publisher, in this process, sends as the operator to the template's queue.
  process.env['COMPARISON_QUEUE_URL'] = queue.queueUrl;
  process.env['AWS_ENDPOINT_URL_SQS'] = broker.aws.endpoint.url;
  process.env['AWS_ACCESS_KEY_ID'] = broker.aws.operatorCredentials.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] = broker.aws.operatorCredentials.secretAccessKey;
  process.env['AWS_SESSION_TOKEN'] = broker.aws.operatorCredentials.sessionToken;
});
afterAll(async () => {
  client?.destroy();
  await broker?.close();
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the comparison queue', () => {
  it('enqueues repeated requests for one comparison once (FIFO deduplication)', async () => {
    const job = { tenant: 'dedupe', consumer: 'A', provider: 'B', pactSha: 'p', oasSha: 'o' };
    const before = received.filter((body) => body === toMessageBody(job)).length;
    for (let copy = 0; copy < 4; copy++) await sqsComparisonQueue.send([job]);
    await until(async () => (received.filter((body) => body === toMessageBody(job)).length > before ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received.filter((body) => body === toMessageBody(job)).length - before).toBe(1);
  });
});

describe('the comparison worker', () => {
  it('writes one complete result however often a job is delivered', async () => {
    // Contracts stored without queueing (the test sends the messages itself).
    const context = { ...tenantContext(db), comparisonQueue: { send: async () => undefined } };
    await seedInitialTenant(context);
    const pact = JSON.stringify({ consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions: [{ description: 'list', request: { method: 'GET', path: '/things' }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } });
    const { published } = await publishContracts(context, { pacticipant: 'Foo', version: '1', tags: [], contracts: [{ consumer: 'Foo', provider: 'Bar', document: JSON.parse(pact), text: pact, onConflict: 'overwrite' }] });
    const oas = 'openapi: 3.0.0\ninfo: {title: Bar, version: "1"}\npaths:\n  /things:\n    get:\n      responses: {"200": {description: ok}}\n';
    const { contract } = await publishProviderContract(context, readProviderContractRequest('Bar', { pacticipantVersionNumber: '7', contract: { content: Buffer.from(oas).toString('base64'), contentType: 'application/yaml', specification: 'oas', selfVerificationResults: { success: true } } }));
    const job = { tenant: context.tenantId, consumer: 'Foo', provider: 'Bar', pactSha: published[0]?.publication.sha as string, oasSha: contract.sha };

    // Five deliveries of one job (distinct deduplication ids, as redeliveries and retries would be).
    for (let copy = 0; copy < 5; copy++) {
      await client.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: toMessageBody(job), MessageGroupId: `copy-${copy}`, MessageDeduplicationId: `copy-${copy}` }));
    }
    const result = await until(() => context.comparisons.find(job));
    expect(result).toMatchObject({ success: true, errors: [], engine: '@pactflow/openapi-pact-comparator', engineVersion: '2.3.1' });
    await until(async () => (received.filter((body) => body === toMessageBody(job)).length >= 5 ? true : undefined));
    const items = await db.client.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': comparisonKey(job.tenant, job.consumer, job.provider, job.pactSha, job.oasSha).PK } }));
    expect(items.Items?.filter((item) => item['SK'] === 'RESULT')).toHaveLength(1);
    expect(items.Items?.find((item) => item['SK'] === 'RESULT')?.['comparedAt']).toBe(result.comparedAt);
  });

  it('reports a failing message alone, and SQS dead-letters it after a few receives', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: '{"not":"a job"}', MessageGroupId: 'bad', MessageDeduplicationId: 'bad' }));
    const deadLettered = await until(async () => {
      const messages = await client.send(new ReceiveMessageCommand({ QueueUrl: queue.deadLetterQueueUrl, WaitTimeSeconds: 1 }));
      return messages.Messages?.[0];
    }, 30_000);
    expect(deadLettered.Body).toBe('{"not":"a job"}');
    expect(received.filter((body) => body === '{"not":"a job"}')).toHaveLength(3);
  });
});
