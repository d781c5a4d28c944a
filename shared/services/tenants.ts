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

/**
 * Creates the tenant with its initial environments, where a tenant is created (the admin API; locally the default
 * tenant at start-up) and never per request: read routes may not write (their IAM role cannot). A second seeding is a
 * no-op that returns false.
 */
export async function seedInitialTenant(context: ServiceContext): Promise<boolean> {
  const now = nowOf(context);
  return seedTenant(context.db, context.tenant, initialEnvironments(context, now), now);
}
