import { readHandler } from '#http/read-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = readHandler('getLatestProviderPactsForBranch', (request) => branchPacts(request, { latest: true, named: true, byConsumer: false }));
