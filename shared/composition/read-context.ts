/**
 * The composition root of read routes: a tenant bound to its scoped client and to the repositories' reading methods
 * only (`#storage/repositories/read-bindings.ts`). A read route's bundle carries no write code, as its IAM role
 * allows no write; `./context.ts` composes write routes the same way with every method.
 */
import type { Db } from '#storage/client.ts';
import { getTenantDb } from '#storage/tenant-scope.ts';
import { dynamoReadRepositories } from '#storage/repositories/read-bindings.ts';
import { sqsComparisonQueue } from '#queue/publisher.ts';
import { serviceContext, type ContextOptions, type ReadContext } from '#services/context.ts';

export function tenantReadContext(db: Db, tenant: string, options: Partial<ContextOptions> = {}): ReadContext {
  return serviceContext(dynamoReadRepositories(db, tenant), tenant, { comparisonQueue: sqsComparisonQueue, ...options });
}

/** A read route's context in AWS: the tenant's scoped session, reading methods only. */
export async function forTenantReads(tenant: string, options: Partial<ContextOptions> = {}): Promise<ReadContext> {
  return tenantReadContext(await getTenantDb(tenant), tenant, options);
}
