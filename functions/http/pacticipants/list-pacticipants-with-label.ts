import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pacticipantsCollection } from '#http/representations.ts';
import { pacticipantsWithLabel } from '#services/pacticipants.ts';

export const handler = readHandler('listPacticipantsWithLabel', async (request) => ok(pacticipantsCollection(request.links, await pacticipantsWithLabel(request.services, param(request, 'label')))));
