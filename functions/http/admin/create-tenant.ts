import { apiHandler, createdOrOk } from '#http/api-handler.ts';
import { createTenant } from '#services/auth.ts';

/** Body `{"tenantId": "acme"}`. The tenant starts with the `test` and `production` environments. */
export const handler = apiHandler('createTenant', async ({ operator, links, body }) => {
  const { tenantId } = await createTenant(operator, body);
  return createdOrOk(true, links.url('admin', 'tenants', tenantId, 'tokens'), { tenantId, _links: { 'pb:tokens': { href: links.url('admin', 'tenants', tenantId, 'tokens') } } });
});
