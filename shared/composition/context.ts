/**
 * The composition root: the one place that binds a tenant to its scoped DynamoDB client and the repositories to
 * both. Write routes (`#http/write-handler.ts`), the comparison worker and the local tools build their contexts here;
 * read routes in ./read-context.ts (reading methods only); the admin API and the authorizer in ./operator-context.ts.
 * Services only ever receive the result.
 */
import type { Db } from '#storage/client.ts';
import { getTenantDb } from '#storage/tenant-scope.ts';
import { dynamoRepositories } from '#storage/repositories/index.ts';
import { sqsComparisonQueue } from '#queue/publisher.ts';
import { sqsWebhookQueue } from '#queue/webhook-messages.ts';
import { serviceContext, type ContextOptions, type ServiceContext } from '#services/context.ts';

/** A tenant's context over a given client (tests and local tools pass their own; requests use `forTenant`). */
export function tenantContext(db: Db, tenant: string, options: Partial<ContextOptions> = {}): ServiceContext {
  return serviceContext(dynamoRepositories(db, tenant), tenant, { comparisonQueue: sqsComparisonQueue, webhookQueue: sqsWebhookQueue, ...options });
}

/** A tenant's context in AWS: the client is the tenant's scoped session (its IAM policy admits only its keys). */
export async function forTenant(tenant: string, options: Partial<ContextOptions> = {}): Promise<ServiceContext> {
  return tenantContext(await getTenantDb(tenant), tenant, options);
}
