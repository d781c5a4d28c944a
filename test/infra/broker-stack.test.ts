/** Assertions on the synthesized CloudFormation template (no AWS account needed). Bundling is on, so bundling errors fail here. */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable, useLocalAwsSettings } from '../../infra/local/dynamodb-local.ts';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BrokerStack } from '../../infra/broker-stack.ts';
import { constructIdOf } from '../../infra/constructs/broker-api.ts';
import { PactBroker, type PactBrokerProps } from '../../infra/constructs/pact-broker.ts';
import { routes } from '../../shared/http/routes.ts';
import { brokerTableDefinition } from '../../shared/storage/table-definition.ts';
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import { tenantContext } from '../../shared/composition/context.ts';
import { createDocumentClient } from '../../shared/storage/client.ts';
import { startAwsEndpoint } from '../../infra/local/aws/aws-endpoint.ts';
import { describeDeployment, placeholderQueues } from '../../infra/local/aws/deployment.ts';
import { LOCAL_ACCOUNT, roleSessionPrincipal } from '../../infra/local/aws/local-aws.ts';
import type { Template as LocalTemplate } from '../../infra/local/aws/template.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string>; DeletionPolicy?: string };
type Statement = { Effect: string; Action?: string | string[]; NotAction?: string | string[] };
type PolicyDocument = { Statement: Statement[] };

let resources: Record<string, Resource>;
let assemblyDirectory: string;
let synthSeconds: number;

beforeAll(() => {
  const started = performance.now();
  // Asset metadata (as the CDK CLI asks for) tells which bundle directory belongs to which function.
  const app = new App({ context: { stage: 'test', 'aws:cdk:enable-asset-metadata': true } });
  const stack = new BrokerStack(app, 'TestBroker', { stage: 'test', adminTokenSha256: 'ab'.repeat(32) });
  resources = Template.fromStack(stack).toJSON()['Resources'] as Record<string, Resource>;
  assemblyDirectory = app.synth().directory; // cached: the same assembly Template.fromStack produced
  synthSeconds = (performance.now() - started) / 1000;
}, 300_000);

/** CDK synthesizes into a fresh temp directory per App (about 130 MB of bundles here); leave none behind. */
const removeAssembly = (directory: string | undefined): void => {
  if (directory?.startsWith(tmpdir())) rmSync(directory, { recursive: true, force: true });
};
afterAll(() => removeAssembly(assemblyDirectory));

const ofType = (type: string, from: Record<string, Resource> = resources) => Object.entries(from).filter(([, resource]) => resource.Type === type);
const refOf = (value: unknown): string => (value as { Ref: string }).Ref;
const getAttOf = (value: unknown): string => (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : ([] as string[]).concat(value));

/** Whether an IAM action pattern (with `*` and `?` wildcards, case-insensitive) covers `action`. */
const covers = (pattern: string, action: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(action);

/** Every policy document in a template: standalone policies, managed policies and roles' inline policies. */
const policyDocuments = (from: Record<string, Resource>): [string, PolicyDocument][] => [
  ...ofType('AWS::IAM::Policy', from).map(([id, policy]): [string, PolicyDocument] => [id, policy.Properties['PolicyDocument'] as PolicyDocument]),
  ...ofType('AWS::IAM::ManagedPolicy', from).map(([id, policy]): [string, PolicyDocument] => [id, policy.Properties['PolicyDocument'] as PolicyDocument]),
  ...ofType('AWS::IAM::Role', from).flatMap(([id, role]) =>
    ((role.Properties['Policies'] ?? []) as { PolicyDocument: PolicyDocument }[]).map((inline): [string, PolicyDocument] => [id, inline.PolicyDocument]),
  ),
];

/** The function serving a route: API route -> integration -> function, following the template's references. */
const functionIdServing = (routeKey: string): string => {
  const [, route] = ofType('AWS::ApiGatewayV2::Route').find(([, candidate]) => candidate.Properties['RouteKey'] === routeKey) as [string, Resource];
  const target = route.Properties['Target'] as { 'Fn::Join': [string, [string, { Ref: string }]] };
  const integration = resources[refOf(target['Fn::Join'][1][1])] as Resource;
  expect(integration.Properties, routeKey).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  return getAttOf(integration.Properties['IntegrationUri']);
};

describe('the broker stack', () => {
  it('synthesizes (bundling included) in reasonable time', () => {
    console.info(`broker stack synthesized with ${Object.keys(resources).length} resources in ${synthSeconds.toFixed(1)} s`);
    expect(synthSeconds).toBeLessThan(240);
  });

  it('has exactly one API route per route-table entry, and nothing else', () => {
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, resource]) => resource.Properties['RouteKey']);
    expect(routeKeys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it("sends every route to its own function, named after the operation, through a payload v2 Lambda proxy", () => {
    const served = new Set<string>();
    for (const route of routes) {
      const functionId = functionIdServing(`${route.method} ${route.path}`);
      expect(functionId, route.operationId).toMatch(new RegExp(`^PactBrokerApi${constructIdOf(route.operationId)}[0-9A-F]{8}$`));
      served.add(functionId);
    }
    expect(served.size).toBe(routes.length);
  });

  it('puts the token authorizer on every route except the public ones', () => {
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0] as [string, Resource];
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'REQUEST', EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 0, IdentitySource: [] });
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      const routeKey = String(route.Properties['RouteKey']);
      const isPublic = routes.some((candidate) => candidate.public && `${candidate.method} ${candidate.path}` === routeKey);
      if (isPublic) expect(route.Properties['AuthorizationType'] ?? 'NONE', routeKey).toBe('NONE');
      else expect(route.Properties['AuthorizerId'], routeKey).toEqual({ Ref: authorizerId });
    }
  });

  it('runs every function on Node 24, arm64, with the house defaults and the table configured', () => {
    const functions = ofType('AWS::Lambda::Function');
    // One per route, the authorizer, the comparison worker, the webhook router and dispatcher; there are no CDK helper
    // functions (no custom resources).
    expect(functions.length).toBe(routes.length + 4);
    for (const [id, fn] of functions) {
      const worker = id.includes('ComparisonsWorker') || id.includes('WebhooksDispatcher');
      expect(fn.Properties, id).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler', MemorySize: 1024, Timeout: worker ? 60 : 10, LoggingConfig: { LogFormat: 'JSON' } });
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(variables['TABLE_NAME'], id).toBeDefined();
      // No --enable-source-maps: it costs every cold start; logged errors are mapped when they happen (shared/http/stack-traces.ts).
      expect(variables['NODE_OPTIONS'], id).toBeUndefined();
      expect(variables['BROKER_AUTH'], id).toBe('on');
      expect(variables['BROKER_BASE_URL'], id).toBeUndefined(); // only with the baseUrl prop (see below)
    }
  });

  it('builds the table from the shared key definition, with point-in-time recovery and deletion protection outside dev', () => {
    const tables = ofType('AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(1);
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(0);
    const [, resource] = tables[0] as [string, Resource];
    const table = resource.Properties;
    expect(table['BillingMode']).toBe('PAY_PER_REQUEST');
    expect(table['KeySchema']).toEqual([
      { AttributeName: brokerTableDefinition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: brokerTableDefinition.sortKey.name, KeyType: 'RANGE' },
    ]);
    expect(table['GlobalSecondaryIndexes']).toEqual(
      brokerTableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keys = [brokerTableDefinition.partitionKey, brokerTableDefinition.sortKey, ...brokerTableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey])];
    expect(table['AttributeDefinitions']).toEqual(expect.arrayContaining(keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type }))));
    expect(table['AttributeDefinitions']).toHaveLength(keys.length);
    const replicas = table['Replicas'] as { PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean }; DeletionProtectionEnabled?: boolean }[];
    expect(replicas).toHaveLength(1);
    expect(replicas[0]?.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled).toBe(true);
    expect(replicas[0]?.DeletionProtectionEnabled).toBe(true);
    expect(resource.DeletionPolicy).toBe('Retain');
    // New images only, for the webhook event router.
    expect(table['StreamSpecification']).toEqual({ StreamViewType: 'NEW_IMAGE' });
    // Webhook events, triggered webhooks and attempts carry `ttl` (epoch seconds) and expire.
    expect(table['TimeToLiveSpecification']).toEqual({ AttributeName: 'ttl', Enabled: true });
  });

  it('never allows Scan (nor dynamodb:*), in any policy', () => {
    const documents = policyDocuments(resources);
    expect(documents.length).toBeGreaterThan(0);
    for (const [id, document] of documents) {
      for (const statement of document.Statement.filter((candidate) => candidate.Effect === 'Allow')) {
        // An Allow with NotAction grants everything it does not list.
        expect(statement.NotAction, id).toBeUndefined();
        for (const action of asList(statement.Action)) {
          expect(covers(action, 'dynamodb:Scan'), `${id}: ${action}`).toBe(false);
          expect(action, id).not.toBe('dynamodb:*');
        }
      }
    }
  });

  it('shares one role per access level between all functions, and gives tenant routes no direct DynamoDB access', () => {
    const roleOfFunction = (functionId: string): string => getAttOf((resources[functionId] as Resource).Properties['Role']);
    const rolesByAccess = new Map<string, Set<string>>();
    for (const route of routes) {
      const roles = rolesByAccess.get(route.access) ?? new Set<string>();
      roles.add(roleOfFunction(functionIdServing(`${route.method} ${route.path}`)));
      rolesByAccess.set(route.access, roles);
    }
    // read, write and admin (the route table has three access levels); the authorizer, the worker, the webhook router
    // and the dispatcher have their own.
    for (const [access, roles] of rolesByAccess) expect(roles.size, access).toBe(1);
    const roleOfFunctionNamed = (part: string): string => roleOfFunction(ofType('AWS::Lambda::Function').find(([id]) => id.includes(part))?.[0] as string);
    const workerRole = roleOfFunctionNamed('ComparisonsWorker');
    const authorizerRole = roleOfFunctionNamed('ApiAuthorizer');
    const routerRole = roleOfFunctionNamed('WebhooksRouter');
    const dispatcherRole = roleOfFunctionNamed('WebhooksDispatcher');
    const functionRoles = new Set(ofType('AWS::Lambda::Function').map(([id]) => roleOfFunction(id)));
    expect(functionRoles.size).toBe(rolesByAccess.size + 4);
    expect(functionRoles).toEqual(new Set([...[...rolesByAccess.values()].flatMap((roles) => [...roles]), workerRole, authorizerRole, routerRole, dispatcherRole]));

    // No managed policies: function roles write logs through an inline grant on the shared log group (what each role
    // may do is specified in least-privilege.test.ts).
    for (const roleId of functionRoles) expect((resources[roleId] as Resource).Properties['ManagedPolicyArns'], roleId).toBeUndefined();

    // Tenant routes (read and write), the worker and the webhook dispatcher may only assume the tenant data roles,
    // which a session policy scopes per tenant, use their queues and write logs (the router: see least-privilege.test.ts).
    const tenantRoles = [...(rolesByAccess.get('read') ?? []), ...(rolesByAccess.get('write') ?? []), workerRole, dispatcherRole];
    expect(tenantRoles).toHaveLength(4);
    const tenantPolicies = ofType('AWS::IAM::Policy').filter(([, policy]) => (policy.Properties['Roles'] as unknown[]).some((ref) => tenantRoles.includes(refOf(ref))));
    expect(tenantPolicies.length).toBeGreaterThan(0);
    for (const [id, policy] of tenantPolicies) {
      for (const statement of (policy.Properties['PolicyDocument'] as PolicyDocument).Statement) {
        if (statement.Effect === 'Allow') expect(asList(statement.Action).every((action) => action === 'sts:AssumeRole' || action.startsWith('sqs:') || action.startsWith('logs:')), id).toBe(true);
      }
    }
  });

  it('has a comparison queue with a dead-letter queue, consumed with partial batch failure reporting', () => {
    const queues = ofType('AWS::SQS::Queue').filter(([id]) => id.includes('Comparisons'));
    expect(queues).toHaveLength(2);
    const [dlqId] = queues.find(([, queue]) => queue.Properties['RedrivePolicy'] === undefined) as [string, Resource];
    const [, main] = queues.find(([, queue]) => queue.Properties['RedrivePolicy'] !== undefined) as [string, Resource];
    expect(main.Properties['RedrivePolicy']).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 3 });
    expect(main.Properties['VisibilityTimeout']).toBe(360);
    // FIFO, so repeated requests for one comparison are deduplicated.
    expect(main.Properties['FifoQueue']).toBe(true);
    expect(queues.every(([, queue]) => queue.Properties['FifoQueue'] === true)).toBe(true);
    // Both queues refuse requests without TLS.
    const policies = ofType('AWS::SQS::QueuePolicy').filter(([id]) => id.includes('Comparisons'));
    expect(policies.map(([, policy]) => refOf((policy.Properties['Queues'] as unknown[])[0])).sort()).toEqual(queues.map(([id]) => id).sort());
    for (const [id, policy] of policies) {
      expect((policy.Properties['PolicyDocument'] as PolicyDocument).Statement, id).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping').filter(([id]) => id.includes('ComparisonsWorker')) as [[string, Resource]];
    expect(mapping.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    // Every function that can publish or ask can-i-deploy knows the queue.
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      const route = routes.find((candidate) => id.includes(candidate.operationId.charAt(0).toUpperCase() + candidate.operationId.slice(1)));
      if (route !== undefined && route.access !== 'admin') expect(variables['COMPARISON_QUEUE_URL'], id).toBeDefined();
    }
  });

  it('delivers webhooks: the stream to the router (new event items only), a standard dispatch queue with a dead-letter queue to the dispatcher', () => {
    const [[tableId]] = ofType('AWS::DynamoDB::GlobalTable') as [[string, Resource]];
    const queues = new Map(ofType('AWS::SQS::Queue').filter(([id]) => id.includes('Webhooks')));
    const queueId = (part: string): string => [...queues.keys()].find((id) => id.startsWith(`PactBrokerWebhooks${part}`)) as string;
    expect(queues.size).toBe(3);
    for (const [id, queue] of queues) {
      expect(queue.Properties['FifoQueue'], id).toBeUndefined(); // per-message DelaySeconds for retries: FIFO queues take none
      expect(queue.Properties['SqsManagedSseEnabled'], id).toBe(true);
    }
    expect(queues.get(queueId('Queue'))?.Properties).toMatchObject({ VisibilityTimeout: 360, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId('DeadLetterQueue'), 'Arn'] }, maxReceiveCount: 5 } });
    const tlsOnly = ofType('AWS::SQS::QueuePolicy').filter(([id]) => id.includes('Webhooks'));
    expect(tlsOnly.map(([, policy]) => refOf((policy.Properties['Queues'] as unknown[])[0])).sort()).toEqual([...queues.keys()].sort());

    const mappings = new Map(ofType('AWS::Lambda::EventSourceMapping').filter(([id]) => id.includes('Webhooks')));
    expect(mappings.size).toBe(2);
    const [, routerMapping] = [...mappings].find(([id]) => id.includes('RouterEvents')) as [string, Resource];
    expect(routerMapping.Properties).toEqual({
      FunctionName: { Ref: expect.stringContaining('WebhooksRouter') },
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId('RouterFailures'), 'Arn'] } } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: ['EVENT'] } } } }) }] },
    });
    const [, dispatcherMapping] = [...mappings].find(([id]) => id.includes('Dispatcher')) as [string, Resource];
    expect(dispatcherMapping.Properties).toEqual({ FunctionName: { Ref: expect.stringContaining('WebhooksDispatcher') }, EventSourceArn: { 'Fn::GetAtt': [queueId('Queue'), 'Arn'] }, BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });

    const variablesOf = (part: string) => ((ofType('AWS::Lambda::Function').find(([id]) => id.includes(part))?.[1] as Resource).Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    const settings = { PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'https', PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'POST', PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '10 60 120 300 600 1200' };
    for (const part of ['WebhooksRouter', 'WebhooksDispatcher', 'ApiPublishContracts']) {
      expect(variablesOf(part), part).toMatchObject({ ...settings, WEBHOOK_QUEUE_URL: { Ref: queueId('Queue') }, TENANT_DATA_ROLE_ARN: { 'Fn::GetAtt': [expect.stringContaining('TenantWriteDataRole'), 'Arn'] } });
      expect(variablesOf(part)['PACT_BROKER_WEBHOOK_HOST_WHITELIST'], part).toBeUndefined(); // no host is allowed unless the operator lists it
    }
    // Read routes know the queue, but not the webhook settings.
    expect(variablesOf('ApiGetPacticipant')).toMatchObject({ WEBHOOK_QUEUE_URL: { Ref: queueId('Queue') } });
    expect(variablesOf('ApiGetPacticipant')['PACT_BROKER_WEBHOOK_RETRY_SCHEDULE']).toBeUndefined();
  });

  it('logs every request of the default stage, as JSON, to a log group of its own', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const settings = stage.Properties['AccessLogSettings'] as { DestinationArn: unknown; Format: string };
    const logGroupId = getAttOf(settings.DestinationArn);
    expect((resources[logGroupId] as Resource).Type).toBe('AWS::Logs::LogGroup');
    // Not the functions' group.
    const functionLogGroups = new Set(ofType('AWS::Lambda::Function').map(([, fn]) => refOf((fn.Properties['LoggingConfig'] as { LogGroup: unknown }).LogGroup)));
    expect(functionLogGroups.size).toBe(1);
    expect(functionLogGroups.has(logGroupId)).toBe(false);
    expect(JSON.parse(settings.Format)).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status', tenantId: '$context.authorizer.tenantId' });
  });

  // CloudFormation takes at most 500 resources per stack, and each route costs four (function, route, integration,
  // invoke permission). Past this bound the routes must move into nested stacks before the next few are added.
  it('stays under the CloudFormation resource limit, with room for a few more routes', () => {
    expect(Object.keys(resources).length).toBeLessThan(480);
  });
});

describe('the PactBroker construct options', () => {
  // Bundling skipped: these only look at the table and the environment, and a second bundle would double the run time.
  const synthesize = (props: PactBrokerProps): Record<string, Resource> => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Embedding');
    new PactBroker(stack, 'PactBroker', props);
    const synthesized = Template.fromStack(stack).toJSON()['Resources'] as Record<string, Resource>;
    removeAssembly(app.synth().directory);
    return synthesized;
  };
  const tableOf = (from: Record<string, Resource>) => {
    const [[, table]] = ofType('AWS::DynamoDB::GlobalTable', from) as [[string, Resource]];
    const [replica] = table.Properties['Replicas'] as { DeletionProtectionEnabled?: boolean; PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean } }[];
    return { deletionPolicy: table.DeletionPolicy, deletionProtection: replica?.DeletionProtectionEnabled ?? false, pitr: replica?.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled };
  };

  it('destroys an unprotected table in dev', () => {
    expect(tableOf(synthesize({ stage: 'dev' }))).toEqual({ deletionPolicy: 'Delete', deletionProtection: false, pitr: true });
  });

  it('lets the embedding app choose the removal policy (a destroyed table is never deletion-protected)', () => {
    expect(tableOf(synthesize({ stage: 'preview', tableRemovalPolicy: RemovalPolicy.DESTROY }))).toEqual({ deletionPolicy: 'Delete', deletionProtection: false, pitr: true });
    expect(tableOf(synthesize({ stage: 'dev', tableRemovalPolicy: RemovalPolicy.RETAIN }))).toEqual({ deletionPolicy: 'Retain', deletionProtection: true, pitr: true });
  });

  it('sets BROKER_BASE_URL on every function when a base URL is given', () => {
    const functions = ofType('AWS::Lambda::Function', synthesize({ stage: 'dev', baseUrl: 'https://pact.example.com' }));
    expect(functions).toHaveLength(routes.length + 4);
    for (const [id, fn] of functions) {
      expect((fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables['BROKER_BASE_URL'], id).toBe('https://pact.example.com');
    }
  });

  it('passes the webhook settings, space-separated, to the router, the dispatcher and the write routes', () => {
    const functions = ofType('AWS::Lambda::Function', synthesize({ stage: 'dev', webhookHostWhitelist: ['ci.example.com', '*.example.org'], webhookSchemeWhitelist: ['http', 'https'], webhookHttpMethodWhitelist: ['POST', 'PUT'], webhookRetrySchedule: [1, 2] }));
    const expected = { PACT_BROKER_WEBHOOK_HOST_WHITELIST: 'ci.example.com *.example.org', PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http https', PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'POST PUT', PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1 2' };
    const writeIds = routes.filter((route) => route.access === 'write').map((route) => `PactBrokerApi${constructIdOf(route.operationId)}`);
    let withSettings = 0;
    for (const [id, fn] of functions) {
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      const takes = id.includes('WebhooksRouter') || id.includes('WebhooksDispatcher') || writeIds.some((prefix) => id.startsWith(prefix));
      if (takes) withSettings++;
      for (const [name, value] of Object.entries(expected)) expect(variables[name], `${id} ${name}`).toBe(takes ? value : undefined);
    }
    expect(withSettings).toBe(writeIds.length + 2);
  });
});

describe('the bundled functions', () => {
  it('serve a request from the synthesized ESM bundle against DynamoDB Local, under the template\'s IAM', async () => {
    const endpoint = inject('dynamoDbEndpoint');
    useLocalAwsSettings(endpoint);
    const tableName = `bundle-${randomUUID()}`;
    await ensureTable(endpoint, tableName);
    // Tenants are seeded where they are created (the admin API), not by the request that reads them.
    await seedInitialTenant(tenantContext({ client: createDocumentClient(), tableName }, 'bundled'));
    // The function's role and variables from this very template, its calls authorized by the local AWS rules endpoint.
    const template = { Resources: resources } as unknown as LocalTemplate;
    const deployment = describeDeployment(template, { region: 'us-east-1', accountId: LOCAL_ACCOUNT, tableName, queues: placeholderQueues(template, 'us-east-1', LOCAL_ACCOUNT) });
    const aws = await startAwsEndpoint({ dynamoDbEndpoint: endpoint, region: 'us-east-1', accountId: LOCAL_ACCOUNT, enforce: true });
    aws.register(deployment);
    const [id, fn] = ofType('AWS::Lambda::Function').find(([logicalId]) => logicalId.includes('ListEnvironments')) as [string, Resource];
    const spec = deployment.functions.get(id);
    if (spec === undefined) throw new Error('ListEnvironments is not in the deployment');
    const credentials = aws.issue(roleSessionPrincipal(deployment, spec.roleArn, id));
    const saved = { ...process.env };
    Object.assign(process.env, spec.environment, {
      AWS_ENDPOINT_URL_DYNAMODB: aws.url,
      AWS_ENDPOINT_URL_STS: aws.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
    });
    try {
      const bundle = join(assemblyDirectory, fn.Metadata?.['aws:asset:path'] as string, 'index.mjs');
      const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }> };
      const event = {
        version: '2.0',
        routeKey: 'GET /environments',
        rawPath: '/environments',
        rawQueryString: '',
        headers: {},
        isBase64Encoded: false,
        requestContext: { http: { method: 'GET', path: '/environments' }, requestId: 'r1', domainName: 'broker.example', authorizer: { lambda: { principal: 'tenant', tenantId: 'bundled', role: 'read', tokenId: 't' } } },
      };
      const result = await handler(event, { awsRequestId: 'a', functionName: 'listEnvironments', getRemainingTimeInMillis: () => 10_000 });
      expect(result.statusCode, result.body).toBe(200);
      expect(JSON.parse(result.body)._embedded.environments.map((environment: { name: string }) => environment.name)).toEqual(['production', 'test']);
      expect(aws.denials).toEqual([]);
      expect([...(aws.used.get(spec.roleArn) ?? [])]).toEqual(['sts:AssumeRole']);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      await aws.close();
    }
  });

  it('every bundle loads as ESM in plain Node (as Lambda loads it) and exports a handler', async () => {
    const bundles = ofType('AWS::Lambda::Function').map(([, fn]) => join(assemblyDirectory, fn.Metadata?.['aws:asset:path'] as string, 'index.mjs'));
    // A child Node process, as Lambda would load them: vitest's module runner would transform each 400 KB bundle (~10x slower).
    const script = `for (const bundle of process.argv.slice(1)) { const m = await import(bundle); if (typeof m.handler !== 'function') throw new Error(bundle + ' exports no handler'); }`;
    const environment = { ...process.env, TABLE_NAME: 'loaded', TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:000000000000:table/loaded', AWS_REGION: 'eu-west-1' };
    await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script, ...bundles.map((bundle) => pathToFileURL(bundle).href)], { env: environment });
  });
});
