/** Provider contract publication (`pactflow publish-provider-contract`), and reading contracts and comparisons back. */
import { createHash } from 'node:crypto';
import type { ComparisonResult, ProviderContract, SelfVerification, Version } from '#domain/model.ts';
import { NotFound, ValidationFailed } from '#domain/errors.ts';
import { parseDocument } from '#domain/documents.ts';
import { FieldChecker, MAX_CONTRACT_BYTES, MAX_NAME_LENGTH, contractTooLarge, isStrictBase64, returnedBytes, type Body } from '#domain/validation.ts';
import { nowOf, type ServiceContext } from './context.ts';
import { ensurePacticipant, maybeSetMainBranch } from './pacticipants.ts';
import { comparisonsForProviderContract, requestComparisons } from './comparisons.ts';

const CONTENT_TYPES = /^(application\/(json|yaml|x-yaml|[\w.+-]+\+json|[\w.+-]+\+yaml)|text\/(yaml|x-yaml))$/;
/** Self-verification output larger than this (decoded) is not kept; its success flag always is. */
const MAX_SELF_VERIFICATION_BYTES = 200_000;

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

function readSelfVerification(raw: unknown, field: string, checker: FieldChecker): SelfVerification | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    checker.add(field, 'must be an object');
    return undefined;
  }
  const results = raw as Body;
  if (typeof results['success'] !== 'boolean') checker.add(`${field}.success`, 'must be true or false');
  const content = results['content'];
  let decoded: string | undefined;
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string' || !isStrictBase64(content)) checker.add(`${field}.content`, 'is not valid Base64');
    else decoded = Buffer.from(content, 'base64').toString('utf8');
  }
  const text = (key: string) => (typeof results[key] === 'string' && results[key] !== '' ? { [key]: results[key] as string } : {});
  return {
    success: results['success'] === true,
    ...(decoded !== undefined && decoded.length <= MAX_SELF_VERIFICATION_BYTES ? { content: decoded } : {}),
    ...text('contentType'),
    ...text('format'),
    ...text('verifier'),
    ...text('verifierVersion'),
  };
}

function readContent(raw: unknown, field: string, checker: FieldChecker): string | undefined {
  if (typeof raw !== 'string' || raw === '') {
    checker.add(field, "can't be blank");
    return undefined;
  }
  if (!isStrictBase64(raw)) {
    checker.add(field, 'is not valid Base64');
    return undefined;
  }
  const text = Buffer.from(raw, 'base64').toString('utf8');
  if (returnedBytes(text) > MAX_CONTRACT_BYTES) {
    checker.add(field, contractTooLarge(returnedBytes(text)));
    return undefined;
  }
  try {
    parseDocument(text);
  } catch (error) {
    checker.add(field, `could not be parsed as a JSON or YAML object (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
  return text;
}

/** `POST /provider-contracts/provider/{p}/publish`, as `pactflow publish-provider-contract` sends it. */
export function readProviderContractRequest(provider: string, body: Body): ProviderContractRequest {
  const checker = new FieldChecker(body);
  const version = checker.requiredString('pacticipantVersionNumber');
  const branch = checker.optionalString('branch', { maxLength: MAX_NAME_LENGTH });
  const buildUrl = checker.optionalString('buildUrl');
  const tags = checker.nameList('tags');
  const contract = body['contract'];
  let text: string | undefined;
  let contentType = 'application/yaml';
  let selfVerification: SelfVerification | undefined;
  if (contract === null || typeof contract !== 'object' || Array.isArray(contract)) checker.add('contract', 'is missing');
  else {
    const fields = contract as Body;
    if (fields['specification'] !== undefined && fields['specification'] !== 'oas') checker.add('contract.specification', "must be 'oas'");
    if (fields['contentType'] !== undefined) {
      if (typeof fields['contentType'] !== 'string' || !CONTENT_TYPES.test(fields['contentType'])) checker.add('contract.contentType', 'must be a JSON or YAML media type');
      else contentType = fields['contentType'];
    }
    text = readContent(fields['content'], 'contract.content', checker);
    selfVerification = readSelfVerification(fields['selfVerificationResults'], 'contract.selfVerificationResults', checker);
  }
  checker.done();
  return {
    provider,
    version: version as string,
    ...(typeof branch === 'string' && branch !== '' ? { branch } : {}),
    tags,
    ...(typeof buildUrl === 'string' && buildUrl !== '' ? { buildUrl } : {}),
    text: text as string,
    contentType,
    ...(selfVerification === undefined ? {} : { selfVerification }),
  };
}

/** The older `PUT /contracts/provider/{p}/version/{v}` (the Ruby client's fallback). */
export function readLegacyProviderContractRequest(provider: string, version: string, body: Body): ProviderContractRequest {
  const checker = new FieldChecker(body);
  if (body['contractType'] !== undefined && body['contractType'] !== 'oas') checker.add('contractType', "must be 'oas'");
  const text = readContent(body['content'], 'content', checker);
  const contentType = typeof body['contentType'] === 'string' && CONTENT_TYPES.test(body['contentType']) ? body['contentType'] : 'application/yaml';
  const selfVerification = readSelfVerification(body['verificationResults'], 'verificationResults', checker);
  checker.done();
  if (version.trim() === '') throw ValidationFailed.of('version', "can't be blank");
  return { provider, version, tags: [], text: text as string, contentType, ...(selfVerification === undefined ? {} : { selfVerification }) };
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

export async function getProviderContract(context: ServiceContext, provider: string, version: string): Promise<{ contract: ProviderContract; text: string }> {
  const contract = await context.providerContracts.find(provider, version);
  const text = contract === undefined ? undefined : await context.providerContracts.findContent(provider, contract.sha);
  if (contract === undefined || text === undefined) throw new NotFound(`No provider contract for version '${version}' of '${provider}' found`);
  return { contract, text };
}

/** A comparison result for a provider version's contract and a pact content; a missing one is requested. */
export async function getComparisonOf(context: ServiceContext, provider: string, version: string, consumer: string, pactSha: string): Promise<{ contract: ProviderContract; result?: ComparisonResult }> {
  const contract = await context.providerContracts.find(provider, version);
  if (contract === undefined) throw new NotFound(`No provider contract for version '${version}' of '${provider}' found`);
  if ((await context.pacts.findPactVersion(consumer, provider, pactSha)) === undefined) throw new NotFound(`No pact version ${pactSha} between ${consumer} and ${provider} found`);
  const result = await context.comparisons.find({ consumer, provider, pactSha, oasSha: contract.sha });
  if (result === undefined) await requestComparisons(context, [{ consumer, provider, pactSha, oasSha: contract.sha }], { claim: false });
  return result === undefined ? { contract } : { contract, result };
}
