import { readHandler } from '#http/read-handler.ts';
import { firstValue } from '#http/query.ts';
import { READINESS_TENANT, checkDatabase } from '#services/readiness.ts';
import { forTenantReads } from '#composition/read-context.ts';

/**
 * Liveness: needs no tenant and touches no data. With `?deep=true` it is also a readiness check: it reads the table
 * the way tenant requests do (an STS session scoped to a tenant that cannot exist, then a GetItem), and answers 503
 * with Retry-After when the database cannot be reached, so monitors see an outage.
 */
export const handler = readHandler('getHealth', async (request) => {
  if (firstValue(request.query, 'deep') !== 'true') return { status: 200, body: { status: 'ok' } };
  await checkDatabase(await forTenantReads(READINESS_TENANT));
  return { status: 200, body: { status: 'ok', database: 'ok' } };
});
