import { createdOrOk } from '#http/api-handler.ts';
import { adminHandler } from '#http/admin-handler.ts';
import { createTenant } from '#services/auth.ts';

/** Body `{"tenantId": "acme"}`. The tenant starts with the `test` and `production` environments. */
export const handler = adminHandler('createTenant', async ({ services, links, body }) => {
  const { tenantId } = await createTenant(services, body);
  return createdOrOk(true, links.url('admin', 'tenants', tenantId, 'tokens'), { tenantId, _links: { 'pb:tokens': { href: links.url('admin', 'tenants', tenantId, 'tokens') } } });
});
