import { readHandler } from '#http/read-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = readHandler('getConsumerPactsForBranch', (request) => branchPacts(request, { latest: false, named: true, byConsumer: true }));
