/**
 * The local AWS rules are live: the roles and policies of the synthesized template are enforced on every call, the
 * way AWS would enforce them — so the other suites, which run on the same runtime, are known to be guarded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { tenantSessionPolicy } from '../../shared/storage/tenant-scope.ts';
import { seedTenant } from '../../shared/storage/repositories/tenants.ts';
import { createDocumentClient, type Db } from '../../shared/storage/client.ts';
import { loadTemplate, type Template } from '../../infra/local/aws/template.ts';
import { roleNamed } from '../../infra/local/aws/deployment.ts';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';

type AwsCredentialIdentity = { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };

let broker: TestBroker;
const region = 'us-east-1';

beforeAll(async () => {
  broker = await startTestBroker({ expectDenials: true });
});
afterAll(async () => {
  await broker?.close();
});

/** The ARN of the template role whose logical id starts with `prefix` (e.g. `PactBrokerReadRole`). */
const roleArn = (prefix: string): string => roleNamed(broker.aws.deployment, prefix);
/** Credentials of a function's execution role, as Lambda gives them to the function. */
const executionRole = (prefix: string): AwsCredentialIdentity => broker.aws.credentialsFor(roleArn(prefix), `test-${prefix}`);
const documentClient = (credentials: AwsCredentialIdentity): DynamoDBDocumentClient => createDocumentClient({ endpoint: broker.aws.endpoint.url, region, credentials });

/** What tenant routes do: assume a data role with the tenant's session policy (shared/storage/tenant-scope.ts). */
async function tenantSession(callerPrefix: string, dataRolePrefix: string, tenant: string): Promise<AwsCredentialIdentity> {
  const sts = new STSClient({ endpoint: broker.aws.endpoint.url, region, credentials: executionRole(callerPrefix) });
  const result = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(dataRolePrefix), RoleSessionName: `tenant-${tenant}`, Policy: tenantSessionPolicy(broker.aws.deployment.tableArn, tenant), DurationSeconds: 900 }));
  const credentials = result.Credentials;
  return { accessKeyId: credentials?.AccessKeyId as string, secretAccessKey: credentials?.SecretAccessKey as string, sessionToken: credentials?.SessionToken as string };
}

const tableName = () => broker.operatorDb.tableName;
const denied = expect.objectContaining({ name: 'AccessDeniedException' });

describe('IAM from the synthesized template', () => {
  it('a read route cannot write: its tenant session may read its own keys, and a write (the old per-request seeding) is refused', async () => {
    const client = documentClient(await tenantSession('PactBrokerReadRole', 'PactBrokerTenantReadDataRole', 'alpha'));
    await expect(client.send(new GetCommand({ TableName: tableName(), Key: { PK: 'T#alpha', SK: 'TENANT' } }))).resolves.toBeDefined();
    await expect(client.send(new QueryCommand({ TableName: tableName(), IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'T#alpha#x' } }))).resolves.toBeDefined();
    await expect(client.send(new PutCommand({ TableName: tableName(), Item: { PK: 'T#alpha', SK: 'X' } }))).rejects.toEqual(denied);
    const readDb: Db = { client, tableName: tableName() };
    await expect(seedTenant(readDb, 'alpha', [], new Date().toISOString())).rejects.toEqual(denied);
    expect(broker.aws.endpoint.denials.at(-1)).toMatchObject({ action: 'dynamodb:PutItem', detail: 'PK=T#alpha' });
  });

  it("tenant A's session cannot touch tenant B's keys, nor keys that merely start with A's id", async () => {
    const client = documentClient(await tenantSession('PactBrokerWriteRole', 'PactBrokerTenantWriteDataRole', 'alpha'));
    await expect(client.send(new PutCommand({ TableName: tableName(), Item: { PK: 'T#alpha#probe', SK: 'X' } }))).resolves.toBeDefined();
    await expect(client.send(new GetCommand({ TableName: tableName(), Key: { PK: 'T#bravo', SK: 'TENANT' } }))).rejects.toEqual(denied);
    await expect(client.send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'T#bravo#P#Foo' } }))).rejects.toEqual(denied);
    await expect(client.send(new PutCommand({ TableName: tableName(), Item: { PK: 'T#alphabet', SK: 'X' } }))).rejects.toEqual(denied);
  });

  it('no role may scan, and the functions serving tenants hold no DynamoDB permission of their own', async () => {
    for (const prefix of ['PactBrokerReadRole', 'PactBrokerWriteRole', 'PactBrokerWorkerRole', 'PactBrokerAdminRole']) {
      await expect(documentClient(executionRole(prefix)).send(new ScanCommand({ TableName: tableName() })), prefix).rejects.toEqual(denied);
    }
    for (const prefix of ['PactBrokerReadRole', 'PactBrokerWriteRole', 'PactBrokerWorkerRole']) {
      await expect(documentClient(executionRole(prefix)).send(new GetCommand({ TableName: tableName(), Key: { PK: 'T#alpha', SK: 'TENANT' } })), prefix).rejects.toEqual(denied);
    }
    await expect(documentClient(executionRole('PactBrokerAdminRole')).send(new GetCommand({ TableName: tableName(), Key: { PK: 'T#alpha', SK: 'TENANT' } }))).resolves.toBeDefined();
  });

  it('only the roles the trust policies name may assume a data role', async () => {
    await expect(tenantSession('PactBrokerReadRole', 'PactBrokerTenantWriteDataRole', 'alpha')).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(tenantSession('PactBrokerWorkerRole', 'PactBrokerTenantReadDataRole', 'alpha')).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(tenantSession('PactBrokerAdminRole', 'PactBrokerTenantWriteDataRole', 'alpha')).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(tenantSession('PactBrokerWorkerRole', 'PactBrokerTenantWriteDataRole', 'alpha')).resolves.toBeDefined();
  });

  it('STS refuses what AWS refuses: an oversized session policy, a bad session name, unknown credentials', async () => {
    const sts = new STSClient({ endpoint: broker.aws.endpoint.url, region, credentials: executionRole('PactBrokerWriteRole') });
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Sid: 'x'.repeat(2100) }] });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: roleArn('PactBrokerTenantWriteDataRole'), RoleSessionName: 'ok', Policy: policy }))).rejects.toMatchObject({ name: expect.stringMatching(/PackedPolicyTooLarge/) });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: roleArn('PactBrokerTenantWriteDataRole'), RoleSessionName: 'tenant a/b' }))).rejects.toMatchObject({ name: expect.stringMatching(/ValidationError/) });
    const stranger = documentClient({ accessKeyId: 'AKIANOTISSUED', secretAccessKey: 'x' });
    await expect(stranger.send(new GetCommand({ TableName: tableName(), Key: { PK: 'T#alpha', SK: 'TENANT' } }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('the worker may consume its queue but not send to it; the routes may send but not consume', async () => {
    const queueUrl = broker.aws.queueUrls[broker.aws.deployment.eventSources[0]?.queueLogicalId as string] as string;
    const sqs = (prefix: string) => new SQSClient({ endpoint: broker.aws.endpoint.url, region, useQueueUrlAsEndpoint: false, credentials: executionRole(prefix) });
    await expect(sqs('PactBrokerWorkerRole').send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }))).resolves.toBeDefined();
    await expect(sqs('PactBrokerWorkerRole').send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd' }))).rejects.toMatchObject({ name: expect.stringMatching(/AccessDenied/) });
    await expect(sqs('PactBrokerReadRole').send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }))).rejects.toMatchObject({ name: expect.stringMatching(/AccessDenied/) });
  });
});

describe('API Gateway from the synthesized template', () => {
  it('answers what the HTTP API answers for a path or method it has no route for', async () => {
    for (const [method, path] of [['GET', '/no/such/route'], ['POST', '/deployed-versions/abc'], ['DELETE', '/environments']]) {
      const response = await http(broker.url, method as string, path as string);
      expect([response.status, response.body], `${method} ${path}`).toEqual([404, { message: 'Not Found' }]);
    }
  });

  it('stores only contracts that can be read back within Lambda’s 6 MB response, and reads the largest back whole', async () => {
    const pact = (interactions: number) => ({ consumer: { name: 'Big' }, provider: { name: 'Bar' }, interactions: Array.from({ length: interactions }, (_, index) => ({ description: `interaction ${index}`, request: { method: 'GET', path: `/things/${index}` }, response: { status: 200, body: { padding: 'z'.repeat(1000) } } })), metadata: { pactSpecification: { version: '2.0.0' } } });
    const largest = pact(4900); // about 5.5 MB as returned
    const put = await http(broker.url, 'PUT', '/pacts/provider/Bar/consumer/Big/version/1', largest);
    expect(put.status, put.text.slice(0, 300)).toBe(201);
    const read = await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Big/version/1');
    expect(read.status).toBe(200);
    expect(read.body.interactions).toEqual(largest.interactions);
    const tooLarge = await http(broker.url, 'PUT', '/pacts/provider/Bar/consumer/Big/version/2', pact(5200));
    expect([tooLarge.status, Object.keys(tooLarge.body.errors ?? {})]).toEqual([400, ['contracts']]);
    expect((await http(broker.url, 'GET', '/pacts/provider/Bar/consumer/Big/version/2')).status).toBe(404);
  });

  it('refuses an event over Lambda’s 6 MB with 413, before any function runs', async () => {
    const response = await http(broker.url, 'PUT', '/pacticipants/Foo', JSON.stringify({ displayName: 'x'.repeat(6.5 * 1024 * 1024) }));
    expect([response.status, response.body]).toEqual([413, { message: 'Request Entity Too Large' }]);
  });
});

describe('the authorizer as the template configures it', () => {
  it('honours identity sources and result caching when the template sets them', async () => {
    const { sha256Hex } = await import('../../shared/services/auth.ts');
    const template = structuredClone(await loadTemplate()) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::ApiGatewayV2::Authorizer') continue;
      Object.assign(resource.Properties as Record<string, unknown>, { IdentitySource: ['$request.header.Authorization'], AuthorizerResultTtlInSeconds: 300 });
    }
    let authorizerCalls = 0;
    const secured = await startTestBroker({
      auth: true,
      adminTokenSha256: sha256Hex('cache-test-admin-credential'),
      template: template as unknown as Template,
      onInvoke: (functionId) => {
        if (functionId.includes('Authorizer')) authorizerCalls++;
      },
    });
    try {
      const admin = { Authorization: 'Bearer cache-test-admin-credential' };
      expect((await http(secured.url, 'POST', '/admin/tenants', { tenantId: 'cached' }, admin)).status).toBe(201);
      const token = (await http(secured.url, 'POST', '/admin/tenants/cached/tokens', { role: 'read' }, admin)).body.token as string;
      const before = authorizerCalls;
      const missing = await http(secured.url, 'GET', '/environments');
      expect([missing.status, missing.body, authorizerCalls - before]).toEqual([401, { message: 'Unauthorized' }, 0]);
      for (let call = 0; call < 3; call++) expect((await http(secured.url, 'GET', '/environments', undefined, { Authorization: `Bearer ${token}` })).status).toBe(200);
      expect(authorizerCalls - before).toBe(1);
    } finally {
      await secured.close();
    }
  });
});

describe('a weakened template makes the suites fail', () => {
  const withoutAction = (template: Template, roleIdPrefix: string, action: string): Template => {
    const copy = structuredClone(template) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    for (const resource of Object.values(copy.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const roles = (resource.Properties?.['Roles'] ?? []) as { Ref?: string }[];
      if (!roles.some((role) => role.Ref?.startsWith(roleIdPrefix))) continue;
      const document = resource.Properties?.['PolicyDocument'] as { Statement: { Action: string | string[] }[] };
      for (const statement of document.Statement) {
        if (Array.isArray(statement.Action)) statement.Action = statement.Action.filter((candidate) => candidate !== action);
      }
    }
    return copy as unknown as Template;
  };

  it('without PutItem on the tenant write data role, a publication fails and the refusal names the function, action and key', async () => {
    const weakened = await startTestBroker({ expectDenials: true, template: withoutAction(await loadTemplate(), 'PactBrokerTenantWriteDataRole', 'dynamodb:PutItem') });
    try {
      const pact = { consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions: [], metadata: { pactSpecification: { version: '2.0.0' } } };
      const response = await http(weakened.url, 'POST', '/contracts/publish', {
        pacticipantName: 'Foo',
        pacticipantVersionNumber: '1',
        contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(pact)).toString('base64') }],
      });
      expect(response.status).toBe(500);
      expect(weakened.aws.endpoint.denials[0]).toMatchObject({ action: 'dynamodb:PutItem', label: expect.stringContaining('POST /contracts/publish') });
      // The same publication on the real template succeeds.
      const healthy = await http(broker.url, 'POST', '/contracts/publish', {
        pacticipantName: 'Foo',
        pacticipantVersionNumber: '1',
        contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(pact)).toString('base64') }],
      });
      expect(healthy.status).toBe(200);
    } finally {
      await weakened.close();
    }
  });
});

/** A loopback port nothing listens on (connections to it are refused at once). */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
    });
  });
}

describe('the authorizer, the admin API, the worker, the router and the dispatcher hold exactly what they use', () => {
  const ADMIN_TOKEN = 'aws-rules-admin-credential-0123456789';
  /** Actions Lambda's SQS event source mapping needs on the queue besides receiving and deleting (it runs them itself). */
  const EVENT_SOURCE_ONLY = new Set(['sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']);

  it('every action the template grants them is used by a full flow, and nothing else is', async () => {
    const { sha256Hex } = await import('../../shared/services/auth.ts');
    // Webhooks may reach loopback over http here: a webhook to a closed port fails twice (its retry is re-enqueued).
    const secured = await startTestBroker({
      auth: true,
      adminTokenSha256: sha256Hex(ADMIN_TOKEN),
      webhookSettings: { PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1', PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http', PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1' },
    });
    try {
      const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
      expect((await http(secured.url, 'POST', '/admin/tenants', { tenantId: 'acme' }, admin)).status).toBe(201);
      const token = (await http(secured.url, 'POST', '/admin/tenants/acme/tokens', { role: 'write' }, admin)).body;
      const auth = { Authorization: `Bearer ${token.token as string}` };
      expect((await http(secured.url, 'GET', '/admin/tenants/acme/tokens', undefined, admin)).status).toBe(200);
      // A provider contract and a pact on the main branch: publication queues their comparison for the worker.
      const oas = 'openapi: 3.0.0\ninfo: {title: Bar, version: "1"}\npaths:\n  /things:\n    get:\n      responses: {"200": {description: ok}}\n';
      expect((await http(secured.url, 'POST', '/provider-contracts/provider/Bar/publish', { pacticipantVersionNumber: '1', branch: 'main', contract: { content: Buffer.from(oas).toString('base64'), contentType: 'application/yaml', specification: 'oas', selfVerificationResults: { success: true } } }, auth)).status).toBe(200);
      const webhook = { events: [{ name: 'contract_published' }], request: { method: 'POST', url: `http://127.0.0.1:${await closedPort()}/hook` } };
      expect((await http(secured.url, 'POST', '/webhooks', webhook, auth)).status).toBe(201);
      const pact = { consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions: [{ description: 'list', request: { method: 'GET', path: '/things' }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } };
      const published = await http(secured.url, 'POST', '/contracts/publish', { pacticipantName: 'Foo', pacticipantVersionNumber: '1', branch: 'main', contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(pact)).toString('base64') }] }, auth);
      expect(published.status).toBe(200);
      const reader = (await http(secured.url, 'POST', '/admin/tenants/acme/tokens', { role: 'read' }, admin)).body;
      expect((await http(secured.url, 'DELETE', `/admin/tenants/acme/tokens/${token.details?.tokenId ?? token.tokenId}`, undefined, admin)).status).toBe(204);

      const roleOf = (prefix: string) => secured.aws.deployment.roles.get(roleNamed(secured.aws.deployment, prefix));
      const granted = (prefix: string): Set<string> =>
        new Set(
          (roleOf(prefix)?.policies ?? []).flatMap((policy) =>
            policy.document.Statement.filter((statement) => statement['Effect'] === 'Allow').flatMap((statement) => ([] as string[]).concat(statement['Action'] as string | string[])),
          ).filter((action) => !action.startsWith('logs:')), // Lambda's runtime writes the logs, not the code
        );
      const used = (prefix: string): Set<string> => secured.aws.endpoint.used.get(roleOf(prefix)?.arn ?? '') ?? new Set();
      // The worker has run once its message is deleted (after the comparison was written).
      for (let attempt = 0; attempt < 150 && !used('PactBrokerWorkerRole').has('sqs:DeleteMessage'); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect([...used('PactBrokerAuthorizerRole')].sort()).toEqual([...granted('PactBrokerAuthorizerRole')].sort());
      expect([...used('PactBrokerAdminRole')].sort()).toEqual([...granted('PactBrokerAdminRole')].sort());
      expect([...used('PactBrokerWorkerRole')].sort()).toEqual([...granted('PactBrokerWorkerRole')].filter((action) => !EVENT_SOURCE_ONLY.has(action)).sort());
      // The webhook's two attempts have both been recorded once the triggered webhook has failed.
      for (let attempt = 0; attempt < 200; attempt++) {
        const triggered = await http(secured.url, 'GET', '/pacts/provider/Bar/consumer/Foo/version/1/triggered-webhooks', undefined, { Authorization: `Bearer ${reader.token as string}` });
        if (triggered.body?._embedded?.triggeredWebhooks?.[0]?.status === 'failure') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The local stream mapping lists no streams (it reads the one the template names); Lambda's may.
      const streamSourceOnly = new Set([...EVENT_SOURCE_ONLY, 'dynamodb:ListStreams']);
      expect([...used('PactBrokerEventRouterRole')].sort()).toEqual([...granted('PactBrokerEventRouterRole')].filter((action) => !streamSourceOnly.has(action)).sort());
      expect([...used('PactBrokerWebhookDispatcherRole')].sort()).toEqual([...granted('PactBrokerWebhookDispatcherRole')].filter((action) => !EVENT_SOURCE_ONLY.has(action)).sort());
    } finally {
      await secured.close();
    }
  });
});
