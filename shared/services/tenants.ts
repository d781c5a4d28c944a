/** Tenant set-up: every tenant starts with the `test` and `production` environments (once, ever). */
import type { Environment } from '#domain/model.ts';
import { seedTenant } from '#storage/repositories/tenants.ts';
import { nowOf, type ServiceContext } from './context.ts';

export function initialEnvironments(context: ServiceContext, now: string): Environment[] {
  return [
    { uuid: context.newId(), name: 'test', displayName: 'Test', production: false, createdAt: now },
    { uuid: context.newId(), name: 'production', displayName: 'Production', production: true, createdAt: now },
  ];
}

const seededInThisProcess = new Set<string>();

/**
 * Makes sure the tenant exists with its initial environments. Costs one conditional write per tenant per
 * process (Lambda container): after that, it is remembered.
 */
export async function ensureTenant(context: ServiceContext): Promise<void> {
  const cacheKey = `${context.db.tableName}\u0000${context.tenant}`;
  if (seededInThisProcess.has(cacheKey)) return;
  const now = nowOf(context);
  await seedTenant(context.db, context.tenant, initialEnvironments(context, now), now);
  seededInThisProcess.add(cacheKey);
}
