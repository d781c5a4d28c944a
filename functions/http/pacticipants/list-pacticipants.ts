import { apiHandler } from '#http/api-handler.ts';
import { pacticipantsCollection } from '#http/representations.ts';
import { listPacticipants } from '#services/pacticipants.ts';

export const handler = apiHandler('listPacticipants', async ({ services, links }) => {
  const pacticipants = await listPacticipants(services);
  return { status: 200, body: pacticipantsCollection(links, pacticipants.map((pacticipant) => ({ pacticipant }))) };
});
