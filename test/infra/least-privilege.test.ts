/**
 * Least privilege, role by role, read from the synthesized template: who may assume each role, and exactly what its
 * policies allow (each action on each resource, nothing more). Bundling is skipped: only IAM is looked at.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BrokerStack } from '../../infra/broker-stack.ts';
import { brokerTableDefinition } from '../../shared/storage/table-definition.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };
type Statement = { Effect: string; Action?: string | string[]; NotAction?: unknown; Resource?: unknown; NotResource?: unknown; Principal?: Record<string, unknown> };
type PolicyDocument = { Statement: Statement[] };

// Spelled out rather than imported from the constructs, so a change there has to change this specification too.
const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
/** What CDK's grantSendMessages grants. */
const SEND = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
/** What CDK grants a Lambda SQS event source. */
const CONSUME = ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
const ASSUME = ['sts:AssumeRole'];
// Resources by construct path below the PactBroker construct; the indexes are named, never `index/*`.
const TABLE = ['Storage/Table', ...brokerTableDefinition.globalSecondaryIndexes.map((index) => `Storage/Table/index/${index.indexName}`)];
const LOG_GROUP = ['Logs'];
const QUEUE = ['Comparisons/Queue'];
const WEBHOOK_QUEUE = ['Webhooks/Queue'];
const ROUTER_FAILURES = ['Webhooks/RouterFailures'];
/** What Lambda's DynamoDB stream event source mapping uses, on the table's stream only. */
const STREAM_READ = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
/** IAM authorizes ListStreams only on `*` (it has no resource type); it reveals stream ARNs, no data. The one exception. */
const LIST_STREAMS = 'dynamodb:ListStreams on *';
const STREAM = ['Storage/Table.StreamArn'];
const LAMBDA = ['lambda.amazonaws.com'];

/** Every role of the stack: its trusted principals, and what it may do on what. */
const expectedRoles: Record<string, { assumedBy: string[]; allows: [actions: string[], resources: string[]][] }> = {
  ReadRole: { assumedBy: LAMBDA, allows: [[LOGS, LOG_GROUP], [ASSUME, ['TenantReadDataRole']], [SEND, QUEUE]] },
  WriteRole: { assumedBy: LAMBDA, allows: [[LOGS, LOG_GROUP], [ASSUME, ['TenantWriteDataRole']], [SEND, QUEUE], [SEND, WEBHOOK_QUEUE]] },
  AdminRole: { assumedBy: LAMBDA, allows: [[LOGS, LOG_GROUP], [['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], ['Storage/Table']]] },
  AuthorizerRole: { assumedBy: LAMBDA, allows: [[LOGS, LOG_GROUP], [['dynamodb:GetItem'], ['Storage/Table']]] },
  WorkerRole: { assumedBy: LAMBDA, allows: [[LOGS, LOG_GROUP], [ASSUME, ['TenantWriteDataRole']], [CONSUME, QUEUE]] },
  EventRouterRole: { assumedBy: LAMBDA, allows: [[LOGS, LOG_GROUP], [ASSUME, ['TenantWriteDataRole']], [STREAM_READ, STREAM], [['dynamodb:ListStreams'], ['*']], [SEND, WEBHOOK_QUEUE], [SEND, ROUTER_FAILURES]] },
  // It consumes the dispatch queue and re-enqueues a failed call's next attempt itself.
  WebhookDispatcherRole: { assumedBy: LAMBDA, allows: [[LOGS, LOG_GROUP], [ASSUME, ['TenantWriteDataRole']], [CONSUME, WEBHOOK_QUEUE], [SEND, WEBHOOK_QUEUE]] },
  TenantReadDataRole: { assumedBy: ['ReadRole'], allows: [[READ, TABLE]] },
  TenantWriteDataRole: { assumedBy: ['WriteRole', 'WorkerRole', 'EventRouterRole', 'WebhookDispatcherRole'], allows: [[WRITE, TABLE]] },
};

const STACK = 'LeastPrivilege';
let resources: Record<string, Resource>;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
  const stack = new BrokerStack(app, STACK, { stage: 'test', adminTokenSha256: 'ab'.repeat(32) });
  resources = Template.fromStack(stack).toJSON()['Resources'] as Record<string, Resource>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([] as T[]).concat(value));

/** `LeastPrivilege/PactBroker/Storage/Table/Resource` -> `Storage/Table`. */
const nameOf = (logicalId: string): string => {
  const path = String(resources[logicalId]?.Metadata?.['aws:cdk:path'] ?? logicalId);
  return path.replace(`${STACK}/PactBroker/`, '').replace(/\/Resource$/, '');
};

/** A policy value as a readable name: references become the names of what they point at. */
const render = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, unknown>;
  if ('Fn::GetAtt' in intrinsic) {
    const [logicalId, attribute] = intrinsic['Fn::GetAtt'] as [string, string];
    return attribute === 'Arn' ? nameOf(logicalId) : `${nameOf(logicalId)}.${attribute}`;
  }
  if ('Ref' in intrinsic) return nameOf(String(intrinsic['Ref']));
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  return JSON.stringify(value);
};

/** Every document that grants a role something: attached AWS::IAM::Policy resources and inline policies. */
const documentsOf = (roleId: string): PolicyDocument[] => [
  ...ofType('AWS::IAM::Policy')
    .filter(([, policy]) => asList(policy.Properties['Roles'] as unknown[]).some((role) => render(role) === nameOf(roleId)))
    .map(([, policy]) => policy.Properties['PolicyDocument'] as PolicyDocument),
  ...asList(resources[roleId]?.Properties['Policies'] as { PolicyDocument: PolicyDocument }[] | undefined).map((inline) => inline.PolicyDocument),
];

/** `action on resource` for every pair a role's statements with this effect cover; NotAction/NotResource show up as such. */
const pairs = (roleId: string, effect: string): string[] =>
  documentsOf(roleId)
    .flatMap((document) => document.Statement)
    .filter((statement) => statement.Effect === effect)
    .flatMap((statement) => {
      if (statement.NotAction !== undefined || statement.NotResource !== undefined) return [`NotAction/NotResource in ${JSON.stringify(statement)}`];
      return asList(statement.Action).flatMap((action) => asList(statement.Resource).map((resource) => `${action} on ${render(resource)}`));
    })
    .sort();

const rolesByName = (): Map<string, string> => new Map(ofType('AWS::IAM::Role').map(([logicalId]) => [nameOf(logicalId), logicalId]));

describe('least privilege per role', () => {
  it('has exactly the roles in the table, and no users, groups or managed policies', () => {
    expect([...rolesByName().keys()].sort()).toEqual(Object.keys(expectedRoles).sort());
    expect(ofType('AWS::IAM::User')).toEqual([]);
    expect(ofType('AWS::IAM::Group')).toEqual([]);
    expect(ofType('AWS::IAM::ManagedPolicy')).toEqual([]);
    // No AWS-managed policy either: AWSLambdaBasicExecutionRole would allow logs on every log group in the account.
    for (const [name, roleId] of rolesByName()) expect(resources[roleId]?.Properties['ManagedPolicyArns'], name).toBeUndefined();
  });

  it.each(Object.entries(expectedRoles))('%s: only its principals may assume it, and it may do exactly what the table says', (name, expected) => {
    const roleId = rolesByName().get(name) as string;
    const trust = (resources[roleId]?.Properties['AssumeRolePolicyDocument'] as PolicyDocument).Statement;
    expect(trust.every((statement) => statement.Effect === 'Allow' && asList(statement.Action).join() === 'sts:AssumeRole'), name).toBe(true);
    expect(trust.flatMap((statement) => Object.values(statement.Principal ?? {}).flatMap((principal) => asList(principal).map(render))).sort()).toEqual([...expected.assumedBy].sort());

    const allowed = expected.allows.flatMap(([actions, on]) => actions.flatMap((action) => on.map((resource) => `${action} on ${resource}`)));
    expect(pairs(roleId, 'Allow')).toEqual(allowed.sort());
    // Explicit, so that no later grant can add a Scan (which carries no leading keys to scope a tenant by).
    expect(pairs(roleId, 'Deny')).toEqual(['dynamodb:Scan on *']);
  });

  it('allows no wildcard action, no action on every resource, and no Scan, in any identity policy', () => {
    const allows = ofType('AWS::IAM::Role').flatMap(([roleId]) => pairs(roleId, 'Allow'));
    expect(allows.length).toBeGreaterThan(0);
    for (const pair of allows.filter((allowed) => allowed !== LIST_STREAMS)) {
      const [action = '', resource = ''] = pair.split(' on ');
      expect(action, pair).not.toContain('*');
      expect(resource, pair).not.toBe('*');
      expect(action.toLowerCase(), pair).not.toBe('dynamodb:scan');
    }
  });
});
