/** What the local AWS endpoint asks IAM for each DynamoDB and SQS request (infra/local/aws/requests.ts). */
import { describe, expect, it } from 'vitest';
import { dynamoDbRequests, queryPartitionValue, sqsRequests, type TableKeys } from '../../../infra/local/aws/requests.ts';

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
