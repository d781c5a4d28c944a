import { noContent, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { unlabelPacticipant } from '#services/pacticipants.ts';

export const handler = writeHandler('deletePacticipantLabel', async (request) => {
  await unlabelPacticipant(request.services, param(request, 'pacticipant'), param(request, 'label'));
  return noContent();
});
