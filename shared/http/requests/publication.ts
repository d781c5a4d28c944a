/**
 * The request contract of contract publication (`pact-broker publish`): what the CLIs send, read and checked into the use case's input. Bad input throws
 * a validation error naming the field (a 400 that changes nothing). Shapes: docs/wire-contract.md.
 */
import { nameOf, parsePactText, type PactDocument } from '#domain/pacts.ts';
import { FieldChecker, MAX_NAME_LENGTH, isStrictBase64, type Body } from '#domain/validation.ts';
import type { ContractToPublish, OnConflict, PublicationRequest } from '#services/contracts.ts';

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
