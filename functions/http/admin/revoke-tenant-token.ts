import { apiHandler, noContent, param } from '#http/api-handler.ts';
import { revokeToken } from '#services/auth.ts';

export const handler = apiHandler('revokeTenantToken', async (request) => {
  await revokeToken(request.services.db, param(request, 'tenantId'), param(request, 'tokenId'), request.services.clock);
  return noContent();
});
