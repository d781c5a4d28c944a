import { ok } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { firstValue } from '#http/query.ts';
import { environmentsCollection } from '#http/representations.ts';
import { listEnvironments } from '#services/environments.ts';

/** Sorted by display name; `?name=` filters on the exact name. */
export const handler = readHandler('listEnvironments', async (request) => {
  const name = firstValue(request.query, 'name');
  return ok(environmentsCollection(request.links, await listEnvironments(request.services, name === undefined || name === '' ? {} : { name })));
});
