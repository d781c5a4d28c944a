import { apiHandler } from '#http/api-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = apiHandler('getLatestConsumerPactsForMainBranch', (request) => branchPacts(request, { latest: true, named: false, byConsumer: true }));
