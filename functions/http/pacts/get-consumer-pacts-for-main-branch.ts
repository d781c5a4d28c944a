import { apiHandler } from '#http/api-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = apiHandler('getConsumerPactsForMainBranch', (request) => branchPacts(request, { latest: false, named: false, byConsumer: true }));
