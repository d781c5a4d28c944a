import { apiHandler } from '#http/api-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = apiHandler('getProviderPactsForMainBranch', (request) => branchPacts(request, { latest: false, named: false, byConsumer: false }));
