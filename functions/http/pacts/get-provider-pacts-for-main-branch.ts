import { readHandler } from '#http/read-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = readHandler('getProviderPactsForMainBranch', (request) => branchPacts(request, { latest: false, named: false, byConsumer: false }));
