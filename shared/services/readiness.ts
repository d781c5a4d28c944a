/** The readiness check: can this function reach the table through the same path tenant requests take? */
import { getTenantDb } from '#storage/tenant-scope.ts';
import { tenantExists } from '#storage/repositories/tenants.ts';

/** A tenant id no tenant can have (ids start with a letter or digit), so the probe reads nobody's data. */
export const READINESS_TENANT = '-readiness';

/** Resolves when a consistent read of the table succeeds; rejects with the SDK's error (an outage maps to 503). */
export async function checkDatabase(): Promise<void> {
  await tenantExists(await getTenantDb(READINESS_TENANT), READINESS_TENANT);
}
