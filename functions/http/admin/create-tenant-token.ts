import { createdOrOk, param } from '#http/api-handler.ts';
import { adminHandler } from '#http/admin-handler.ts';
import { tokenResource } from '#http/admin-representations.ts';
import { createToken } from '#services/auth.ts';

/** Body `{"role": "read"|"write", "description"?, "expiresAt"?}`. The token itself is in this response only. */
export const handler = adminHandler('createTenantToken', async (request) => {
  const { token, details } = await createToken(request.services, param(request, 'tenantId'), request.body);
  const body = { ...tokenResource(request.links, details), token };
  return createdOrOk(true, body._links.self.href, body);
});
