/**
 * A fresh broker table per test file in the shared DynamoDB Local, and service contexts to use it the way the
 * functions do: each tenant's context reaches the table through the AWS rules endpoint with a session of the template's
 * tenant write data role, scoped to that tenant by the session policy (shared/storage/tenant-scope.ts). So service
 * tests, too, fail if a service touches a key or uses an action the deployed role would refuse.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { assertLoopbackEndpoint, ensureTable, useLocalAwsSettings } from '../../infra/local/dynamodb-local.ts';
import { startAwsEndpoint } from '../../infra/local/aws/aws-endpoint.ts';
import { describeDeployment, placeholderQueues, roleNamed } from '../../infra/local/aws/deployment.ts';
import { LOCAL_ACCOUNT, awsRulesEnabled, roleSessionPrincipal } from '../../infra/local/aws/local-aws.ts';
import { loadTemplate } from '../../infra/local/aws/template.ts';
import type { IssuedCredentials } from '../../infra/local/aws/iam.ts';
import { createDocumentClient, type Db } from '../../shared/storage/client.ts';
import { tenantSessionPolicy } from '../../shared/storage/tenant-scope.ts';
import type { ServiceContext } from '../../shared/services/context.ts';
import { tenantContext as composeTenantContext } from '../../shared/composition/context.ts';
import type { Clock } from '../../shared/domain/time.ts';

const REGION = 'us-east-1';

interface Scope {
  readonly endpointUrl: string;
  readonly tableArn: string;
  readonly dataRoleArn: string;
  /** The write routes' execution role, which assumes the data role per tenant. */
  readonly callerCredentials: IssuedCredentials;
}

const scopes = new Map<string, Scope>();

/** A table and, beside it, the AWS rules endpoint its tenant contexts go through. The returned Db is unscoped (for checks). */
export async function createTestTable(): Promise<Db> {
  const endpoint = inject('dynamoDbEndpoint');
  assertLoopbackEndpoint(endpoint);
  useLocalAwsSettings(endpoint);
  const tableName = `broker-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  const template = await loadTemplate();
  const aws = await startAwsEndpoint({ dynamoDbEndpoint: endpoint, region: REGION, accountId: LOCAL_ACCOUNT, enforce: awsRulesEnabled() });
  aws.unref();
  // Queues are not used here; placeholders let the functions' variables resolve.
  const deployment = describeDeployment(template, { region: REGION, accountId: LOCAL_ACCOUNT, tableName, queues: placeholderQueues(template, REGION, LOCAL_ACCOUNT) });
  aws.register(deployment);
  scopes.set(tableName, {
    endpointUrl: aws.url,
    tableArn: deployment.tableArn,
    dataRoleArn: roleNamed(deployment, 'PactBrokerTenantWriteDataRole'),
    callerCredentials: aws.issue(roleSessionPrincipal(deployment, roleNamed(deployment, 'PactBrokerWriteRole'), 'integration-test')),
  });
  return { client: createDocumentClient(), tableName };
}

/** The tenant's Db as a write function holds it: a session of the data role limited to the tenant's keys. */
export function tenantDb(db: Db, tenant: string): Db {
  const scope = scopes.get(db.tableName);
  if (scope === undefined) return db;
  let credentials: Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> | undefined;
  const assume = async () => {
    const sts = new STSClient({ endpoint: scope.endpointUrl, region: REGION, credentials: scope.callerCredentials });
    const result = await sts.send(new AssumeRoleCommand({ RoleArn: scope.dataRoleArn, RoleSessionName: `tenant-${tenant}`.slice(0, 64), Policy: tenantSessionPolicy(scope.tableArn, tenant), DurationSeconds: 900 }));
    sts.destroy();
    return { accessKeyId: result.Credentials?.AccessKeyId as string, secretAccessKey: result.Credentials?.SecretAccessKey as string, sessionToken: result.Credentials?.SessionToken as string };
  };
  return { client: createDocumentClient({ endpoint: scope.endpointUrl, region: REGION, credentials: () => (credentials ??= assume()) }), tableName: db.tableName };
}

/** A clock the test moves by hand: deterministic timestamps, one second apart by default. */
export function steppingClock(start = '2026-01-01T00:00:00.000Z', stepMs = 1000): Clock & { readonly calls: number } {
  let current = Date.parse(start);
  let calls = 0;
  return {
    now: () => {
      calls++;
      const value = new Date(current);
      current += stepMs;
      return value;
    },
    get calls() {
      return calls;
    },
  };
}

export function tenantContext(db: Db, tenant = `tenant-${randomUUID()}`, clock?: Clock): ServiceContext {
  return composeTenantContext(tenantDb(db, tenant), tenant, clock === undefined ? {} : { clock });
}

/** Every item of the table, read consistently (tests only: the broker itself never scans). */
export async function scanTable(db: Db): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(new ScanCommand({ TableName: db.tableName, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return items;
}
