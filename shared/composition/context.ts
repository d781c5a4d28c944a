/**
 * The composition root: the one place that binds a tenant to its scoped DynamoDB client and the repositories to
 * both. The HTTP middleware (`#http/api-handler.ts`), the comparison worker and the local tools build their
 * contexts here; services only ever receive the result.
 */
import type { Db } from '#storage/client.ts';
import { getDb } from '#storage/client.ts';
import { getTenantDb } from '#storage/tenant-scope.ts';
import { dynamoOperatorRepositories, dynamoRepositories } from '#storage/repositories/index.ts';
import { sqsComparisonQueue } from '#queue/publisher.ts';
import { operatorContext, serviceContext, type ContextOptions, type OperatorContext, type ServiceContext } from '#services/context.ts';

/** A tenant's context over a given client (tests and local tools pass their own; requests use `forTenant`). */
export function tenantContext(db: Db, tenant: string, options: Partial<ContextOptions> = {}): ServiceContext {
  return serviceContext(dynamoRepositories(db, tenant), tenant, { comparisonQueue: sqsComparisonQueue, ...options });
}

/** A tenant's context in AWS: the client is the tenant's scoped session (its IAM policy admits only its keys). */
export async function forTenant(tenant: string, options: Partial<ContextOptions> = {}): Promise<ServiceContext> {
  return tenantContext(await getTenantDb(tenant), tenant, options);
}

/** The operator's context (admin API, authorizer) over the function's own client. */
export const forOperator = (db: Db = getDb(), options: Parameters<typeof operatorContext>[1] = {}): OperatorContext => operatorContext(dynamoOperatorRepositories(db), options);
