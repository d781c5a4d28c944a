/** The readiness check: can this function reach the table through the same path tenant requests take? */
import type { ReadContext } from './context.ts';

/** A tenant id no tenant can have (ids start with a letter or digit), so the probe reads nobody's data. */
export const READINESS_TENANT = '-readiness';

/** Resolves when a consistent read of the table succeeds; rejects with the SDK's error (an outage maps to 503). */
export async function checkDatabase(probe: Pick<ReadContext, 'tenant'>): Promise<void> {
  await probe.tenant.exists();
}
