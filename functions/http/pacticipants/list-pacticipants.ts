import { apiHandler, ok } from '#http/api-handler.ts';
import { pacticipantsCollection } from '#http/representations.ts';
import { listPacticipantsWithLatestVersions } from '#services/pacticipants.ts';

/** Each pacticipant with its latest version (clients read the deprecated embedded `latest-version`). */
export const handler = apiHandler('listPacticipants', async ({ services, links }) => ok(pacticipantsCollection(links, await listPacticipantsWithLatestVersions(services))));
