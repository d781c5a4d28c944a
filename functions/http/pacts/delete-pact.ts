import { ok, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { pactDeletedResource } from '#http/pact-representations.ts';
import { deletePact } from '#services/deletions.ts';

/** Deletes the consumer version's pact (and its content, when no other version publishes it); 200 with links, as the reference. */
export const handler = writeHandler('deletePact', async (request) => {
  const provider = param(request, 'provider');
  const consumer = param(request, 'consumer');
  const { latest } = await deletePact(request.services, provider, consumer, param(request, 'version'));
  return ok(pactDeletedResource(request.links, provider, consumer, latest));
});
