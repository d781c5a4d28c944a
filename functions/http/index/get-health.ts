import { apiHandler } from '#http/api-handler.ts';
import { firstValue } from '#http/query.ts';
import { READINESS_TENANT, checkDatabase } from '#services/readiness.ts';
import { forTenant } from '#composition/context.ts';

/**
 * Liveness: needs no tenant and touches no data. With `?deep=true` it is also a readiness check: it reads the table
 * the way tenant requests do (an STS session scoped to a tenant that cannot exist, then a GetItem), and answers 503
 * with Retry-After when the database cannot be reached, so monitors see an outage.
 */
export const handler = apiHandler('getHealth', async (request) => {
  if (firstValue(request.query, 'deep') !== 'true') return { status: 200, body: { status: 'ok' } };
  await checkDatabase(await forTenant(READINESS_TENANT));
  return { status: 200, body: { status: 'ok', database: 'ok' } };
});
