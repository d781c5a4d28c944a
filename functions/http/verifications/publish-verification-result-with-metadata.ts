import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { verificationHref, verificationResource } from '#http/pact-representations.ts';
import { publishVerification } from '#services/verifications.ts';
import { consumerVersionOfMetadata } from '#domain/pact-metadata.ts';

/** As `pact-verifier --publish` sends it, to the link of a pact fetched for verification. The latest result per provider version is the one that counts. */
export const handler = writeHandler('publishVerificationResultWithMetadata', async (request) => {
  const consumerVersion = consumerVersionOfMetadata(param(request, 'metadata'));
  const { result, testResults } = await publishVerification(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'sha'), request.body, consumerVersion === undefined ? {} : { consumerVersion });
  return createdOrOk(true, verificationHref(request.links, result), verificationResource(request.links, result, testResults));
});
