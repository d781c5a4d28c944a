import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { pacticipantResource } from '#http/representations.ts';
import { getPacticipantWithLatestVersion, patchPacticipant } from '#services/pacticipants.ts';

/** Only the given fields change; a missing pacticipant is created (201), as the reference does. */
export const handler = writeHandler('patchPacticipant', async (request) => {
  const name = param(request, 'pacticipant');
  const { created } = await patchPacticipant(request.services, name, request.body);
  const { pacticipant, latestVersion } = await getPacticipantWithLatestVersion(request.services, name);
  return createdOrOk(created, request.links.pacticipant(name), pacticipantResource(request.links, pacticipant, latestVersion));
});
