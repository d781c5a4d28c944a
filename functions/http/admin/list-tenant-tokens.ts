import { apiHandler, ok, param } from '#http/api-handler.ts';
import { tokenResource } from '#http/admin-representations.ts';
import { listTokens } from '#services/auth.ts';

export const handler = apiHandler('listTenantTokens', async (request) => {
  const tenant = param(request, 'tenantId');
  const tokens = await listTokens(request.operator, tenant);
  return ok({ _embedded: { tokens: tokens.map((token) => tokenResource(request.links, token)) }, _links: { self: { href: request.links.url('admin', 'tenants', tenant, 'tokens') } } });
});
