/**
 * The request contracts: what the CLIs send, read and checked into the use cases' inputs. Bad input throws
 * `ValidationFailed` / `ValidationMessages` naming the field (a 400 that changes nothing); the services only ever see
 * well-formed requests. Shapes are in docs/wire-contract.md.
 */
import { ValidationFailed, ValidationMessages } from '#domain/errors.ts';
import { parseDocument } from '#domain/documents.ts';
import { nameOf, parsePactText, type PactDocument } from '#domain/pacts.ts';
import type { SelfVerification } from '#domain/model.ts';
import { FieldChecker, MAX_CONTRACT_BYTES, MAX_NAME_LENGTH, contractTooLarge, isStrictBase64, returnedBytes, type Body } from '#domain/validation.ts';
import { parseCanIDeployQuery, parseMatrixQuery, type MatrixQuery } from '#domain/matrix/query.ts';
import { readForVerificationRequest, type ForVerificationRequest } from '#domain/verification/selectors.ts';
import type { ContractToPublish, OnConflict, PublicationRequest } from '#services/contracts.ts';
import type { ProviderContractRequest } from '#services/provider-contracts.ts';
import type { QueryPairs } from './query.ts';

// Contract publication (`POST /contracts/publish`)

/** Decodes and checks one contract of a publication request; problems go to `contracts` with the index. */
function readContract(raw: unknown, index: number, pacticipantName: string | undefined, checker: FieldChecker): ContractToPublish | undefined {
  const at = ` (at index ${index})`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    checker.add('contracts', `must be an object${at}`);
    return undefined;
  }
  const contract = raw as Body;
  const problems: string[] = [];
  const consumer = contract['consumerName'];
  const provider = contract['providerName'];
  for (const [field, value] of [['consumerName', consumer], ['providerName', provider]] as const) {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${field} can't be blank${at}`);
    else if (value.length > MAX_NAME_LENGTH || /[\r\n]/.test(value)) problems.push(`${field} must be a single line of at most ${MAX_NAME_LENGTH} characters${at}`);
  }
  if (contract['specification'] !== undefined && contract['specification'] !== 'pact') problems.push(`specification must be 'pact'${at}`);
  if (contract['contentType'] !== undefined && contract['contentType'] !== 'application/json') problems.push(`contentType must be 'application/json'${at}`);
  const onConflict = contract['onConflict'];
  if (onConflict !== undefined && onConflict !== 'overwrite' && onConflict !== 'merge') problems.push(`onConflict must be 'overwrite' or 'merge'${at}`);
  if (typeof consumer === 'string' && pacticipantName !== undefined && consumer !== pacticipantName) {
    problems.push(`consumerName ('${consumer}') must match pacticipantName ('${pacticipantName}')${at}`);
  }
  const content = contract['content'];
  let parsed: PactDocument | undefined;
  let text: string | undefined;
  if (typeof content !== 'string' || content === '') problems.push(`content can't be blank${at}`);
  else if (!isStrictBase64(content)) problems.push(`content is not valid Base64${at}`);
  else {
    text = Buffer.from(content, 'base64').toString('utf8');
    parsed = parsePactText(text, (message) => problems.push(`${message}${at}`));
  }
  if (parsed !== undefined) {
    if (typeof consumer === 'string' && nameOf(parsed['consumer']) !== consumer) problems.push(`consumer name in contract content ('${nameOf(parsed['consumer']) ?? ''}') must match consumerName ('${consumer}')${at}`);
    if (typeof provider === 'string' && nameOf(parsed['provider']) !== provider) problems.push(`provider name in contract content ('${nameOf(parsed['provider']) ?? ''}') must match providerName ('${provider}')${at}`);
  }
  for (const problem of problems) checker.add('contracts', problem);
  if (problems.length > 0 || parsed === undefined || text === undefined) return undefined;
  return { consumer: consumer as string, provider: provider as string, document: parsed, text, onConflict: onConflict as OnConflict };
}

export function readPublicationRequest(body: Body): PublicationRequest {
  const checker = new FieldChecker(body);
  const pacticipant = checker.requiredString('pacticipantName');
  const version = checker.requiredString('pacticipantVersionNumber');
  const branch = checker.optionalString('branch', { maxLength: MAX_NAME_LENGTH });
  if (branch === '') checker.add('branch', "can't be blank");
  const buildUrl = checker.optionalString('buildUrl');
  const tags = checker.nameList('tags');
  const rawContracts = body['contracts'];
  const contracts: ContractToPublish[] = [];
  if (!Array.isArray(rawContracts) || rawContracts.length === 0) checker.add('contracts', 'must be a non-empty array of contracts');
  else rawContracts.forEach((raw, index) => {
    const contract = readContract(raw, index, pacticipant, checker);
    if (contract !== undefined) contracts.push(contract);
  });
  checker.done();
  return { pacticipant: pacticipant as string, version: version as string, ...(typeof branch === 'string' ? { branch } : {}), tags, ...(typeof buildUrl === 'string' && buildUrl !== '' ? { buildUrl } : {}), contracts };
}


// Provider contracts (`pactflow publish-provider-contract`)

const CONTENT_TYPES = /^(application\/(json|yaml|x-yaml|[\w.+-]+\+json|[\w.+-]+\+yaml)|text\/(yaml|x-yaml))$/;
/** Self-verification output larger than this (decoded) is not kept; its success flag always is. */
const MAX_SELF_VERIFICATION_BYTES = 200_000;

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


// Pacts for verification

export function forVerificationRequest(body: Body): ForVerificationRequest {
  const { request, errors } = readForVerificationRequest(body);
  if (errors.length > 0) throw new ValidationMessages(errors);
  return request;
}

// The matrix and can-i-deploy

export function matrixQuery(pairs: QueryPairs): MatrixQuery {
  const { query, errors } = parseMatrixQuery(pairs);
  if (errors.length > 0) throw new ValidationMessages(errors);
  return query;
}

export function canIDeployQuery(pairs: QueryPairs): MatrixQuery {
  const { query, errors } = parseCanIDeployQuery(pairs);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
  return query;
}
