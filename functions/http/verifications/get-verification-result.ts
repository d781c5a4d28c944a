import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { verificationResource } from '#http/pact-representations.ts';
import { getVerification } from '#services/verifications.ts';

export const handler = readHandler('getVerificationResult', async (request) => {
  const { result, testResults } = await getVerification(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'sha'), param(request, 'verificationId'));
  return ok(verificationResource(request.links, result, testResults));
});
