import { createdOrOk } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { pacticipantResource } from '#http/representations.ts';
import { createPacticipant } from '#services/pacticipants.ts';

export const handler = writeHandler('createPacticipant', async ({ services, links, body }) => {
  const { created, pacticipant } = await createPacticipant(services, body);
  return createdOrOk(created, links.pacticipant(pacticipant.name), pacticipantResource(links, pacticipant, undefined));
});
