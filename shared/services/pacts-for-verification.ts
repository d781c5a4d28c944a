/**
 * Pacts for verification (`POST /pacts/provider/{p}/for-verification`): which pacts a provider build must verify,
 * why, and whether each is pending. Undeployed or support-ended versions stop being selected at once: the deployed
 * and released selectors read the "currently deployed/supported" pointers.
 */
import type { PactPublication } from '#domain/model.ts';
import { NotFound, ValidationMessages } from '#domain/errors.ts';
import { bullet, readForVerificationRequest, shortDescription, type ConsumerVersionSelector, type ForVerificationRequest, type SelectionReason } from '#domain/verification/selectors.ts';
import type { Body } from '#domain/validation.ts';
import type { ServiceContext } from './context.ts';
import type { VerifiedScope } from './ports.ts';

export interface PactToVerify {
  readonly publication: PactPublication;
  readonly reasons: readonly SelectionReason[];
  readonly pending?: boolean;
  readonly wip: boolean;
  readonly notices: readonly { when: string; text: string }[];
  readonly shortDescription: string;
  /** Opaque token in the pact URL that says how it was selected (echoed back when the result is published). */
  readonly metadata: string;
  /** The pact URL (with the metadata) the verifier fetches and posts its result under; also quoted in the notices. */
  readonly href: string;
}

interface Candidate {
  readonly publication: PactPublication;
  readonly reason: SelectionReason;
  /** Which selector chose it: candidates are put back in selector order, whatever order the parallel reads finished in. */
  readonly selectorIndex: number;
}

export function parseForVerification(body: Body): ForVerificationRequest {
  const { request, errors } = readForVerificationRequest(body);
  if (errors.length > 0) throw new ValidationMessages(errors);
  return request;
}

export async function pactsForVerification(context: ServiceContext, provider: string, request: ForVerificationRequest, pactUrl: (publication: PactPublication, metadata: string) => string): Promise<PactToVerify[]> {
  const [providerPacticipant, integrations, environments] = await Promise.all([
    context.pacticipants.find(provider),
    context.pacts.listIntegrations(),
    context.environments.list(),
  ]);
  if (providerPacticipant === undefined) throw new NotFound(`No pacticipant with name '${provider}' found`);
  const consumers = [...new Set(integrations.filter((integration) => integration.provider === provider).map((integration) => integration.consumer))].sort();
  const unknownEnvironments = request.selectors.map((selector) => selector.environment).filter((name): name is string => name !== undefined && !environments.some((environment) => environment.name === name));
  if (unknownEnvironments.length > 0) throw new ValidationMessages(unknownEnvironments.map((name) => `environment with name '${name}' does not exist`));

  // Memoised per request: several selectors (and environments) often point at the same versions.
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let value = memo.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = load();
      memo.set(key, value);
    }
    return value;
  };
  const publicationOf = (consumer: string, number: string) => once(`pub:${consumer}\u0000${number}`, () => context.pacts.findPublication(consumer, number, provider));
  const pacticipantOf = (name: string) => once(`p:${name}`, () => context.pacticipants.find(name));
  const candidates: Candidate[] = [];
  let selectorIndex = 0;
  const add = (publication: PactPublication | undefined, reason: Omit<SelectionReason, 'consumerVersion'>) => {
    if (publication !== undefined) candidates.push({ publication, reason: { ...reason, consumerVersion: publication.consumerVersion }, selectorIndex });
  };
  const branchHead = (consumer: string, branch: string) => once(`head:${consumer}\u0000${branch}`, async () => (await context.versions.findBranchHead(consumer, branch))?.version);

  const selectors: ConsumerVersionSelector[] = request.defaults ? [{ mainBranch: true }, { deployed: true }, { released: true }] : [...request.selectors];
  for (const [index, selector] of selectors.entries()) {
    selectorIndex = index;
    const targets = selector.consumer === undefined ? consumers : consumers.filter((consumer) => consumer === selector.consumer);
    const consumerName = selector.consumer;
    if (selector.mainBranch) {
      await Promise.all(
        targets.map(async (consumer) => {
          const mainBranch = (await pacticipantOf(consumer))?.mainBranch;
          if (mainBranch !== undefined) {
            const head = await branchHead(consumer, mainBranch);
            if (head !== undefined) add(await publicationOf(consumer, head), { kind: 'mainBranch', name: mainBranch, ...(consumerName ? { consumer: consumerName } : {}) });
          } else if (request.defaults) {
            // Defaults for a consumer without a main branch: its latest pact.
            add(await context.pacts.findLatestPublication(consumer, provider), { kind: 'latest', consumer });
          }
        }),
      );
    } else if (selector.branch !== undefined || selector.matchingBranch) {
      const branch = selector.branch ?? (request.providerVersionBranch as string);
      await Promise.all(
        targets.map(async (consumer) => {
          const head = await branchHead(consumer, branch);
          const publication = head === undefined ? undefined : await publicationOf(consumer, head);
          if (publication !== undefined) add(publication, { kind: 'branch', name: branch, ...(consumerName ? { consumer: consumerName } : {}) });
          else if (selector.fallbackBranch !== undefined) {
            const fallback = await branchHead(consumer, selector.fallbackBranch);
            if (fallback !== undefined) add(await publicationOf(consumer, fallback), { kind: 'fallbackBranch', name: selector.fallbackBranch, fallbackFrom: branch, ...(consumerName ? { consumer: consumerName } : {}) });
          }
        }),
      );
    } else if (selector.tag !== undefined) {
      if (selector.latest) {
        const found: Candidate[] = [];
        for (const consumer of targets) {
          const version = await context.versions.findLatest(consumer, selector.tag);
          const publication = version === undefined ? undefined : await publicationOf(consumer, version.number);
          if (publication !== undefined) found.push({ publication, reason: { kind: 'latestTag', name: selector.tag, consumerVersion: publication.consumerVersion }, selectorIndex });
        }
        candidates.push(...found);
        if (found.length === 0 && selector.fallbackTag !== undefined) {
          for (const consumer of targets) {
            const version = await context.versions.findLatest(consumer, selector.fallbackTag);
            if (version !== undefined) add(await publicationOf(consumer, version.number), { kind: 'fallbackTag', name: selector.fallbackTag, fallbackFrom: selector.tag });
          }
        }
      } else {
        for (const consumer of targets) {
          for (const version of await context.versions.listWith(consumer, { tag: selector.tag })) {
            add(await publicationOf(consumer, version.number), { kind: 'tag', name: selector.tag, ...(consumerName ? { consumer: consumerName } : {}) });
          }
        }
      }
    } else if (selector.latest) {
      for (const consumer of targets) add(await context.pacts.findLatestPublication(consumer, provider), { kind: 'latest', ...(consumerName ? { consumer: consumerName } : {}) });
    } else {
      // deployed / released / deployedOrReleased / environment: what the pointers say now.
      const wantDeployed = selector.deployed === true || selector.deployedOrReleased === true || (selector.environment !== undefined && selector.released !== true);
      const wantReleased = selector.released === true || selector.deployedOrReleased === true || (selector.environment !== undefined && selector.deployed !== true);
      const kind = selector.environment !== undefined && !selector.deployed && !selector.released ? 'environment' : undefined;
      await Promise.all(
        environments
          .filter((candidate) => selector.environment === undefined || candidate.name === selector.environment)
          .flatMap((environment) => [
            wantDeployed
              ? context.deployments.listCurrent(environment.uuid).then((deployments) =>
                  Promise.all(
                    deployments
                      .filter((deployment) => targets.includes(deployment.pacticipant))
                      .map(async (deployment) => add(await publicationOf(deployment.pacticipant, deployment.version), { kind: kind ?? 'deployed', name: environment.name, ...(consumerName ? { consumer: consumerName } : {}) })),
                  ),
                )
              : Promise.resolve(),
            wantReleased
              ? context.releases.listCurrent(environment.uuid).then((releases) =>
                  Promise.all(
                    releases
                      .filter((release) => targets.includes(release.pacticipant))
                      .map(async (release) => add(await publicationOf(release.pacticipant, release.version), { kind: kind ?? 'released', name: environment.name, ...(consumerName ? { consumer: consumerName } : {}) })),
                  ),
                )
              : Promise.resolve(),
          ]),
      );
    }
  }

  candidates.sort(
    (a, b) =>
      a.selectorIndex - b.selectorIndex ||
      a.publication.consumer.localeCompare(b.publication.consumer) ||
      b.publication.consumerVersionOrder - a.publication.consumerVersionOrder ||
      (a.reason.name ?? '').localeCompare(b.reason.name ?? ''),
  );
  // One entry per (consumer, content): the latest consumer version's pact, with every reason that chose it.
  const groups = new Map<string, { publication: PactPublication; reasons: SelectionReason[] }>();
  for (const candidate of candidates) {
    const key = JSON.stringify([candidate.publication.consumer, candidate.publication.sha]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { publication: candidate.publication, reasons: [candidate.reason] });
    else {
      if (candidate.publication.consumerVersionOrder > group.publication.consumerVersionOrder) group.publication = candidate.publication;
      if (!group.reasons.some((reason) => JSON.stringify(reason) === JSON.stringify(candidate.reason))) group.reasons.push(candidate.reason);
    }
  }

  const results: PactToVerify[] = await Promise.all(
    [...groups.values()].map(async (group) => {
      const pending = request.includePendingStatus ? await isPending(context, group.publication, request) : undefined;
      return describe(group.publication, group.reasons, pending, false, provider, request, pactUrl);
    }),
  );
  if (request.includeWipPactsSince !== undefined && (request.providerVersionBranch !== undefined || request.providerVersionTags.length > 0)) {
    results.push(...(await wipPacts(context, provider, consumers, request, new Set(groups.keys()), pactUrl)));
  }
  return results;
}

/**
 * Pending unless the content was verified successfully by a provider version on the provider branch (or with one of
 * the tags), or by any provider version before that branch existed. With neither branch nor tags: unless ever verified.
 */
async function isPending(context: ServiceContext, publication: PactPublication, request: ForVerificationRequest): Promise<boolean> {
  const since = (scope: VerifiedScope) => context.verifications.findVerifiedSince(publication.consumer, publication.provider, publication.sha, scope);
  if (request.providerVersionBranch !== undefined) {
    if ((await since({ branch: request.providerVersionBranch })) !== undefined) return false;
    const anyAt = await since('any');
    const branch = await context.versions.findBranch(publication.provider, request.providerVersionBranch);
    return !(anyAt !== undefined && branch !== undefined && anyAt < branch.createdAt);
  }
  if (request.providerVersionTags.length > 0) {
    for (const tag of request.providerVersionTags) if ((await since({ tag })) === undefined) return true;
    return false;
  }
  return (await since('any')) === undefined;
}

/** Work-in-progress pacts: heads of consumer branches published since the date and not yet accepted on the provider branch. */
async function wipPacts(
  context: ServiceContext,
  provider: string,
  consumers: readonly string[],
  request: ForVerificationRequest,
  selected: ReadonlySet<string>,
  pactUrl: (publication: PactPublication, metadata: string) => string,
): Promise<PactToVerify[]> {
  const found = new Map<string, { publication: PactPublication; branch: string }>();
  for (const consumer of consumers) {
    for (const branch of await context.versions.listBranches(consumer)) {
      const head = await context.versions.findBranchHead(consumer, branch.name);
      const publication = head === undefined ? undefined : await context.pacts.findPublication(consumer, head.version, provider);
      if (publication === undefined || publication.createdAt < (request.includeWipPactsSince as string)) continue;
      const key = JSON.stringify([consumer, publication.sha]);
      if (selected.has(key) || found.has(key)) continue;
      if (!(await isPending(context, publication, request))) continue;
      found.set(key, { publication, branch: branch.name });
    }
  }
  return [...found.values()].map(({ publication, branch }) => describe(publication, [{ kind: 'branch', name: branch, consumer: publication.consumer, consumerVersion: publication.consumerVersion }], true, true, provider, request, pactUrl));
}

function describe(
  publication: PactPublication,
  reasons: readonly SelectionReason[],
  pending: boolean | undefined,
  wip: boolean,
  provider: string,
  request: ForVerificationRequest,
  pactUrl: (publication: PactPublication, metadata: string) => string,
): PactToVerify {
  const metadata = Buffer.from(JSON.stringify({ cv: publication.consumerVersion, w: wip || undefined, p: pending })).toString('base64url');
  const url = pactUrl(publication, metadata);
  const branch = request.providerVersionBranch ?? request.providerVersionTags.join(', ');
  const notices: { when: string; text: string }[] = [];
  if (wip) {
    notices.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of ${publication.consumer} from branch '${reasons[0]?.name ?? ''}' and it has not yet been successfully verified by a version of ${provider} from branch '${branch}' when the pact's application version was explicitly specified in the consumer version selectors). Read more at https://docs.pact.io/go/wip`,
    });
  } else {
    const plural = reasons.length > 1;
    notices.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because the pact content belongs to the consumer version${plural ? 's' : ''} matching the following criteri${plural ? 'a' : 'on'}:\n${reasons.map((reason) => `    * ${bullet(reason, provider)}`).join('\n')}`,
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
  return {
    publication,
    reasons,
    ...(pending === undefined ? {} : { pending }),
    wip,
    notices,
    shortDescription: wip ? 'wip' : [...new Set(reasons.map(shortDescription))].join(', '),
    metadata,
    href: url,
  };
}
