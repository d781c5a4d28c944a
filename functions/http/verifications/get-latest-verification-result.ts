import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { verificationResource } from '#http/pact-representations.ts';
import { getLatestVerification } from '#services/verifications.ts';

export const handler = readHandler('getLatestVerificationResult', async (request) => {
  const { result, testResults } = await getLatestVerification(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'sha'));
  return ok(verificationResource(request.links, result, testResults));
});
