/**
 * The only module that builds key strings (design in ./README.md). Every partition key, including GSI
 * partition keys, starts with `T#<tenant>#`. User-supplied components are escaped so `#` only separates.
 */

export interface Key {
  readonly PK: string;
  readonly SK: string;
}

/**
 * Escapes `%` and `#` so a name can never forge a separator, and control characters and lone surrogates (which the
 * edge refuses in names; this is the second line) so no key holds a character IAM's key patterns or UTF-8 cannot carry.
 */
export function escapeComponent(value: string): string {
  return value.replace(/[%#\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (character) => {
    const code = character.charCodeAt(0);
    return code < 0x100 ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : `%u${code.toString(16).toUpperCase()}`;
  });
}

const e = escapeComponent;

/** Zero-padded so lexical order is numeric order (15 digits: beyond any counter we will reach). */
export function sequenceKey(sequence: number): string {
  return String(sequence).padStart(15, '0');
}

export const tenantPrefix = (tenant: string): string => `T#${e(tenant)}`;

export const tenantKey = (tenant: string): Key => ({ PK: tenantPrefix(tenant), SK: 'TENANT' });
export const tenantCounterKey = (tenant: string): Key => ({ PK: tenantPrefix(tenant), SK: 'COUNTER' });

// Pacticipants and branches
const pacticipantPartition = (tenant: string, pacticipant: string): string => `${tenantPrefix(tenant)}#P#${e(pacticipant)}`;
export const pacticipantKey = (tenant: string, pacticipant: string): Key => ({ PK: pacticipantPartition(tenant, pacticipant), SK: 'PACTICIPANT' });
export const pacticipantListGsi1 = (tenant: string, pacticipant: string) => ({ GSI1PK: pacticipantsGsi1Partition(tenant), GSI1SK: pacticipant });
export const pacticipantsGsi1Partition = (tenant: string): string => `${tenantPrefix(tenant)}#PACTICIPANTS`;
/** A label's index entry, in the pacticipant's partition (deleted with it); the pacticipant item holds the label set. */
export const labelKey = (tenant: string, pacticipant: string, label: string): Key => ({ PK: pacticipantPartition(tenant, pacticipant), SK: `LABEL#${e(label)}` });
export const labelGsi1Partition = (tenant: string, label: string): string => `${tenantPrefix(tenant)}#LABEL#${e(label)}`;
export const branchKey = (tenant: string, pacticipant: string, branch: string): Key => ({ PK: pacticipantPartition(tenant, pacticipant), SK: `BRANCH#${e(branch)}` });
export const branchesOfPacticipant = (tenant: string, pacticipant: string) => ({ PK: pacticipantPartition(tenant, pacticipant), skPrefix: 'BRANCH#' });

// Versions and what hangs off them
export const versionPartition = (tenant: string, pacticipant: string, version: string): string =>
  `${pacticipantPartition(tenant, pacticipant)}#V#${e(version)}`;
export const versionKey = (tenant: string, pacticipant: string, version: string): Key => ({ PK: versionPartition(tenant, pacticipant, version), SK: 'VERSION' });
export const versionsGsi1Partition = (tenant: string, pacticipant: string): string => `${pacticipantPartition(tenant, pacticipant)}#VERSIONS`;
export const versionGsi1 = (tenant: string, pacticipant: string, order: number) => ({ GSI1PK: versionsGsi1Partition(tenant, pacticipant), GSI1SK: sequenceKey(order) });
export const tagKey = (tenant: string, pacticipant: string, version: string, tag: string): Key => ({ PK: versionPartition(tenant, pacticipant, version), SK: `TAG#${e(tag)}` });
export const tagGsi1Partition = (tenant: string, pacticipant: string, tag: string): string => `${pacticipantPartition(tenant, pacticipant)}#TAG#${e(tag)}`;
export const tagGsi1 = (tenant: string, pacticipant: string, tag: string, versionOrder: number) => ({ GSI1PK: tagGsi1Partition(tenant, pacticipant, tag), GSI1SK: sequenceKey(versionOrder) });
export const branchVersionKey = (tenant: string, pacticipant: string, branch: string, version: string): Key => ({ PK: versionPartition(tenant, pacticipant, version), SK: `BRANCH#${e(branch)}` });
export const branchGsi1Partition = (tenant: string, pacticipant: string, branch: string): string => `${pacticipantPartition(tenant, pacticipant)}#B#${e(branch)}`;
export const branchVersionGsi1 = (tenant: string, pacticipant: string, branch: string, sequence: number) => ({ GSI1PK: branchGsi1Partition(tenant, pacticipant, branch), GSI1SK: sequenceKey(sequence) });
export const lifecycleGsi2Partition = (tenant: string, pacticipant: string, version: string): string => `${versionPartition(tenant, pacticipant, version)}#LIFECYCLE`;

// Environments
export const environmentsPartition = (tenant: string): string => `${tenantPrefix(tenant)}#ENVIRONMENTS`;
export const environmentKey = (tenant: string, uuid: string): Key => ({ PK: environmentsPartition(tenant), SK: `ENV#${e(uuid)}` });
export const environmentNameKey = (tenant: string, name: string): Key => ({ PK: environmentsPartition(tenant), SK: `NAME#${e(name)}` });
const environmentPartition = (tenant: string, environmentUuid: string): string => `${tenantPrefix(tenant)}#ENV#${e(environmentUuid)}`;

// Deployments
export const deployedVersionKey = (tenant: string, uuid: string): Key => ({ PK: `${tenantPrefix(tenant)}#DV#${e(uuid)}`, SK: 'DEPLOYED_VERSION' });
/**
 * An environment's deployment records by their latest event (GSI1): `<createdAt>#<uuid>` when written, moved to
 * `<undeployedAt>#<uuid>` when the record is undeployed (replaced in its slot or ended), so reading the index newest
 * first meets every event of a time before every older one (the environment's history).
 */
export const deploymentsOfEnvironmentGsi1Partition = (tenant: string, environmentUuid: string): string => `${environmentPartition(tenant, environmentUuid)}#DEPLOYMENTS`;
export const deployedVersionGsi1 = (tenant: string, environmentUuid: string, latestEventAt: string, uuid: string) => ({
  GSI1PK: deploymentsOfEnvironmentGsi1Partition(tenant, environmentUuid),
  GSI1SK: `${latestEventAt}#${uuid}`,
});
export const deployedVersionGsi2 = (tenant: string, pacticipant: string, version: string, environmentUuid: string, createdAt: string, uuid: string) => ({
  GSI2PK: lifecycleGsi2Partition(tenant, pacticipant, version),
  GSI2SK: `DEPLOYED#${e(environmentUuid)}#${createdAt}#${uuid}`,
});
export const deployedLifecyclePrefix = (environmentUuid?: string): string => (environmentUuid === undefined ? 'DEPLOYED#' : `DEPLOYED#${e(environmentUuid)}#`);
export const currentlyDeployedPartition = (tenant: string, environmentUuid: string): string => `${environmentPartition(tenant, environmentUuid)}#CURRENTLY_DEPLOYED`;
/** The deployment slot. "No application instance" is a slot of its own, distinct from every instance name (even ""). */
export const currentlyDeployedKey = (tenant: string, environmentUuid: string, pacticipant: string, applicationInstance: string | undefined): Key => ({
  PK: currentlyDeployedPartition(tenant, environmentUuid),
  SK: applicationInstance === undefined ? `P#${e(pacticipant)}#NO_INSTANCE` : `P#${e(pacticipant)}#I#${e(applicationInstance)}`,
});
export const pacticipantSlotsPrefix = (pacticipant: string): string => `P#${e(pacticipant)}#`;

// Releases
export const releasedVersionKey = (tenant: string, uuid: string): Key => ({ PK: `${tenantPrefix(tenant)}#RV#${e(uuid)}`, SK: 'RELEASED_VERSION' });
export const releasedVersionGsi2 = (tenant: string, pacticipant: string, version: string, environmentUuid: string, createdAt: string, uuid: string) => ({
  GSI2PK: lifecycleGsi2Partition(tenant, pacticipant, version),
  GSI2SK: `RELEASED#${e(environmentUuid)}#${createdAt}#${uuid}`,
});
export const releasedLifecyclePrefix = (environmentUuid?: string): string => (environmentUuid === undefined ? 'RELEASED#' : `RELEASED#${e(environmentUuid)}#`);
/**
 * An environment's release records by their latest event (release, end of support, release again), for its history
 * (GSI1; the deployment records' index is ordered the same way). Written on creation and moved by every change, so a
 * record released before the index existed joins it at its next change.
 */
export const releasesOfEnvironmentGsi1Partition = (tenant: string, environmentUuid: string): string => `${environmentPartition(tenant, environmentUuid)}#RELEASED_VERSIONS`;
export const releasedVersionGsi1 = (tenant: string, environmentUuid: string, latestEventAt: string, uuid: string) => ({
  GSI1PK: releasesOfEnvironmentGsi1Partition(tenant, environmentUuid),
  GSI1SK: `${latestEventAt}#${uuid}`,
});
export const releasesPartition = (tenant: string, environmentUuid: string): string => `${environmentPartition(tenant, environmentUuid)}#RELEASES`;
export const releaseLockKey = (tenant: string, environmentUuid: string, pacticipant: string, version: string): Key => ({
  PK: releasesPartition(tenant, environmentUuid),
  SK: `P#${e(pacticipant)}#V#${e(version)}`,
});
export const currentlySupportedPartition = (tenant: string, environmentUuid: string): string => `${environmentPartition(tenant, environmentUuid)}#CURRENTLY_SUPPORTED`;
export const currentlySupportedKey = (tenant: string, environmentUuid: string, pacticipant: string, version: string): Key => ({
  PK: currentlySupportedPartition(tenant, environmentUuid),
  SK: `P#${e(pacticipant)}#V#${e(version)}`,
});

// API tokens (the hash is hex, so it needs no escaping)
export const tokensPartition = (tenant: string): string => `${tenantPrefix(tenant)}#TOKENS`;
export const tokenKey = (tenant: string, tokenHash: string): Key => ({ PK: tokensPartition(tenant), SK: `TOKEN#${tokenHash}` });

// Pacts: content (one partition per pact version = consumer + provider + content hash), publications (in the
// consumer version's partition), integrations, verification results (in the pact version's partition).
export const pactVersionPartition = (tenant: string, consumer: string, provider: string, sha: string): string =>
  `${tenantPrefix(tenant)}#PV#${e(consumer)}#${e(provider)}#${e(sha)}`;
export const pactContentKey = (tenant: string, consumer: string, provider: string, sha: string): Key => ({ PK: pactVersionPartition(tenant, consumer, provider, sha), SK: 'CONTENT' });
export const pactChunkKey = (tenant: string, consumer: string, provider: string, sha: string, index: number): Key => ({
  PK: pactVersionPartition(tenant, consumer, provider, sha),
  SK: `CHUNK#${String(index).padStart(4, '0')}`,
});
export const publicationKey = (tenant: string, consumer: string, consumerVersion: string, provider: string): Key => ({
  PK: versionPartition(tenant, consumer, consumerVersion),
  SK: `PACT#${e(provider)}`,
});
export const publicationsOfIntegrationGsi1Partition = (tenant: string, consumer: string, provider: string): string => `${tenantPrefix(tenant)}#PACTS#${e(consumer)}#${e(provider)}`;
export const publicationGsi1 = (tenant: string, consumer: string, provider: string, consumerVersionOrder: number) => ({
  GSI1PK: publicationsOfIntegrationGsi1Partition(tenant, consumer, provider),
  GSI1SK: sequenceKey(consumerVersionOrder),
});
export const integrationsPartition = (tenant: string): string => `${tenantPrefix(tenant)}#INTEGRATIONS`;
export const integrationKey = (tenant: string, consumer: string, provider: string): Key => ({ PK: integrationsPartition(tenant), SK: `C#${e(consumer)}#P#${e(provider)}` });
export const verificationKey = (tenant: string, consumer: string, provider: string, sha: string, number: number): Key => ({
  PK: pactVersionPartition(tenant, consumer, provider, sha),
  SK: `VR#${sequenceKey(number)}`,
});
/** The latest verification of one pact version by one provider version: the one the matrix uses. */
export const latestVerificationKey = (tenant: string, consumer: string, provider: string, sha: string, providerVersion: string): Key => ({
  PK: pactVersionPartition(tenant, consumer, provider, sha),
  SK: `LATEST#${e(providerVersion)}`,
});
/**
 * The results of an integration, verifications and comparisons alike, by time (GSI1 of the verification result items
 * and of the comparison markers): the newest result of an integration, whatever content it was for.
 */
export const resultsOfIntegrationGsi1Partition = (tenant: string, consumer: string, provider: string): string => `${tenantPrefix(tenant)}#RESULTS#${e(consumer)}#${e(provider)}`;
/** A verification result's place among its integration's results: its time, then its number. */
export const verificationResultOrder = (verifiedAt: string, number: number): string => `${verifiedAt}#VR#${sequenceKey(number)}`;
/** A comparison's place among its integration's results: its time, then the two contents. */
export const comparisonResultOrder = (comparedAt: string, pactSha: string, oasSha: string): string => `${comparedAt}#CMP#${e(pactSha)}#${e(oasSha)}`;
export const verificationGsi1 = (tenant: string, consumer: string, provider: string, verifiedAt: string, number: number) => ({
  GSI1PK: resultsOfIntegrationGsi1Partition(tenant, consumer, provider),
  GSI1SK: verificationResultOrder(verifiedAt, number),
});
/**
 * A comparison's marker in the pact content's partition (so it goes with the content), newest last: the comparisons of
 * one pact content by time, without reading the comparison results themselves.
 */
export const comparisonMarkerKey = (tenant: string, consumer: string, provider: string, pactSha: string, comparedAt: string, oasSha: string): Key => ({
  PK: pactVersionPartition(tenant, consumer, provider, pactSha),
  SK: `CMP#${comparedAt}#${e(oasSha)}`,
});
export const comparisonMarkerGsi1 = (tenant: string, consumer: string, provider: string, pactSha: string, comparedAt: string, oasSha: string) => ({
  GSI1PK: resultsOfIntegrationGsi1Partition(tenant, consumer, provider),
  GSI1SK: comparisonResultOrder(comparedAt, pactSha, oasSha),
});
export const verificationsOfProviderVersionGsi2Partition = (tenant: string, provider: string, providerVersion: string): string =>
  `${versionPartition(tenant, provider, providerVersion)}#VERIFICATIONS`;
export const verificationGsi2 = (tenant: string, provider: string, providerVersion: string, number: number) => ({
  GSI2PK: verificationsOfProviderVersionGsi2Partition(tenant, provider, providerVersion),
  GSI2SK: sequenceKey(number),
});
/**
 * "This content was verified successfully" markers, written when a successful result arrives: by any provider
 * version, by a version on a provider branch, or with a provider tag. They keep the pending check O(1).
 */
export const verifiedMarkerKey = (tenant: string, consumer: string, provider: string, sha: string, scope: { branch: string } | { tag: string } | 'any'): Key => ({
  PK: pactVersionPartition(tenant, consumer, provider, sha),
  SK: scope === 'any' ? 'SUCCESS#ANY' : 'branch' in scope ? `SUCCESS#B#${e(scope.branch)}` : `SUCCESS#T#${e(scope.tag)}`,
});
/**
 * The pact versions (contents) of an integration, one index entry per content, written on its `CONTENT` header: how a
 * deletion finds every content of an integration, including those no publication names any more (overwritten).
 */
export const pactVersionsOfIntegrationGsi1Partition = (tenant: string, consumer: string, provider: string): string => `${tenantPrefix(tenant)}#PACT_VERSIONS#${e(consumer)}#${e(provider)}`;
export const pactVersionGsi1 = (tenant: string, consumer: string, provider: string, sha: string) => ({
  GSI1PK: pactVersionsOfIntegrationGsi1Partition(tenant, consumer, provider),
  GSI1SK: e(sha),
});

// Bi-directional contracts: provider contract content (chunked), the contract a provider version published,
// and comparison results keyed by the two contents compared.
export const providerContractContentPartition = (tenant: string, provider: string, sha: string): string => `${tenantPrefix(tenant)}#OAS#${e(provider)}#${e(sha)}`;
export const providerContractKey = (tenant: string, provider: string, version: string): Key => ({ PK: versionPartition(tenant, provider, version), SK: 'PROVIDER_CONTRACT' });
/** The provider contract contents of a provider, one index entry per content on its `CONTENT` header (for deletion). */
export const providerContractContentsGsi1Partition = (tenant: string, provider: string): string => `${tenantPrefix(tenant)}#OAS_CONTENTS#${e(provider)}`;
export const providerContractContentGsi1 = (tenant: string, provider: string, sha: string) => ({ GSI1PK: providerContractContentsGsi1Partition(tenant, provider), GSI1SK: e(sha) });
const comparisonPartition = (tenant: string, consumer: string, provider: string, pactSha: string, oasSha: string): string =>
  `${tenantPrefix(tenant)}#CMP#${e(consumer)}#${e(provider)}#${e(pactSha)}#${e(oasSha)}`;
export const comparisonKey = (tenant: string, consumer: string, provider: string, pactSha: string, oasSha: string): Key => ({
  PK: comparisonPartition(tenant, consumer, provider, pactSha, oasSha),
  SK: 'RESULT',
});
/** Written when a comparison is enqueued, so concurrent requests enqueue it once. */
export const comparisonRequestKey = (tenant: string, consumer: string, provider: string, pactSha: string, oasSha: string): Key => ({
  PK: comparisonPartition(tenant, consumer, provider, pactSha, oasSha),
  SK: 'REQUESTED',
});
/**
 * The comparisons of an integration (result and request claim items alike), sorted by pact content: how a deletion
 * finds them without knowing every pair of contents. `comparisonsOfPactPrefix` selects those of one pact content.
 */
export const comparisonsOfIntegrationGsi1Partition = (tenant: string, consumer: string, provider: string): string => `${tenantPrefix(tenant)}#COMPARISONS#${e(consumer)}#${e(provider)}`;
export const comparisonGsi1 = (tenant: string, consumer: string, provider: string, pactSha: string, oasSha: string, item: 'RESULT' | 'REQUESTED') => ({
  GSI1PK: comparisonsOfIntegrationGsi1Partition(tenant, consumer, provider),
  GSI1SK: `${e(pactSha)}#${e(oasSha)}#${item}`,
});
export const comparisonsOfPactPrefix = (pactSha: string): string => `${e(pactSha)}#`;

// Webhooks: the tenant's webhooks in one partition; the events that fire them (the outbox: one item per event, written
// in the same transaction as the write that caused it, delivered to the router by the table's stream); and each
// triggered webhook with its delivery attempts in a partition of its own.
export const webhooksPartition = (tenant: string): string => `${tenantPrefix(tenant)}#WEBHOOKS`;
export const webhookKey = (tenant: string, uuid: string): Key => ({ PK: webhooksPartition(tenant), SK: `WH#${e(uuid)}` });
export const WEBHOOK_EVENT_SK = 'EVENT';
export const webhookEventKey = (tenant: string, id: string): Key => ({ PK: `${tenantPrefix(tenant)}#EVT#${e(id)}`, SK: WEBHOOK_EVENT_SK });
const triggeredWebhookPartition = (tenant: string, id: string): string => `${tenantPrefix(tenant)}#TW#${e(id)}`;
export const triggeredWebhookKey = (tenant: string, id: string): Key => ({ PK: triggeredWebhookPartition(tenant, id), SK: 'TRIGGERED' });
export const webhookAttemptKey = (tenant: string, id: string, attempt: number): Key => ({ PK: triggeredWebhookPartition(tenant, id), SK: `ATTEMPT#${String(attempt).padStart(4, '0')}` });
export const webhookAttemptsOf = (tenant: string, id: string) => ({ PK: triggeredWebhookPartition(tenant, id), skPrefix: 'ATTEMPT#' });
/** The webhooks a pact publication or a verification result triggered, oldest first (GSI1). */
export const triggeredByPublicationGsi1Partition = (tenant: string, consumer: string, provider: string, consumerVersion: string): string =>
  `${tenantPrefix(tenant)}#TRIGGERED#PACT#${e(consumer)}#${e(provider)}#${e(consumerVersion)}`;
export const triggeredByVerificationGsi1Partition = (tenant: string, consumer: string, provider: string, sha: string, number: number): string =>
  `${tenantPrefix(tenant)}#TRIGGERED#VR#${e(consumer)}#${e(provider)}#${e(sha)}#${sequenceKey(number)}`;
export const triggeredByComparisonGsi1Partition = (tenant: string, consumer: string, provider: string, pactSha: string, oasSha: string): string =>
  `${tenantPrefix(tenant)}#TRIGGERED#CMP#${e(consumer)}#${e(provider)}#${e(pactSha)}#${e(oasSha)}`;
/** The executions of one webhook, oldest first (GSI2): its status and deleting with it. */
export const triggeredOfWebhookGsi2Partition = (tenant: string, uuid: string): string => `${webhooksPartition(tenant)}#${e(uuid)}#TRIGGERED`;
