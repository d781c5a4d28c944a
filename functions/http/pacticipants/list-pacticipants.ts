import { ok } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pacticipantsCollection } from '#http/representations.ts';
import { listPacticipantsWithLatestVersions } from '#services/pacticipants.ts';

/** Each pacticipant with its latest version (clients read the deprecated embedded `latest-version`). */
export const handler = readHandler('listPacticipants', async ({ services, links }) => ok(pacticipantsCollection(links, await listPacticipantsWithLatestVersions(services))));
