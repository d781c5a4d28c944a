/**
 * Every text the CLIs print, in one place: can-i-deploy's reasons, publication and verification notices, and the
 * "not found" errors. Decisions elsewhere are data (typed reasons, outcomes); this module words them, with the URLs
 * it is given. Wording follows the reference broker where the CLIs or people rely on it (docs/wire-contract.md).
 */
import type { ComparisonResult, ProviderContract } from './model.ts';
import type { IgnoreSelector, MatrixTarget } from './matrix/query.ts';
import type { MatrixReason, MatrixRow, Party, ResolvedSpecified, VersionRef } from './matrix/evaluate.ts';
import type { ForVerificationRequest, SelectionReason } from './verification/selectors.ts';
import type { PactPublication } from './model.ts';

export interface Notice {
  readonly type: 'warning' | 'error' | 'success' | 'info' | 'debug' | 'prompt';
  readonly text: string;
}

// What was asked for and does not exist (404 bodies; the CLIs print them)

export const missing = {
  pacticipant: (name: string) => `No pacticipant with name '${name}' found`,
  version: (pacticipant: string, number: string) => `No version with number '${number}' of pacticipant '${pacticipant}' found`,
  latestVersion: (pacticipant: string, what: string) => `No version${what} of pacticipant '${pacticipant}' found`,
  tag: (pacticipant: string, version: string, name: string) => `No tag '${name}' on version '${version}' of pacticipant '${pacticipant}' found`,
  branch: (pacticipant: string, name: string) => `No branch '${name}' of pacticipant '${pacticipant}' found`,
  branchVersion: (pacticipant: string, branch: string, version: string) => `Version '${version}' of pacticipant '${pacticipant}' is not on branch '${branch}'`,
  environment: (uuid: string) => `No environment with uuid '${uuid}' found`,
  deployedVersion: (uuid: string) => `No deployed version with uuid '${uuid}' found`,
  releasedVersion: (uuid: string) => `No released version with uuid '${uuid}' found`,
  pact: () => 'The requested pact was not found',
  pactVersion: (consumer: string, provider: string, sha: string) => `No pact version ${sha} between ${consumer} and ${provider} found`,
  verification: (number: number | string) => `No verification result ${number} found`,
  latestVerification: (consumer: string, provider: string, sha: string) => `No verification results have been published for pact version ${sha} between ${consumer} and ${provider}`,
  providerContract: (provider: string, version: string) => `No provider contract for version '${version}' of '${provider}' found`,
  tenant: (tenant: string) => `No tenant '${tenant}' found`,
  token: (tenant: string, tokenId: string) => `No token '${tokenId}' found for tenant '${tenant}'`,
  webhook: (uuid: string) => `No webhook with uuid '${uuid}' found`,
  label: (pacticipant: string, label: string) => `No label '${label}' on pacticipant '${pacticipant}' found`,
  triggeredWebhook: (id: string) => `No triggered webhook with id '${id}' found`,
} as const;

// What the request names that cannot be used, and contention (400 / 409 / 503 bodies)

export const refused = {
  /** A matrix or can-i-deploy selector names a pacticipant that does not exist. */
  unknownPacticipant: (name: string) => `Pacticipant ${name} not found`,
  unknownEnvironment: (name: string) => `Environment with name '${name}' does not exist`,
  /** As the reference words it for pacts for verification (lower case). */
  unknownSelectorEnvironment: (name: string) => `environment with name '${name}' does not exist`,
  environmentNameTaken: (name: string) => `name '${name}' is already used by an existing environment.`,
  tenantExists: (tenant: string) => `tenant '${tenant}' already exists`,
  pactTooLarge: (consumer: string, provider: string, tooLarge: string) => `the pact between ${consumer} and ${provider} ${tooLarge}`,
  contention: (what: string) => `Too many concurrent changes to ${what}; please retry`,
} as const;

// The HTTP edge: credentials, bodies, limits and outages (docs/wire-contract.md §18)

export const edge = {
  missingToken: () => 'Invalid or missing token',
  adminOnly: () => 'This operation needs the admin credential',
  adminNotTenant: () => 'The admin credential manages tenants; use a tenant token for broker data',
  readOnlyToken: () => 'This token is read-only; this operation needs a read-write token',
  credentialsUnavailable: () => 'The broker cannot check credentials just now; please retry',
  databaseUnavailable: () => 'The broker cannot reach its database just now; please retry',
  unexpected: (reference: string) => `An error has occurred. The details have been logged with the reference ${reference}`,
  documentNotFound: () => 'The requested document was not found on this server.',
  uiNotBuilt: () => 'The web UI is not built into this function; API clients ask for application/hal+json',
  unsupportedContentType: (contentType: string, accepted: string) => `Unsupported Content-Type '${contentType || '(none)'}': send the body as ${accepted}`,
  invalidJson: (detail: string) => `is not valid JSON: ${detail}`,
  notAnObject: () => 'must be a JSON object',
  responseTooLarge: (bytes: number, limit: number) => `The response would take ${bytes} bytes, more than the broker can return (${limit}); ask for less (fewer selectors, a smaller page)`,
} as const;

// can-i-deploy and the matrix (docs/rules.md §7.9)

function describeSpecified(resolved: ResolvedSpecified, version: VersionRef | undefined, oneOfMany: boolean): string {
  const { selector } = resolved;
  const p = selector.pacticipant;
  const found = version === undefined ? undefined : version.number;
  if (selector.latest && selector.tag) return found ? `the latest version of ${p} with tag ${selector.tag} (${found})` : `the latest version of ${p} with tag ${selector.tag} (no such version exists)`;
  if (selector.mainBranch) {
    if (found) return `${selector.latest ? 'the latest version' : oneOfMany ? 'one of the versions' : 'the version'} of ${p} from branch ${resolved.mainBranch ?? 'main'} (${found})`;
    return `${selector.latest ? 'the latest version' : 'any version'} of ${p} from the main branch (no versions exist for this branch)`;
  }
  if (selector.branch) {
    if (selector.latest) return found ? `the latest version of ${p} from branch ${selector.branch} (${found})` : `the latest version of ${p} from branch ${selector.branch} (no such version exists)`;
    return found ? `${oneOfMany ? 'one of the versions' : 'the version'} of ${p} from branch ${selector.branch} (${found})` : `a version of ${p} from branch ${selector.branch} (no such version exists)`;
  }
  if (selector.latest) return found ? `the latest version of ${p} (${found})` : `the latest version of ${p} (no such version exists)`;
  if (selector.tag) return found ? `a version of ${p} with tag ${selector.tag} (${found})` : `a version of ${p} with tag ${selector.tag} (no such version exists)`;
  if (selector.environment) {
    return found
      ? `${oneOfMany ? 'one of the versions' : 'the version'} of ${p} currently in ${selector.environment} (${found})`
      : `a version of ${p} currently in ${selector.environment} (no version is currently recorded as deployed/released in this environment)`;
  }
  if (selector.version) return found ? `version ${selector.version} of ${p}` : `version ${selector.version} of ${p} (no such version exists)`;
  return found ? `version ${found} of ${p}` : `any version of ${p}`;
}

function describeInferred(target: MatrixTarget, pacticipant: string, version: VersionRef | undefined, oneOfMany: boolean): string {
  const found = version?.number;
  if (target.environment !== undefined) {
    return found
      ? `${oneOfMany ? 'one of the versions' : 'the version'} of ${pacticipant} currently in ${target.environment} (${found})`
      : `a version of ${pacticipant} currently in ${target.environment} (no version is currently recorded as deployed/released in this environment)`;
  }
  if (target.tag !== undefined) return found ? `the latest version of ${pacticipant} with tag ${target.tag} (${found})` : `the latest version of ${pacticipant} with tag ${target.tag} (no such version exists)`;
  if (target.mainBranch) return found ? `the latest version of ${pacticipant} from the main branch (${found})` : `the latest version of ${pacticipant} from the main branch (no versions exist for this branch)`;
  return found ? `the latest version of ${pacticipant} (${found})` : `the latest version of ${pacticipant} (no such version exists)`;
}

/** Why a specified selector matched nothing. */
function doesNotExist(resolved: ResolvedSpecified): string {
  const { selector } = resolved;
  const p = selector.pacticipant;
  if (selector.tag) return `No version with tag ${selector.tag} exists for ${p}`;
  if (selector.branch) return `No version of ${p} from branch ${selector.branch} exists`;
  if (selector.mainBranch) return `No version of ${p} from the main branch exists`;
  if (selector.environment) return `No version of ${p} is currently recorded as deployed or released in environment ${selector.environment}`;
  if (selector.version) return `No pacts or verifications have been published for version ${selector.version} of ${p}`;
  return `No pacts or verifications have been published for ${p}`;
}

export function describeParty(party: Party): string {
  return party.kind === 'specified' ? describeSpecified(party.resolved, party.version, party.oneOfMany) : describeInferred(party.target, party.pacticipant, party.version, party.oneOfMany);
}

const RECOMMEND_ENVIRONMENT = 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.';
const RECOMMEND_VERSION =
  'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.';

function cannotIgnore(ignore: IgnoreSelector): string {
  return `WARN: Cannot ignore ${ignore.version === undefined ? `any version of ${ignore.pacticipant}` : `version ${ignore.version} of ${ignore.pacticipant}`} (no such ${ignore.version === undefined ? 'pacticipant' : 'version'} exists)`;
}

/** "pact between {consumer side} and {provider side}", as every row reason words its pair. */
const pactBetween = (row: MatrixRow): string => `pact between ${describeParty(row.consumerParty)} and ${describeParty(row.providerParty)}`;

export function matrixNotice(reason: MatrixReason): Notice {
  switch (reason.kind) {
    case 'cannotIgnore':
      return { type: 'warning', text: cannotIgnore(reason.ignore) };
    case 'recommendEnvironment':
      return { type: 'warning', text: RECOMMEND_ENVIRONMENT };
    case 'recommendVersion':
      return { type: 'warning', text: RECOMMEND_VERSION };
    case 'specifiedNotFound':
      return { type: 'error', text: doesNotExist(reason.resolved) };
    case 'counterpartMissing': {
      const { row, environment } = reason;
      const absent = row.providerVersion === null ? row.provider : row.consumerVersion.pacticipant;
      const where = environment !== undefined ? ` If ${absent} is running in ${environment}, record it there with: pact-broker record-deployment --pacticipant ${absent} --version <version> --environment ${environment} (or record-release).` : '';
      return { type: 'error', text: `There is no verified ${pactBetween(row)}.${where}` };
    }
    case 'verificationFailed': {
      const { row } = reason;
      return row.verification?.type === 'BDCT'
        ? { type: 'error', text: `The ${pactBetween(row)} is not compatible with ${row.provider}'s provider contract${row.verification.failureDetail ? `: ${row.verification.failureDetail}` : ''}` }
        : { type: 'error', text: `The verification for the ${pactBetween(row)} failed` };
    }
    case 'comparisonPending': {
      const { row } = reason;
      return {
        type: 'error',
        text: `There is no verified ${pactBetween(row)}. The comparison of this pact with ${row.provider} version ${row.providerVersion?.number ?? ''}'s provider contract is being generated; ask again shortly (can-i-deploy --retry-while-unknown).`,
      };
    }
    case 'verificationMissing': {
      const { row } = reason;
      return {
        type: 'error',
        text: `There is no verified ${pactBetween(row)}. Waiting for ${row.provider} version ${row.providerVersion?.number ?? ''} to publish a verification result for this pact (run its provider verification with publishing enabled).`,
      };
    }
    case 'allVerified':
      return { type: 'success', text: 'All required verification results are published and successful' };
    case 'noDependencies':
      return { type: 'success', text: 'There are no missing dependencies' };
  }
}

/** The notices of a decision, each text once (several rows can give the same reason). */
export function matrixNotices(reasons: readonly MatrixReason[]): Notice[] {
  const byText = new Map<string, Notice>();
  for (const notice of reasons.map(matrixNotice)) if (!byText.has(notice.text)) byText.set(notice.text, notice);
  return [...byText.values()];
}

/** The words a person needs: which interactions, where, what mismatched; and a failed self-verification. */
export function describeComparisonFailure(result: ComparisonResult, contract: ProviderContract): string {
  const parts: string[] = [];
  if (contract.selfVerification?.success !== true) {
    const verifier = contract.selfVerification?.verifier ? ` (verifier ${contract.selfVerification.verifier})` : '';
    parts.push(contract.selfVerification === undefined ? `${contract.provider} version ${contract.providerVersion} published its provider contract without self-verification results` : `${contract.provider} version ${contract.providerVersion} published its provider contract with a failed self-verification${verifier}`);
  }
  const shown = result.errors.slice(0, 5).map((error) => {
    const interaction = error.mockDetails?.interactionDescription ? `interaction '${error.mockDetails.interactionDescription}'` : 'the pact';
    const where = error.specDetails?.pathName ? ` (${error.specDetails.pathMethod?.toUpperCase() ?? ''} ${error.specDetails.pathName} in the OpenAPI document)`.replace('( ', '(') : '';
    return `${interaction}: ${error.message}${where} [${error.code} at ${error.mockDetails?.location ?? 'the pact'}]`;
  });
  parts.push(...shown);
  if (result.errors.length > shown.length) parts.push(`and ${result.errors.length - shown.length} more`);
  return parts.join('; ');
}

// Pacts for verification (docs/rules.md §6)

/** One bullet of "the pact content belongs to the consumer versions matching…". */
export function selectionBullet(reason: SelectionReason, provider: string): string {
  const who = reason.consumer ?? 'a consumer';
  switch (reason.kind) {
    case 'mainBranch':
      return `latest version from the main branch '${reason.name ?? ''}' (${reason.consumerVersion})`;
    case 'branch':
      return `latest version from branch '${reason.name ?? ''}' (${reason.consumerVersion})`;
    case 'fallbackBranch':
      return `latest version from branch '${reason.name ?? ''}' (fallback branch used as no pact was found from branch '${reason.fallbackFrom ?? ''}') (${reason.consumerVersion})`;
    case 'latestTag':
      return `latest version tagged '${reason.name ?? ''}' (${reason.consumerVersion})`;
    case 'fallbackTag':
      return `latest version tagged '${reason.name ?? ''}' (fallback tag used as no pact was found with tag '${reason.fallbackFrom ?? ''}') (${reason.consumerVersion})`;
    case 'tag':
      return `all consumer versions tagged '${reason.name ?? ''}' (${reason.consumerVersion})`;
    case 'latest':
      return `latest version of ${who} that has a pact with ${provider} (${reason.consumerVersion})`;
    case 'deployed':
      return `consumer version(s) currently deployed to ${reason.name ?? ''} (${reason.consumerVersion})`;
    case 'released':
      return `consumer version(s) released and supported in ${reason.name ?? ''} (${reason.consumerVersion})`;
    case 'environment':
      return `${who} version in environment ${reason.name ?? ''} (${reason.consumerVersion})`;
  }
}

/** The pact's `shortDescription`: how it was chosen, in a few words. */
export function selectionShortDescription(reasons: readonly SelectionReason[], wip: boolean): string {
  return wip ? 'wip' : [...new Set(reasons.map(shortReason))].join(', ');
}

function shortReason(reason: SelectionReason): string {
  switch (reason.kind) {
    case 'mainBranch':
      return 'latest from main branch';
    case 'branch':
    case 'fallbackBranch':
      return `latest from branch ${reason.name ?? ''}`;
    case 'latestTag':
    case 'fallbackTag':
      return `latest with tag ${reason.name ?? ''}`;
    case 'tag':
      return `one of ${reason.name ?? ''}`;
    case 'latest':
      return 'latest';
    case 'deployed':
      return `deployed to ${reason.name ?? ''}`;
    case 'released':
      return `released in ${reason.name ?? ''}`;
    case 'environment':
      return `in ${reason.name ?? ''}`;
  }
}

export interface VerificationNotice {
  readonly when: string;
  readonly text: string;
}

/** A selected pact, as data: what the notices are about. */
export interface SelectedPactFacts {
  readonly publication: PactPublication;
  readonly reasons: readonly SelectionReason[];
  readonly pending?: boolean;
  readonly wip: boolean;
}

/** The notices the verifier prints before and after verifying one pact; `url` is the pact's URL as the verifier fetches it. */
export function verificationNotices(pact: SelectedPactFacts, provider: string, request: Pick<ForVerificationRequest, 'providerVersionBranch' | 'providerVersionTags'>, url: string): VerificationNotice[] {
  const { publication, reasons, pending, wip } = pact;
  const branch = request.providerVersionBranch ?? request.providerVersionTags.join(', ');
  const notices: VerificationNotice[] = [];
  if (wip) {
    notices.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of ${publication.consumer} from branch '${reasons[0]?.name ?? ''}' and it has not yet been successfully verified by a version of ${provider} from branch '${branch}' when the pact's application version was explicitly specified in the consumer version selectors). Read more at https://docs.pact.io/go/wip`,
    });
  } else {
    const plural = reasons.length > 1;
    notices.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because the pact content belongs to the consumer version${plural ? 's' : ''} matching the following criteri${plural ? 'a' : 'on'}:\n${reasons.map((reason) => `    * ${selectionBullet(reason, provider)}`).join('\n')}`,
    });
  }
  if (pending !== undefined) {
    if (wip) notices.push({ when: 'before_verification', text: `This pact is in pending state for this version of ${provider} because it was included as a 'work in progress' pact. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending` });
    else if (pending) notices.push({ when: 'before_verification', text: `This pact is in pending state for this version of ${provider} because a successful verification result for ${branch === '' ? `a version of ${provider}` : `a version of ${provider} from branch '${branch}'`} has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending` });
    else notices.push({ when: 'before_verification', text: `This pact has previously been successfully verified by ${branch === '' ? `a version of ${provider}` : `a version of ${provider} from branch '${branch}'`}. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending` });
    if (pending) {
      notices.push({ when: 'after_verification:success_true_published_false', text: `This pact is still in pending state for any version of ${provider}${branch === '' ? '' : ` from branch '${branch}'`} as the successful verification results have not yet been published.` });
      notices.push({ when: 'after_verification:success_true_published_true', text: `This pact is no longer in pending state for any version of ${provider}${branch === '' ? '' : ` from branch '${branch}'`}, as a successful verification result has been published. If a verification for a version of ${provider} fails in the future, it will fail the build. Read more at https://docs.pact.io/go/pending` });
      notices.push({ when: 'after_verification:success_false_published_false', text: `This pact is still in pending state for any version of ${provider}${branch === '' ? '' : ` from branch '${branch}'`} as a successful verification result has not yet been published` });
      notices.push({ when: 'after_verification:success_false_published_true', text: `This pact is still in pending state for any version of ${provider}${branch === '' ? '' : ` from branch '${branch}'`} as a successful verification result has not yet been published` });
    }
  }
  return notices;
}

// Contract publication (`pact-broker publish`)

/** What the publication notices are about: the request as the use case read it, and each pact's outcome. */
export interface PublicationFacts {
  readonly pacticipant: string;
  readonly version: string;
  readonly branch?: string;
  readonly tags: readonly string[];
}

export interface PublishedPactFacts {
  readonly publication: Pick<PactPublication, 'consumer' | 'consumerVersion' | 'provider'>;
  readonly outcome: 'created' | 'unchanged' | 'overwritten' | 'merged';
}

function versionNotice(request: PublicationFacts, created: boolean): string {
  const parts: string[] = [];
  if (request.branch !== undefined) parts.push(`with branch ${request.branch}`);
  if (request.tags.length > 0) parts.push(`${parts.length > 0 ? 'and ' : 'with '}tags ${request.tags.join(', ')}`);
  return `${created ? 'Created' : 'Updated'} ${request.pacticipant} version ${request.version}${parts.length > 0 ? ` ${parts.join(' ')}` : ''}`;
}

function pactNotice(published: PublishedPactFacts): string {
  const { consumer, consumerVersion, provider } = published.publication;
  switch (published.outcome) {
    case 'created':
      return `Pact successfully published for ${consumer} version ${consumerVersion} and provider ${provider}.`;
    case 'unchanged':
      return `Pact successfully republished for ${consumer} version ${consumerVersion} and provider ${provider} with no content changes.`;
    case 'overwritten':
      return `Pact with changed content published over existing content for ${consumer} version ${consumerVersion} and provider ${provider}. This is not recommended in normal circumstances as it may cause unexpected results, because can-i-deploy may rely on results for the earlier content.`;
    case 'merged':
      return `Pact content merged with existing content for ${consumer} version ${consumerVersion} and provider ${provider}.`;
  }
}

export function publicationNotices<P extends PublishedPactFacts>(request: PublicationFacts, result: { versionCreated: boolean; published: readonly P[] }, pactUrl: (published: P) => string): Notice[] {
  const notices: Notice[] = [{ type: 'debug', text: versionNotice(request, result.versionCreated) }];
  if (request.branch === undefined) notices.push({ type: 'prompt', text: '  Next steps:\n    Configure the version branch to be the value of your repository branch.' });
  for (const published of result.published) {
    notices.push({ type: published.outcome === 'overwritten' ? 'warning' : 'success', text: pactNotice(published) });
    notices.push({ type: 'debug', text: `  View the published pact at ${pactUrl(published)}` });
  }
  return notices;
}

/** A changed pact for an existing consumer version, sent without `onConflict`. */
export const pactContentConflict = (consumer: string, consumerVersion: string, provider: string): string =>
  `Cannot change the content of the pact for ${consumer} version ${consumerVersion} and provider ${provider}, as race conditions will cause unreliable results for can-i-deploy. Each pact must be published with a unique consumer version number, or sent with "onConflict": "overwrite" or "merge".`;

// Provider contracts (`pactflow publish-provider-contract`)

export function providerContractNotices(provider: string, version: string, comparisonsRequested: number): Notice[] {
  return [
    { type: 'success', text: `Successfully published provider contract for ${provider} version ${version}` },
    ...(comparisonsRequested > 0 ? [{ type: 'info' as const, text: `${comparisonsRequested} comparison(s) with consumer pacts scheduled; can-i-deploy reports them as they complete.` }] : []),
  ];
}

// Webhooks (docs/webhooks.md): what a webhook body may not be (400 bodies, by field), and what its executions log.

export const webhookRefused = {
  missing: () => 'is missing',
  blank: () => 'must be filled',
  notAnObject: () => 'must be an object',
  notAString: () => 'must be a string',
  notABoolean: () => 'must be boolean',
  tooLong: (max: number) => `cannot be longer than ${max} characters`,
  badName: (max: number) => `must be a single-line name of at most ${max} characters`,
  blankName: () => 'cannot be blank',
  nameAndLabel: () => 'name and label cannot be provided at the same time',
  noSuchPacticipant: () => 'does not match an existing pacticipant',
  eventsNotAList: () => 'must be an array',
  noEvents: () => 'size cannot be less than 1',
  unknownEvent: (names: readonly string[], index: number) => `name must be one of: ${names.join(', ')} (at index ${index})`,
  eventNameMissing: (index: number) => `name is missing (at index ${index})`,
  tooManyHeaders: (max: number) => `cannot have more than ${max} headers`,
  badHeaderName: (name: string) => `'${name}' is not a valid header name`,
  badHeaderValue: (name: string) => `the value of '${name}' must be a single-line string`,
  credentialsInUrl: () => 'cannot contain a user name or password: give them as request.username and request.password, which are never shown',
  resendSecret: () => "is masked (only *): send it again, as the webhook's URL now points to another host, which the stored credentials were not given for",
  badUuid: () => 'The UUID can only contain the characters A-Z, a-z, 0-9, _ and -, and must be 16 or more characters (at most 100).',
} as const;

/** The lines of a webhook execution's log (the reference's wording, docs/webhooks.md §4.3). */
export const webhookLog = {
  responseHidden: () =>
    "For security purposes, the response details are not logged. To enable response logging, the broker's operator lists the hosts webhooks may reach (PACT_BROKER_WEBHOOK_HOST_WHITELIST).",
  truncated: () => ' [truncated: only the start of the response body is kept]',
  refused: (reason: string) => `Webhook not sent: ${reason}`,
  failed: (uuid: string | undefined, reason: string) => `Error executing webhook${uuid === undefined ? '' : ` ${uuid}`} - ${reason}`,
  failedHidden: (uuid: string | undefined) => `Error executing webhook${uuid === undefined ? '' : ` ${uuid}`}. For security purposes, the error details are not logged.`,
  abandoned: () => 'The attempt was cut off before it finished (the function running it stopped); it counts as failed',
  deleted: (uuid: string) => `Webhook ${uuid} was deleted after it was triggered; nothing was sent`,
  disabled: (uuid: string) => `Webhook ${uuid} was disabled after it was triggered; nothing was sent`,
  succeeded: () => 'Successfully executed webhook',
  retrying: (seconds: number) => `Retrying webhook in ${seconds} seconds`,
  gaveUp: (attempts: number) => `Webhook execution failed after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
  testFailed: () => 'Webhook execution failed',
  notRunYet: () => 'Webhook has not executed yet. Please retry in a few seconds.',
} as const;
