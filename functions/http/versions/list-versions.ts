import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { firstValue } from '#http/query.ts';
import { versionsCollection } from '#http/representations.ts';
import { listVersions, readPageSize } from '#services/versions.ts';

/** Newest first; `size` (or `pageSize`) bounds the page, 100 by default. */
export const handler = readHandler('listVersions', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  const size = readPageSize(firstValue(request.query, 'size') ?? firstValue(request.query, 'pageSize'), 100);
  return ok(versionsCollection(request.links, pacticipant, await listVersions(request.services, pacticipant, size)));
});
