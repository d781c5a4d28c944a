import { ok, param } from '#http/api-handler.ts';
import { adminHandler } from '#http/admin-handler.ts';
import { tokenResource } from '#http/admin-representations.ts';
import { listTokens } from '#services/auth.ts';

export const handler = adminHandler('listTenantTokens', async (request) => {
  const tenant = param(request, 'tenantId');
  const tokens = await listTokens(request.services, tenant);
  return ok({ _embedded: { tokens: tokens.map((token) => tokenResource(request.links, token)) }, _links: { self: { href: request.links.url('admin', 'tenants', tenant, 'tokens') } } });
});
