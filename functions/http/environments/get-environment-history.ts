import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { firstValue } from '#http/query.ts';
import { environmentHistoryResource } from '#http/representations.ts';
import { getEnvironmentHistory } from '#services/environments.ts';
import { readPageSize } from '#services/versions.ts';

/** What ran in the environment, when: its newest `?size=` events (100 by default, at most 1000; docs/wire-contract.md §7.5). */
export const handler = readHandler('getEnvironmentHistory', async (request) => {
  const size = readPageSize(firstValue(request.query, 'size'), 100);
  const { environment, events } = await getEnvironmentHistory(request.services, param(request, 'environmentId'), size);
  return ok(environmentHistoryResource(request.links, environment, events, request.requestUrl));
});
