/**
 * HAL representations, shaped as the reference broker's decorators shape them (docs/wire-contract.md §1.5, §3–§9).
 * Null properties are omitted; multi-link relations are arrays, rendered even when empty. Relations to features this
 * broker does not have (labels, badges) are left out rather than pointing at nothing.
 */
import type {
  Branch,
  BranchVersion,
  CurrentDeployment,
  CurrentRelease,
  DeployedVersion,
  Environment,
  Pacticipant,
  ReleasedVersion,
  Tag,
  Version,
  VersionDetails,
  VersionLifecycle,
} from '#domain/model.ts';
import type { EnvironmentEvent } from '#domain/environment-history.ts';
import { formatTimestamp } from '#domain/time.ts';
import { compact, type Links } from './hal.ts';

const time = (iso: string | undefined): string | undefined => (iso === undefined ? undefined : formatTimestamp(iso));

/** `updatedAt` is omitted when it equals `createdAt` (to the second). */
const timestamps = (createdAt: string, updatedAt?: string) => {
  const created = formatTimestamp(createdAt);
  const updated = time(updatedAt);
  return updated === undefined || updated === created ? { createdAt: created } : { createdAt: created, updatedAt: updated };
};

const curies = (links: Links, context: string) => [{ name: 'pb', href: `${links.base}/doc/{rel}?context=${context}`, templated: true }];

// Environments

export function environmentResource(links: Links, environment: Environment) {
  const self = links.environment(environment.uuid);
  return compact({
    uuid: environment.uuid,
    name: environment.name,
    displayName: environment.displayName,
    production: environment.production,
    contacts: environment.contacts,
    ...timestamps(environment.createdAt, environment.updatedAt),
    _links: {
      self: { title: 'Environment', name: environment.name, href: self },
      'pb:currently-deployed-deployed-versions': { title: `Versions currently deployed to ${environment.displayName} environment`, href: `${self}/deployed-versions/currently-deployed` },
      'pb:currently-supported-released-versions': { title: `Versions released and supported in ${environment.displayName} environment`, href: `${self}/released-versions/currently-supported` },
      'pb:history': { title: historyTitle(environment), href: `${self}/history` },
      'pb:environments': { title: 'Environments', href: links.url('environments') },
    },
  });
}

const historyTitle = (environment: Environment): string => `History of deployments and releases in ${environment.displayName}`;

/** The environment's events, newest first (docs/wire-contract.md §7.5). */
export function environmentHistoryResource(links: Links, environment: Environment, events: readonly EnvironmentEvent[], selfHref: string) {
  return {
    environment: { uuid: environment.uuid, name: environment.name, displayName: environment.displayName, production: environment.production },
    _embedded: {
      events: events.map((event) =>
        compact({
          type: event.type,
          at: formatTimestamp(event.at),
          pacticipant: { name: event.pacticipant },
          version: event.version,
          applicationInstance: event.applicationInstance,
          _links: {
            self: { href: links.url(event.record.kind === 'deployedVersion' ? 'deployed-versions' : 'released-versions', event.record.uuid) },
            'pb:version': { href: links.version(event.pacticipant, event.version) },
          },
        }),
      ),
    },
    _links: {
      self: { title: historyTitle(environment), href: selfHref },
      'pb:environment': { title: 'Environment', name: environment.name, href: links.environment(environment.uuid) },
    },
  };
}

export function environmentsCollection(links: Links, environments: readonly Environment[]) {
  return {
    _embedded: { environments: environments.map((environment) => environmentResource(links, environment)) },
    _links: {
      self: { title: 'Environments', href: links.url('environments') },
      'pb:createEnvironment': { title: 'Create an environment', href: links.url('environments') },
      'pb:environments': environments.map((environment) => ({ title: 'Environment', name: environment.name, href: links.environment(environment.uuid) })),
    },
  };
}

// Embedded summaries

const embeddedPacticipant = (links: Links, name: string) => ({ name, _links: { self: { href: links.pacticipant(name) } } });

const embeddedVersion = (links: Links, pacticipant: string, number: string) => ({
  number,
  _links: { self: { title: 'Version', name: number, href: links.version(pacticipant, number) } },
});

// Deployed and released versions

export function deployedVersionResource(links: Links, record: DeployedVersion, environment?: Environment) {
  return compact({
    uuid: record.uuid,
    currentlyDeployed: record.undeployedAt === undefined,
    target: record.applicationInstance,
    applicationInstance: record.applicationInstance,
    undeployedAt: time(record.undeployedAt),
    ...timestamps(record.createdAt, record.updatedAt),
    _embedded: compact({
      pacticipant: embeddedPacticipant(links, record.pacticipant),
      version: embeddedVersion(links, record.pacticipant, record.version),
      environment: environment === undefined ? undefined : environmentResource(links, environment),
    }),
    _links: { self: { href: links.url('deployed-versions', record.uuid) } },
  });
}

export function currentlyDeployedCollection(links: Links, environment: Environment, deployments: readonly CurrentDeployment[], selfHref: string) {
  return {
    _embedded: {
      deployedVersions: deployments.map((deployment) =>
        compact({
          uuid: deployment.deployedVersionUuid,
          currentlyDeployed: true,
          target: deployment.applicationInstance,
          applicationInstance: deployment.applicationInstance,
          createdAt: formatTimestamp(deployment.createdAt),
          _embedded: {
            pacticipant: embeddedPacticipant(links, deployment.pacticipant),
            version: embeddedVersion(links, deployment.pacticipant, deployment.version),
          },
          _links: { self: { href: links.url('deployed-versions', deployment.deployedVersionUuid) } },
        }),
      ),
    },
    _links: { self: { href: selfHref, title: `Currently deployed versions for ${environment.displayName}` } },
  };
}

export function releasedVersionResource(links: Links, record: ReleasedVersion, environment?: Environment) {
  return compact({
    uuid: record.uuid,
    currentlySupported: record.supportEndedAt === undefined,
    supportEndedAt: time(record.supportEndedAt),
    ...timestamps(record.createdAt, record.updatedAt),
    _embedded: compact({
      pacticipant: embeddedPacticipant(links, record.pacticipant),
      version: embeddedVersion(links, record.pacticipant, record.version),
      environment: environment === undefined ? undefined : environmentResource(links, environment),
    }),
    _links: { self: { href: links.url('released-versions', record.uuid) } },
  });
}

export function currentlySupportedCollection(links: Links, environment: Environment, releases: readonly CurrentRelease[], selfHref: string) {
  return {
    _embedded: {
      releasedVersions: releases.map((release) => ({
        uuid: release.releasedVersionUuid,
        currentlySupported: true,
        createdAt: formatTimestamp(release.createdAt),
        _embedded: {
          pacticipant: embeddedPacticipant(links, release.pacticipant),
          version: embeddedVersion(links, release.pacticipant, release.version),
        },
        _links: { self: { href: links.url('released-versions', release.releasedVersionUuid) } },
      })),
    },
    _links: { self: { href: selfHref, title: `Currently supported versions in ${environment.displayName}` } },
  };
}

// Pacticipants

export function pacticipantResource(links: Links, pacticipant: Pacticipant, latestVersion: Version | undefined, options: { deployedEnvironments?: boolean } = {}) {
  const self = links.pacticipant(pacticipant.name);
  const latest = latestVersion === undefined ? undefined : embeddedVersion(links, pacticipant.name, latestVersion.number);
  return compact({
    name: pacticipant.name,
    displayName: pacticipant.displayName,
    repositoryUrl: pacticipant.repositoryUrl,
    repositoryName: pacticipant.repositoryName,
    repositoryNamespace: pacticipant.repositoryNamespace,
    mainBranch: pacticipant.mainBranch,
    ...timestamps(pacticipant.createdAt, pacticipant.updatedAt),
    _embedded: compact({
      latestVersion: latest,
      'latest-version': latest === undefined ? undefined : { ...latest, title: 'DEPRECATED - please use latestVersion', name: 'DEPRECATED - please use latestVersion' },
      labels: (pacticipant.labels ?? []).map((label) => labelSummary(links, pacticipant.name, label)),
    }),
    _links: compact({
      self: { href: self },
      'pb:versions': { href: `${self}/versions` },
      'pb:branches': { href: `${self}/branches` },
      'pb:version': { title: 'Get, create or delete a pacticipant version', href: `${self}/versions/{version}`, templated: true },
      'pb:deployed-environments': options.deployedEnvironments === false ? undefined : [],
      'pb:version-tag': { title: `Get, create or delete a tag for a version of ${pacticipant.name}`, href: `${self}/versions/{version}/tags/{tag}`, templated: true },
      'pb:branch-version': { title: `Get or add/create a version for a branch of ${pacticipant.name}`, href: `${self}/branches/{branch}/versions/{version}`, templated: true },
      'pb:label': { title: 'Get, create or delete a label for this pacticipant', href: `${self}/labels/{label}`, templated: true },
      versions: { title: 'Deprecated - use pb:versions', href: `${self}/versions` },
      curies: curies(links, 'pacticipant'),
    }),
  });
}

export function pacticipantsCollection(links: Links, pacticipants: readonly { pacticipant: Pacticipant; latestVersion?: Version }[]) {
  const items = pacticipants.map(({ pacticipant, latestVersion }) => pacticipantResource(links, pacticipant, latestVersion, { deployedEnvironments: false }));
  return {
    _embedded: { pacticipants: items },
    // Deprecated, but the Rust CLI's list-pacticipants table reads this top-level array.
    pacticipants: items.map((item) => ({ ...item, title: 'DEPRECATED - Please use the embedded pacticipants collection' })),
    _links: {
      self: { href: links.url('pacticipants') },
      'pb:pacticipants': pacticipants.map(({ pacticipant }) => ({ href: links.pacticipant(pacticipant.name), title: 'Pacticipant', name: pacticipant.name })),
      pacticipants: pacticipants.map(({ pacticipant }) => ({ href: links.pacticipant(pacticipant.name), title: pacticipant.name, name: 'DEPRECATED - please use pb:pacticipants' })),
    },
  };
}

// Versions

export function versionResource(links: Links, details: VersionDetails, lifecycle: VersionLifecycle, selfHref?: string) {
  const { version } = details;
  const self = links.version(version.pacticipant, version.number);
  const environmentsByUuid = new Map(lifecycle.environments.map((environment) => [environment.uuid, environment]));
  const branches = details.branches.map((branchVersion) => ({
    name: branchVersion.branch,
    latest: branchVersion.latest,
    _links: { self: { title: 'Branch version', name: branchVersion.branch, href: branchVersionHref(links, branchVersion) } },
  }));
  return compact({
    number: version.number,
    buildUrl: version.buildUrl,
    ...timestamps(version.createdAt, version.updatedAt),
    _embedded: {
      branches,
      branchVersions: branches,
      tags: details.tags.map((tag) => ({ name: tag.name, _links: { self: { title: 'Tag', name: tag.name, href: tagHref(links, tag) } } })),
    },
    _links: {
      self: { title: 'Version', name: version.number, href: selfHref ?? self },
      'pb:pacticipant': { title: 'Pacticipant', name: version.pacticipant, href: links.pacticipant(version.pacticipant) },
      'pb:tag': { href: `${self}/tags/{tag}`, title: 'Get, create or delete a tag for this pacticipant version', templated: true },
      'pb:pact-versions': details.pacts.map((pact) => ({
        title: 'Pact',
        name: `Pact between ${pact.consumer} (${pact.consumerVersion}) and ${pact.provider}`,
        href: links.url('pacts', 'provider', pact.provider, 'consumer', pact.consumer, 'version', pact.consumerVersion),
      })),
      'pb:deployed-environments': lifecycle.deployments.flatMap((deployment) => {
        const environment = environmentsByUuid.get(deployment.environmentUuid);
        if (environment === undefined) return [];
        return [
          compact({
            title: `Version deployed to ${environment.displayName}`,
            name: environment.displayName,
            href: links.url('deployed-versions', deployment.uuid),
            currently_deployed: deployment.undeployedAt === undefined,
            application_instance: deployment.applicationInstance,
          }),
        ];
      }),
      'pb:released-environments': lifecycle.releases.flatMap((release) => {
        const environment = environmentsByUuid.get(release.environmentUuid);
        if (environment === undefined) return [];
        return [
          {
            title: `Version released to ${environment.displayName}`,
            name: environment.displayName,
            href: links.url('released-versions', release.uuid),
            currently_supported: release.supportEndedAt === undefined,
          },
        ];
      }),
      // One entry per environment, keyed by the environment *name*: the CLIs pick the link by it.
      'pb:record-deployment': lifecycle.environments.map((environment) => ({
        title: `Record deployment to ${environment.displayName}`,
        name: environment.name,
        href: `${self}/deployed-versions/environment/${encodeURIComponent(environment.uuid)}`,
      })),
      'pb:record-release': lifecycle.environments.map((environment) => ({
        title: `Record release to ${environment.displayName}`,
        name: environment.name,
        href: `${self}/released-versions/environment/${encodeURIComponent(environment.uuid)}`,
      })),
      curies: curies(links, 'version'),
    },
  });
}

export function versionsCollection(links: Links, pacticipant: string, versions: readonly Version[]) {
  const self = `${links.pacticipant(pacticipant)}/versions`;
  const items = versions.map((version) =>
    compact({
      number: version.number,
      buildUrl: version.buildUrl,
      ...timestamps(version.createdAt, version.updatedAt),
      _links: { self: { title: 'Version', name: version.number, href: links.version(pacticipant, version.number) } },
    }),
  );
  return {
    _embedded: { versions: items },
    _links: {
      self: { href: self, title: 'All application versions' },
      'pb:pacticipant': { title: 'Pacticipant', name: pacticipant, href: links.pacticipant(pacticipant) },
      'pb:versions': items.map((item) => item._links.self),
    },
  };
}

const tagHref = (links: Links, tag: Tag): string => links.url('pacticipants', tag.pacticipant, 'versions', tag.version, 'tags', tag.name);

export function tagResource(links: Links, tag: Tag) {
  return {
    name: tag.name,
    createdAt: formatTimestamp(tag.createdAt),
    _links: {
      self: { title: 'Tag', name: tag.name, href: tagHref(links, tag) },
      version: { title: 'Version', name: tag.version, href: links.version(tag.pacticipant, tag.version) },
      pacticipant: { title: 'Pacticipant', name: tag.pacticipant, href: links.pacticipant(tag.pacticipant) },
    },
  };
}

const branchHref = (links: Links, pacticipant: string, branch: string): string => links.url('pacticipants', pacticipant, 'branches', branch);
const branchVersionHref = (links: Links, branchVersion: BranchVersion): string =>
  links.url('pacticipants', branchVersion.pacticipant, 'branches', branchVersion.branch, 'versions', branchVersion.version);

export function branchResource(links: Links, branch: Branch) {
  const self = branchHref(links, branch.pacticipant, branch.name);
  return {
    name: branch.name,
    createdAt: formatTimestamp(branch.createdAt),
    _links: {
      self: { title: 'Branch', href: self },
      'pb:latest-version': { title: 'Latest version for branch', href: `${self}/latest-version` },
      'pb:pacticipant': { title: 'Pacticipant', name: branch.pacticipant, href: links.pacticipant(branch.pacticipant) },
    },
  };
}

export function branchesCollection(links: Links, pacticipant: string, branches: readonly Branch[]) {
  return {
    _embedded: { branches: branches.map((branch) => branchResource(links, branch)) },
    _links: { self: { href: `${links.pacticipant(pacticipant)}/branches`, title: 'Branches' } },
  };
}

export function branchVersionResource(links: Links, branchVersion: BranchVersion) {
  return {
    createdAt: formatTimestamp(branchVersion.createdAt),
    _links: {
      self: { title: 'Branch version', href: branchVersionHref(links, branchVersion) },
      'pb:branch': { title: 'Branch', name: branchVersion.branch, href: branchHref(links, branchVersion.pacticipant, branchVersion.branch) },
      'pb:version': { title: 'Version', name: branchVersion.version, href: links.version(branchVersion.pacticipant, branchVersion.version) },
    },
  };
}

// Labels

const labelHref = (links: Links, pacticipant: string, label: string): string => links.url('pacticipants', pacticipant, 'labels', label);

const labelSummary = (links: Links, pacticipant: string, label: string) => ({ name: label, _links: { self: { title: 'Label', name: label, href: labelHref(links, pacticipant, label) } } });

export function labelResource(links: Links, pacticipant: string, label: string) {
  return {
    name: label,
    _embedded: { pacticipant: embeddedPacticipant(links, pacticipant) },
    _links: {
      self: { title: 'Label', name: label, href: labelHref(links, pacticipant, label) },
      pacticipant: { title: 'Pacticipant', name: pacticipant, href: links.pacticipant(pacticipant) },
      'pb:pacticipants-with-label': { title: `Pacticipants labelled '${label}'`, href: links.url('pacticipants', 'label', label) },
    },
  };
}
