import { noContent, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { deletePacticipant } from '#services/deletions.ts';

/** Deletes the pacticipant and everything that belongs to it; a long history may take several requests (503 until done). */
export const handler = writeHandler('deletePacticipant', async (request) => {
  await deletePacticipant(request.services, param(request, 'pacticipant'));
  return noContent();
});
