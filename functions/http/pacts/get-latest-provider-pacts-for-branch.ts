import { apiHandler } from '#http/api-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = apiHandler('getLatestProviderPactsForBranch', (request) => branchPacts(request, { latest: true, named: true, byConsumer: false }));
