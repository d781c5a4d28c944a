/** One handler body for the seven "pacts by consumer branch" routes: they differ only in which pacts they pick. */
import type { ApiRequest, ApiResponse } from './api-handler.ts';
import type { ReadContext } from '#services/context.ts';
import { param } from './api-handler.ts';
import { providerPactsCollection } from './pact-representations.ts';
import { listPactsByBranch } from '#services/pacts.ts';
import { getPacticipant } from '#services/pacticipants.ts';

export async function branchPacts(request: ApiRequest<ReadContext>, options: { latest: boolean; named: boolean; byConsumer: boolean }): Promise<ApiResponse> {
  const provider = param(request, 'provider');
  await getPacticipant(request.services, provider);
  const branch = options.named ? param(request, 'branch') : undefined;
  const consumer = options.byConsumer ? param(request, 'consumer') : undefined;
  const publications = await listPactsByBranch(request.services, provider, {
    latest: options.latest,
    ...(branch === undefined ? {} : { branch }),
    ...(consumer === undefined ? {} : { consumer }),
  });
  const which = branch === undefined ? 'main branch' : `branch '${branch}'`;
  const title = `${options.latest ? 'Latest pact versions' : 'All pact versions'} for the provider ${provider}${consumer === undefined ? '' : ` and consumer ${consumer}`} with consumer version ${which}`;
  return { status: 200, body: providerPactsCollection(request.links, provider, publications, title, request.requestUrl) };
}
