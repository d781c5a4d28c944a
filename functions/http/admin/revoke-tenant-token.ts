import { noContent, param } from '#http/api-handler.ts';
import { adminHandler } from '#http/admin-handler.ts';
import { revokeToken } from '#services/auth.ts';

export const handler = adminHandler('revokeTenantToken', async (request) => {
  await revokeToken(request.services, param(request, 'tenantId'), param(request, 'tokenId'));
  return noContent();
});
