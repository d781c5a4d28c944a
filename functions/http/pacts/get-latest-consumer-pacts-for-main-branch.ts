import { readHandler } from '#http/read-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = readHandler('getLatestConsumerPactsForMainBranch', (request) => branchPacts(request, { latest: true, named: false, byConsumer: true }));
