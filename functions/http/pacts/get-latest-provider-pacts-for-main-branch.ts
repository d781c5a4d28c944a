import { readHandler } from '#http/read-handler.ts';
import { branchPacts } from '#http/branch-pacts.ts';

export const handler = readHandler('getLatestProviderPactsForMainBranch', (request) => branchPacts(request, { latest: true, named: false, byConsumer: false }));
