import { readHandler } from '#http/read-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = readHandler('getProviderPactsForBranch', (request) => branchPacts(request, { latest: false, named: true, byConsumer: false }));
