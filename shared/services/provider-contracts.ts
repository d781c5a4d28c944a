/** Provider contract publication (`pactflow publish-provider-contract`), and reading contracts and comparisons back. */
import { createHash } from 'node:crypto';
import type { ComparisonResult, ProviderContract, SelfVerification, Version } from '#domain/model.ts';
import { NotFound } from '#domain/errors.ts';
import { nowOf, type ServiceContext, type ReadContext } from './context.ts';
import { ensurePacticipant, maybeSetMainBranch } from './pacticipants.ts';
import { comparisonsForProviderContract, requestComparisonsFromRead } from './comparisons.ts';
import { missing } from '#domain/messages.ts';


export interface ProviderContractRequest {
  readonly provider: string;
  readonly version: string;
  readonly branch?: string;
  readonly tags: readonly string[];
  readonly buildUrl?: string;
  readonly text: string;
  readonly contentType: string;
  readonly selfVerification?: SelfVerification;
}

export async function publishProviderContract(context: ServiceContext, request: ProviderContractRequest): Promise<{ version: Version; contract: ProviderContract; comparisonsRequested: number }> {
  const now = nowOf(context);
  const pacticipant = await ensurePacticipant(context, request.provider);
  const { created, version } = await context.versions.createIfMissing(request.provider, request.version, request.buildUrl === undefined ? {} : { buildUrl: request.buildUrl }, now);
  if (!created && request.buildUrl !== undefined && request.buildUrl !== version.buildUrl) await context.versions.updateBuildUrl(request.provider, request.version, request.buildUrl, now);
  if (request.branch !== undefined) {
    const added = await context.versions.addBranchVersion(version, request.branch, now);
    if (added.created) await maybeSetMainBranch(context, pacticipant, request.branch);
  }
  for (const tag of request.tags) await context.versions.putTagIfMissing(version, tag, now);
  const sha = createHash('sha256').update(request.text, 'utf8').digest('hex');
  await context.providerContracts.putContent(request.provider, sha, request.text, now);
  const contract: ProviderContract = {
    provider: request.provider,
    providerVersion: version.number,
    providerVersionOrder: version.order,
    sha,
    specification: 'oas',
    contentType: request.contentType,
    ...(request.selfVerification === undefined ? {} : { selfVerification: request.selfVerification }),
    createdAt: now,
  };
  await context.providerContracts.put(contract);
  const comparisonsRequested = await comparisonsForProviderContract(context, contract);
  return { version, contract, comparisonsRequested };
}

export async function getProviderContract(context: ReadContext, provider: string, version: string): Promise<{ contract: ProviderContract; text: string }> {
  const contract = await context.providerContracts.find(provider, version);
  const text = contract === undefined ? undefined : await context.providerContracts.findContent(provider, contract.sha);
  if (contract === undefined || text === undefined) throw new NotFound(missing.providerContract(provider, version));
  return { contract, text };
}

/** A comparison result for a provider version's contract and a pact content; a missing one is requested. */
export async function getComparisonOf(context: ReadContext, provider: string, version: string, consumer: string, pactSha: string): Promise<{ contract: ProviderContract; result?: ComparisonResult }> {
  const contract = await context.providerContracts.find(provider, version);
  if (contract === undefined) throw new NotFound(missing.providerContract(provider, version));
  if ((await context.pacts.findPactVersion(consumer, provider, pactSha)) === undefined) throw new NotFound(missing.pactVersion(consumer, provider, pactSha));
  const result = await context.comparisons.find({ consumer, provider, pactSha, oasSha: contract.sha });
  if (result === undefined) await requestComparisonsFromRead(context, [{ consumer, provider, pactSha, oasSha: contract.sha, providerVersion: version }]);
  return result === undefined ? { contract } : { contract, result };
}
