import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { labelResource } from '#http/representations.ts';
import { getLabel } from '#services/pacticipants.ts';

export const handler = readHandler('getPacticipantLabel', async (request) => {
  const { pacticipant, label } = await getLabel(request.services, param(request, 'pacticipant'), param(request, 'label'));
  return ok(labelResource(request.links, pacticipant, label));
});
