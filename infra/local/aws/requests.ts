/**
 * What IAM checks for one AWS API request: the action(s), the resource ARN(s) and the condition keys, as the service
 * would authorize it. Pure functions of the request body, tested table-driven.
 *
 * DynamoDB: item operations carry `dynamodb:LeadingKeys` (the partition key value of the table, or of the index a
 * Query reads); transactions are authorized per item with the item action (PutItem, UpdateItem, DeleteItem,
 * ConditionCheckItem, GetItem); batch operations per item with the batch action (BatchGetItem, BatchWriteItem), so
 * every key of a batch must be allowed.
 */
import type { AuthorizationRequest } from './iam.ts';

type AttributeValue = { readonly S?: string; readonly N?: string; readonly B?: string };
type Item = Readonly<Record<string, AttributeValue>>;
type Body = Readonly<Record<string, unknown>>;

export interface TableKeys {
  /** `arn:aws:dynamodb:<region>:<account>:table/` (the table name follows). */
  readonly arnPrefix: string;
  readonly partitionKey: string;
  readonly indexPartitionKeys: Readonly<Record<string, string>>;
}

const scalar = (value: AttributeValue | undefined): string | undefined => value?.S ?? value?.N ?? value?.B;

function itemRequest(keys: TableKeys, action: string, tableName: unknown, item: Item | undefined): AuthorizationRequest {
  const leadingKey = scalar(item?.[keys.partitionKey]);
  return {
    action,
    resource: `${keys.arnPrefix}${String(tableName)}`,
    context: leadingKey === undefined ? {} : { 'dynamodb:LeadingKeys': [leadingKey] },
    detail: `${keys.partitionKey}=${leadingKey ?? '(none)'}`,
  };
}

/** The partition key value a KeyConditionExpression fixes (`#pk = :pk`, in either order), if any. */
export function queryPartitionValue(body: Body, partitionKey: string): string | undefined {
  const expression = typeof body['KeyConditionExpression'] === 'string' ? body['KeyConditionExpression'] : '';
  const names = (body['ExpressionAttributeNames'] ?? {}) as Record<string, string>;
  const values = (body['ExpressionAttributeValues'] ?? {}) as Record<string, AttributeValue>;
  const nameOf = (token: string): string => (token.startsWith('#') ? (names[token] ?? token) : token);
  for (const match of expression.matchAll(/([#:]?[\w.]+)\s*=\s*([#:]?[\w.]+)/g)) {
    const [, left, right] = match as unknown as [string, string, string];
    if (right.startsWith(':') && nameOf(left) === partitionKey) return scalar(values[right]);
    if (left.startsWith(':') && nameOf(right) === partitionKey) return scalar(values[left]);
  }
  if (body['KeyConditions'] !== undefined) {
    const condition = (body['KeyConditions'] as Record<string, { AttributeValueList?: AttributeValue[] }>)[partitionKey];
    return scalar(condition?.AttributeValueList?.[0]);
  }
  return undefined;
}

export function dynamoDbRequests(keys: TableKeys, operation: string, body: Body): AuthorizationRequest[] {
  const table = body['TableName'];
  switch (operation) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [itemRequest(keys, `dynamodb:${operation}`, table, body['Key'] as Item)];
    case 'PutItem':
      return [itemRequest(keys, 'dynamodb:PutItem', table, body['Item'] as Item)];
    case 'Query': {
      const index = typeof body['IndexName'] === 'string' ? body['IndexName'] : undefined;
      const partitionKey = index === undefined ? keys.partitionKey : (keys.indexPartitionKeys[index] ?? keys.partitionKey);
      const value = queryPartitionValue(body, partitionKey);
      return [
        {
          action: 'dynamodb:Query',
          resource: `${keys.arnPrefix}${String(table)}${index === undefined ? '' : `/index/${index}`}`,
          context: value === undefined ? {} : { 'dynamodb:LeadingKeys': [value] },
          detail: `${partitionKey}=${value ?? '(none)'}`,
        },
      ];
    }
    case 'Scan': {
      const index = typeof body['IndexName'] === 'string' ? `/index/${body['IndexName']}` : '';
      return [{ action: 'dynamodb:Scan', resource: `${keys.arnPrefix}${String(table)}${index}`, context: {}, detail: 'scan' }];
    }
    case 'BatchGetItem':
      return Object.entries((body['RequestItems'] ?? {}) as Record<string, { Keys?: Item[] }>).flatMap(([name, request]) =>
        (request.Keys ?? []).map((key) => itemRequest(keys, 'dynamodb:BatchGetItem', name, key)),
      );
    case 'BatchWriteItem':
      return Object.entries((body['RequestItems'] ?? {}) as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>).flatMap(([name, requests]) =>
        requests.map((request) => itemRequest(keys, 'dynamodb:BatchWriteItem', name, request.PutRequest?.Item ?? request.DeleteRequest?.Key)),
      );
    case 'TransactWriteItems':
      return ((body['TransactItems'] ?? []) as Record<string, { TableName?: string; Item?: Item; Key?: Item }>[]).map((entry) => {
        const [kind, detail] = Object.entries(entry)[0] ?? ['', {}];
        const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind] ?? kind;
        return itemRequest(keys, `dynamodb:${action}`, detail.TableName, detail.Item ?? detail.Key);
      });
    case 'TransactGetItems':
      return ((body['TransactItems'] ?? []) as { Get?: { TableName?: string; Key?: Item } }[]).map((entry) => itemRequest(keys, 'dynamodb:GetItem', entry.Get?.TableName, entry.Get?.Key));
    case 'ListTables':
      return [{ action: 'dynamodb:ListTables', resource: '*', context: {} }];
    default:
      // Table-level operations (CreateTable, DescribeTable, UpdateTable, DeleteTable, …).
      return [{ action: `dynamodb:${operation}`, resource: `${keys.arnPrefix}${String(table ?? '*')}`, context: {} }];
  }
}

/** SQS (JSON protocol): the action and the queue, whose ARN the caller's URL names. */
export function sqsRequests(operation: string, body: Body, queueArnOf: (queueUrl: string) => string | undefined): AuthorizationRequest[] {
  const queueUrl = typeof body['QueueUrl'] === 'string' ? body['QueueUrl'] : undefined;
  // Batch operations are authorized as their single-message action, as SQS does.
  const action = { SendMessageBatch: 'SendMessage', DeleteMessageBatch: 'DeleteMessage', ChangeMessageVisibilityBatch: 'ChangeMessageVisibility' }[operation] ?? operation;
  if (queueUrl === undefined) return [{ action: `sqs:${action}`, resource: '*', context: {} }];
  return [{ action: `sqs:${action}`, resource: queueArnOf(queueUrl) ?? `arn:aws:sqs:unknown:000000000000:${queueUrl.split('/').at(-1) ?? ''}`, context: {}, detail: queueUrl }];
}

/**
 * DynamoDB Streams (target prefix `DynamoDBStreams_20120810`): the stream ARN is the resource (a shard iterator names
 * its stream before the first `|`); ListStreams is authorized on the streams of the table it names.
 */
export function dynamoDbStreamsRequests(keys: Pick<TableKeys, 'arnPrefix'>, operation: string, body: Body): AuthorizationRequest[] {
  const action = `dynamodb:${operation}`;
  switch (operation) {
    case 'DescribeStream':
    case 'GetShardIterator': {
      const streamArn = typeof body['StreamArn'] === 'string' ? body['StreamArn'] : '*';
      return [{ action, resource: streamArn, context: {}, detail: typeof body['ShardId'] === 'string' ? `shard ${body['ShardId']}` : 'stream' }];
    }
    case 'GetRecords': {
      const iterator = typeof body['ShardIterator'] === 'string' ? body['ShardIterator'] : '';
      const streamArn = iterator.includes('|') ? iterator.slice(0, iterator.indexOf('|')) : '';
      return [{ action, resource: streamArn.startsWith(keys.arnPrefix) ? streamArn : '*', context: {}, detail: 'records' }];
    }
    case 'ListStreams':
      return [{ action, resource: `${keys.arnPrefix}${typeof body['TableName'] === 'string' ? body['TableName'] : '*'}/stream/*`, context: {}, detail: 'streams' }];
    default:
      return [{ action, resource: '*', context: {} }];
  }
}

/** DynamoDB Local names every table (and so every stream) `arn:aws:dynamodb:ddblocal:000000000000:table/…`. */
export const DYNAMODB_LOCAL_ARN_PREFIX = 'arn:aws:dynamodb:ddblocal:000000000000:table/';
const DYNAMODB_LOCAL_ARNS = /arn:aws:dynamodb:ddblocal:\d{12}:table\//g;

/** A request body as DynamoDB Local needs it: the template's table and stream ARNs (and shard iterators) in its own form. */
export const toDynamoDbLocalArns = (text: string, arnPrefix: string): string => text.split(arnPrefix).join(DYNAMODB_LOCAL_ARN_PREFIX);
/** A response body as callers see it: DynamoDB Local's ARNs (and shard iterators) in the template's form, `${tableArn}/stream/<label>`. */
export const fromDynamoDbLocalArns = (text: string, arnPrefix: string): string => text.replace(DYNAMODB_LOCAL_ARNS, arnPrefix);
