import { apiHandler, noContent, param } from '#http/api-handler.ts';
import { revokeToken } from '#services/auth.ts';

export const handler = apiHandler('revokeTenantToken', async (request) => {
  await revokeToken(request.operator, param(request, 'tenantId'), param(request, 'tokenId'));
  return noContent();
});
