/** Assertions on the synthesized CloudFormation template (no AWS account needed). Bundling is on, so bundling errors fail here. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable, useLocalAwsSettings } from '../../infra/local/dynamodb-local.ts';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BrokerStack } from '../../infra/broker-stack.ts';
import { routes } from '../../shared/http/routes.ts';
import { brokerTableDefinition } from '../../shared/storage/table-definition.ts';

let template: Template;
type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> };
let resources: Record<string, Resource>;
let assemblyDirectory: string;

beforeAll(() => {
  // Asset metadata (as the CDK CLI asks for) tells which bundle directory belongs to which function.
  const app = new App({ context: { stage: 'test', 'aws:cdk:enable-asset-metadata': true } });
  const stack = new BrokerStack(app, 'TestBroker', { stage: 'test', adminTokenSha256: 'ab'.repeat(32) });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
  assemblyDirectory = app.synth().directory;
}, 300_000);

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

describe('the broker stack', () => {
  it('has exactly one API route per route-table entry', () => {
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, resource]) => resource.Properties['RouteKey']);
    expect(routeKeys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('puts the token authorizer on every route except the public ones', () => {
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0] as [string, Resource];
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'REQUEST', EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 0, IdentitySource: [] });
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      const path = String(route.Properties['RouteKey']).split(' ')[1];
      const isPublic = routes.some((candidate) => candidate.public && candidate.path === path);
      if (isPublic) expect(route.Properties['AuthorizationType'] ?? 'NONE', String(route.Properties['RouteKey'])).toBe('NONE');
      else expect(route.Properties['AuthorizerId'], String(route.Properties['RouteKey'])).toEqual({ Ref: authorizerId });
    }
  });

  it('runs every function on Node 24, arm64, with the table configured', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBe(routes.length + 1); // one per route, plus the authorizer
    for (const [id, fn] of functions) {
      expect(fn.Properties['Runtime'], id).toBe('nodejs24.x');
      expect(fn.Properties['Architectures'], id).toEqual(['arm64']);
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(variables['TABLE_NAME'], id).toBeDefined();
      expect(variables['BROKER_AUTH'], id).toBe('on');
    }
  });

  it('builds the table from the shared key definition, with point-in-time recovery and deletion protection outside dev', () => {
    const tables = ofType('AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(1);
    const table = (tables[0] as [string, Resource])[1].Properties;
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
    const replicas = table['Replicas'] as { PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean }; DeletionProtectionEnabled?: boolean }[];
    expect(replicas[0]?.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled).toBe(true);
    expect(replicas[0]?.DeletionProtectionEnabled).toBe(true);
  });

  it('never allows Scan, and gives tenant routes no direct DynamoDB access', () => {
    const policies = ofType('AWS::IAM::Policy');
    const statementsOf = (policy: Resource) => (policy.Properties['PolicyDocument'] as { Statement: { Effect: string; Action: string | string[] }[] }).Statement;
    for (const [id, policy] of policies) {
      for (const statement of statementsOf(policy)) {
        const actions = ([] as string[]).concat(statement.Action);
        if (statement.Effect === 'Allow') {
          expect(actions, id).not.toContain('dynamodb:Scan');
          expect(actions, id).not.toContain('dynamodb:*');
        }
      }
    }
    // The functions serving tenant routes run as the read or write role; those may only assume the tenant data roles.
    const roleIdOf = (operationId: string): string => {
      const logicalId = Object.keys(resources).find((id) => resources[id]?.Type === 'AWS::Lambda::Function' && id.includes(operationId.charAt(0).toUpperCase() + operationId.slice(1)));
      const role = resources[logicalId as string]?.Properties['Role'] as { 'Fn::GetAtt': [string, string] };
      return role['Fn::GetAtt'][0];
    };
    const tenantRoles = [roleIdOf('getVersion'), roleIdOf('recordDeployment')];
    expect(new Set(tenantRoles).size).toBe(2);
    const tenantPolicies = policies.filter(([, policy]) => (policy.Properties['Roles'] as { Ref: string }[]).some((ref) => tenantRoles.includes(ref.Ref)));
    expect(tenantPolicies.length).toBeGreaterThan(0);
    for (const [id, policy] of tenantPolicies) {
      for (const statement of statementsOf(policy)) {
        const actions = ([] as string[]).concat(statement.Action);
        if (statement.Effect === 'Allow') expect(actions, id).toEqual(['sts:AssumeRole']);
      }
    }
  });

  it('shares a handful of roles between all functions and stays well under the resource limit', () => {
    const functionRoles = new Set(ofType('AWS::Lambda::Function').map(([, fn]) => JSON.stringify(fn.Properties['Role'])));
    expect(functionRoles.size).toBe(3); // read, write, admin
    expect(Object.keys(resources).length).toBeLessThan(450);
  });
});

describe('the bundled functions', () => {
  it('serve a request from the synthesized ESM bundle against DynamoDB Local', async () => {
    const endpoint = inject('dynamoDbEndpoint');
    useLocalAwsSettings(endpoint);
    const tableName = `bundle-${randomUUID()}`;
    await ensureTable(endpoint, tableName);
    Object.assign(process.env, { TABLE_NAME: tableName, BROKER_AUTH: 'on' });
    const [, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.includes('ListEnvironments')) as [string, Resource];
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
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)._embedded.environments.map((environment: { name: string }) => environment.name)).toEqual(['production', 'test']);
  });
});
