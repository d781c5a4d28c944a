/** What the local AWS endpoint asks IAM for each DynamoDB and SQS request (infra/local/aws/requests.ts). */
import { describe, expect, it } from 'vitest';
import { dynamoDbRequests, dynamoDbStreamsRequests, fromDynamoDbLocalArns, queryPartitionValue, sqsRequests, toDynamoDbLocalArns, type TableKeys } from '../../../infra/local/aws/requests.ts';
import { functionEnvironment } from '../../../infra/local/aws/local-aws.ts';

const keys: TableKeys = { arnPrefix: 'arn:aws:dynamodb:us-east-1:000000000000:table/', partitionKey: 'PK', indexPartitionKeys: { GSI1: 'GSI1PK', GSI2: 'GSI2PK' } };
const table = 'arn:aws:dynamodb:us-east-1:000000000000:table/broker';
const item = (pk: string) => ({ PK: { S: pk }, SK: { S: 'x' } });
const summary = (operation: string, body: Record<string, unknown>) => dynamoDbRequests(keys, operation, body).map(({ action, resource, context }) => [action, resource, context['dynamodb:LeadingKeys'] ?? null]);

describe('DynamoDB requests as IAM authorizes them', () => {
  it.each([
    ['GetItem', { TableName: 'broker', Key: item('T#a') }, [['dynamodb:GetItem', table, ['T#a']]]],
    ['PutItem', { TableName: 'broker', Item: item('T#a#P#Foo') }, [['dynamodb:PutItem', table, ['T#a#P#Foo']]]],
    ['UpdateItem', { TableName: 'broker', Key: item('T#a') }, [['dynamodb:UpdateItem', table, ['T#a']]]],
    ['DeleteItem', { TableName: 'broker', Key: item('T#b') }, [['dynamodb:DeleteItem', table, ['T#b']]]],
    ['Query', { TableName: 'broker', KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)', ExpressionAttributeValues: { ':pk': { S: 'T#a' }, ':sk': { S: 'V#' } } }, [['dynamodb:Query', table, ['T#a']]]],
    ['Query', { TableName: 'broker', IndexName: 'GSI1', KeyConditionExpression: '#pk = :v', ExpressionAttributeNames: { '#pk': 'GSI1PK' }, ExpressionAttributeValues: { ':v': { S: 'T#a#G' } } }, [['dynamodb:Query', `${table}/index/GSI1`, ['T#a#G']]]],
    ['Query', { TableName: 'broker', KeyConditionExpression: ':v = PK', ExpressionAttributeValues: { ':v': { S: 'T#c' } } }, [['dynamodb:Query', table, ['T#c']]]],
    ['Scan', { TableName: 'broker' }, [['dynamodb:Scan', table, null]]],
    ['BatchGetItem', { RequestItems: { broker: { Keys: [item('T#a'), item('T#b')] } } }, [['dynamodb:BatchGetItem', table, ['T#a']], ['dynamodb:BatchGetItem', table, ['T#b']]]],
    ['BatchWriteItem', { RequestItems: { broker: [{ PutRequest: { Item: item('T#a') } }, { DeleteRequest: { Key: item('T#a#x') } }] } }, [['dynamodb:BatchWriteItem', table, ['T#a']], ['dynamodb:BatchWriteItem', table, ['T#a#x']]]],
    [
      'TransactWriteItems',
      { TransactItems: [{ Put: { TableName: 'broker', Item: item('T#a') } }, { Update: { TableName: 'broker', Key: item('T#a#1') } }, { Delete: { TableName: 'broker', Key: item('T#a#2') } }, { ConditionCheck: { TableName: 'broker', Key: item('T#b') } }] },
      [['dynamodb:PutItem', table, ['T#a']], ['dynamodb:UpdateItem', table, ['T#a#1']], ['dynamodb:DeleteItem', table, ['T#a#2']], ['dynamodb:ConditionCheckItem', table, ['T#b']]],
    ],
    ['TransactGetItems', { TransactItems: [{ Get: { TableName: 'broker', Key: item('T#a') } }] }, [['dynamodb:GetItem', table, ['T#a']]]],
    ['DescribeTable', { TableName: 'broker' }, [['dynamodb:DescribeTable', table, null]]],
  ])('%s %j', (operation, body, expected) => {
    expect(summary(operation, body)).toEqual(expected);
  });

  it('finds no partition value where the key condition fixes none (IAM then sees no leading key)', () => {
    expect(queryPartitionValue({ KeyConditionExpression: 'SK = :s', ExpressionAttributeValues: { ':s': { S: 'x' } } }, 'PK')).toBeUndefined();
  });
});

describe('SQS requests as IAM authorizes them', () => {
  const arnOf = (url: string) => (url === 'http://q/000000000000/jobs.fifo' ? 'arn:aws:sqs:us-east-1:000000000000:jobs.fifo' : undefined);
  it.each([
    ['SendMessage', 'sqs:SendMessage'],
    ['SendMessageBatch', 'sqs:SendMessage'],
    ['ReceiveMessage', 'sqs:ReceiveMessage'],
    ['DeleteMessageBatch', 'sqs:DeleteMessage'],
    ['ChangeMessageVisibilityBatch', 'sqs:ChangeMessageVisibility'],
  ])('%s is authorized as %s on the queue', (operation, action) => {
    expect(sqsRequests(operation, { QueueUrl: 'http://q/000000000000/jobs.fifo' }, arnOf)).toEqual([{ action, resource: 'arn:aws:sqs:us-east-1:000000000000:jobs.fifo', context: {}, detail: 'http://q/000000000000/jobs.fifo' }]);
  });
});

describe('DynamoDB Streams requests as IAM authorizes them', () => {
  const stream = `${table}/stream/2026-05-28T10:00:00.000`;
  it.each([
    ['DescribeStream', { StreamArn: stream }, 'dynamodb:DescribeStream', stream],
    ['GetShardIterator', { StreamArn: stream, ShardId: 'shardId-1', ShardIteratorType: 'TRIM_HORIZON' }, 'dynamodb:GetShardIterator', stream],
    ['GetRecords', { ShardIterator: `${stream}|001|c2hhcmQ=` }, 'dynamodb:GetRecords', stream],
    ['GetRecords', { ShardIterator: 'not-an-iterator' }, 'dynamodb:GetRecords', '*'],
    ['GetRecords', { ShardIterator: 'arn:aws:dynamodb:eu-west-1:111111111111:table/x/stream/l|001|x' }, 'dynamodb:GetRecords', '*'],
    ['ListStreams', { TableName: 'broker' }, 'dynamodb:ListStreams', `${table}/stream/*`],
  ])('%s %j', (operation, body, action, resource) => {
    expect(dynamoDbStreamsRequests(keys, operation, body).map((request) => [request.action, request.resource])).toEqual([[action, resource]]);
  });

  it("turns the template's ARNs into DynamoDB Local's and back, shard iterators included", () => {
    const local = 'arn:aws:dynamodb:ddblocal:000000000000:table/broker/stream/2026-05-28T10:00:00.000';
    const request = JSON.stringify({ StreamArn: stream, ShardIterator: `${stream}|001|abc` });
    expect(toDynamoDbLocalArns(request, keys.arnPrefix)).toBe(JSON.stringify({ StreamArn: local, ShardIterator: `${local}|001|abc` }));
    expect(fromDynamoDbLocalArns(toDynamoDbLocalArns(request, keys.arnPrefix), keys.arnPrefix)).toBe(request);
    expect(fromDynamoDbLocalArns(JSON.stringify({ TableArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/broker' }), keys.arnPrefix)).toBe(JSON.stringify({ TableArn: table }));
  });
});

describe('function environments', () => {
  const spec = (environment: Record<string, string>) => ({ logicalId: 'Fn', entry: 'x.ts', roleArn: 'arn:aws:iam::000000000000:role/R', environment, timeoutSeconds: 10, memoryMb: 1024 });
  const credentials = { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't', expiration: new Date() };
  const template = { PACT_BROKER_WEBHOOK_HOST_WHITELIST: 'local-setting', PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'https', PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'POST', PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '10 60' };
  const webhookVariables = (environment: Record<string, string>) => Object.fromEntries(Object.entries(environment).filter(([name]) => name.startsWith('PACT_BROKER_WEBHOOK_')));

  it("takes the operator's webhook settings where the template has the variables, and keeps the template's otherwise", () => {
    const settings = { tableName: 't', auth: false, webhooks: { PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1', PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http https', PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1 2' } };
    expect(webhookVariables(functionEnvironment(spec(template), settings, credentials, 'http://e', 'us-east-1'))).toEqual({
      PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1',
      PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http https',
      PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'POST',
      PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1 2',
    });
    // Not given to functions the template does not give them to.
    expect(webhookVariables(functionEnvironment(spec({}), settings, credentials, 'http://e', 'us-east-1'))).toEqual({});
  });

  it('leaves the host whitelist unset without a setting (the placeholder is removed)', () => {
    expect(webhookVariables(functionEnvironment(spec(template), { tableName: 't', auth: false }, credentials, 'http://e', 'us-east-1'))).toEqual({
      PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'https',
      PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'POST',
      PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '10 60',
    });
  });
});
