import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { labelResource } from '#http/representations.ts';
import { labelPacticipant } from '#services/pacticipants.ts';

/** The body is ignored; 201 when the label is new, 200 when the pacticipant had it; 404 for an unknown pacticipant. */
export const handler = writeHandler('putPacticipantLabel', async (request) => {
  const { created, pacticipant, label } = await labelPacticipant(request.services, param(request, 'pacticipant'), param(request, 'label'));
  const body = labelResource(request.links, pacticipant, label);
  return createdOrOk(created, body._links.self.href, body);
});
