/** Tenant set-up: every tenant starts with the `test` and `production` environments (once, ever). */
import type { Environment } from '#domain/model.ts';
import { nowOf, type ServiceContext } from './context.ts';

export function initialEnvironments(context: Pick<ServiceContext, 'newId'>, now: string): Environment[] {
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
  return context.tenant.seed(initialEnvironments(context, now), now);
}
