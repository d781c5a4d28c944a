import { ok } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { publicationResponse } from '#http/publication-response.ts';
import { publishContracts } from '#services/contracts.ts';
import { readPublicationRequest } from '#http/requests/publication.ts';

/** As `pact-broker publish` sends it: one consumer version, its branch and tags, and its pacts (base64). */
export const handler = writeHandler('publishContracts', async (request) => {
  const publication = readPublicationRequest(request.body);
  const result = await publishContracts(request.services, publication);
  return ok(publicationResponse(request.links, publication, result));
});
