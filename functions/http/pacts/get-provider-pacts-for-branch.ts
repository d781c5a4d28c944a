import { apiHandler } from '#http/api-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = apiHandler('getProviderPactsForBranch', (request) => branchPacts(request, { latest: false, named: true, byConsumer: false }));
