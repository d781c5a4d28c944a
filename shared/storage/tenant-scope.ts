/**
 * Defence in depth for tenant isolation in AWS. Besides every key starting with the tenant, the functions that serve
 * tenant data hold no DynamoDB permission of their own: per tenant they assume a data role with a session policy
 * that only allows items whose partition key is `T#<tenant>` or starts with `T#<tenant>#` (`dynamodb:LeadingKeys`,
 * which also applies to the partition keys of the global indexes). A bug that built another tenant's key would
 * be refused by IAM. `Scan` is never in the allowed actions: a scan carries no leading keys, and `ForAllValues`
 * would let it through.
 *
 * Credentials are cached per tenant for the life of the container (refreshed a minute before they expire), so the
 * STS call happens once per tenant per container, not per request. Locally (DynamoDB Local, no STS) the plain
 * client is used: set TENANT_DATA_ROLE_ARN to turn scoping on.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createDocumentClient, getDb, requiredEnv, type Db } from './client.ts';
import { tenantPrefix } from './keys.ts';

export const TENANT_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/** The session policy that confines a session to one tenant's items. */
export function tenantSessionPolicy(tableArn: string, tenant: string): string {
  const prefix = tenantPrefix(tenant); // Tenant ids are [a-z0-9-]: no IAM wildcard characters can sneak in.
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [...TENANT_DATA_ACTIONS],
        Resource: [tableArn, `${tableArn}/index/*`],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [prefix, `${prefix}#*`] } },
      },
    ],
  });
}

const scoped = new Map<string, { db: Db; expires: number }>();
let sts: STSClient | undefined;

/** The Db to serve one tenant's request with: scoped by IAM where TENANT_DATA_ROLE_ARN is configured. */
export async function getTenantDb(tenant: string): Promise<Db> {
  const roleArn = process.env['TENANT_DATA_ROLE_ARN'];
  if (roleArn === undefined || roleArn === '') return getDb();
  const cached = scoped.get(tenant);
  if (cached !== undefined && cached.expires > Date.now() + 60_000) return cached.db;
  sts ??= new STSClient({});
  const result = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: `tenant-${tenant}`.slice(0, 64),
      Policy: tenantSessionPolicy(requiredEnv('TABLE_ARN'), tenant),
      DurationSeconds: 900,
    }),
  );
  const credentials = result.Credentials;
  if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) throw new Error('STS returned no credentials');
  const client = createDocumentClient({
    credentials: { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}) },
  });
  const db: Db = { client, tableName: getDb().tableName };
  scoped.set(tenant, { db, expires: credentials.Expiration?.getTime() ?? Date.now() + 900_000 });
  return db;
}
