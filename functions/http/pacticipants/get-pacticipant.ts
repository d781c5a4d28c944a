import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pacticipantResource } from '#http/representations.ts';
import { getPacticipantWithLatestVersion } from '#services/pacticipants.ts';

export const handler = readHandler('getPacticipant', async (request) => {
  const { pacticipant, latestVersion } = await getPacticipantWithLatestVersion(request.services, param(request, 'pacticipant'));
  return ok(pacticipantResource(request.links, pacticipant, latestVersion));
});
