import { ok, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { pacticipantResource } from '#http/representations.ts';
import { getPacticipantWithLatestVersion, replacePacticipant } from '#services/pacticipants.ts';

export const handler = writeHandler('putPacticipant', async (request) => {
  await replacePacticipant(request.services, param(request, 'pacticipant'), request.body);
  const { pacticipant, latestVersion } = await getPacticipantWithLatestVersion(request.services, param(request, 'pacticipant'));
  return ok(pacticipantResource(request.links, pacticipant, latestVersion));
});
