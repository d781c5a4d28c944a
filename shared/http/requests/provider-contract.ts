/**
 * The request contract of provider contract publication (`pactflow publish-provider-contract`): what the CLIs send, read and checked into the use case's input. Bad input throws
 * a validation error naming the field (a 400 that changes nothing). Shapes: docs/wire-contract.md.
 */
import { ValidationFailed } from '#domain/errors.ts';
import { parseDocument } from '#domain/documents.ts';
import type { SelfVerification } from '#domain/model.ts';
import { FieldChecker, MAX_CONTRACT_BYTES, MAX_NAME_LENGTH, contractTooLarge, isStrictBase64, returnedBytes, type Body } from '#domain/validation.ts';
import type { ProviderContractRequest } from '#services/provider-contracts.ts';

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
