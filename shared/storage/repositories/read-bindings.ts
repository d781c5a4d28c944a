/**
 * The reading half of the DynamoDB implementations of the service ports (`#services/ports.ts`), bound to one tenant
 * and its scoped client. Read routes are composed from this module alone (`#composition/read-context.ts`): their
 * bundles carry no write code, as their IAM role allows no write. The key design: `../README.md`.
 */
import type { Db } from '../client.ts';
import type { ReadRepositories } from '#services/ports.ts';
import * as pacticipants from './pacticipants.ts';
import * as versions from './versions.ts';
import * as pacts from './pacts.ts';
import * as environments from './environments.ts';
import * as webhooks from './webhooks.ts';
import * as webhookDeliveries from './webhook-deliveries.ts';
import * as deployments from './deployments.ts';
import * as releases from './releases.ts';
import * as providerContracts from './provider-contracts.ts';
import * as tenants from './tenants.ts';

export function dynamoReadRepositories(db: Db, tenant: string): ReadRepositories {
  return {
    pacticipants: {
      find: (name) => pacticipants.findPacticipant(db, tenant, name),
      list: () => pacticipants.listPacticipants(db, tenant),
      listWithLabel: (label) => pacticipants.listPacticipantsWithLabel(db, tenant, label),
    },
    versions: {
      find: (pacticipant, number) => versions.findVersion(db, tenant, pacticipant, number),
      findDetails: (pacticipant, number) => versions.findVersionDetails(db, tenant, pacticipant, number),
      findMany: (refs) => versions.findVersions(db, tenant, refs),
      findLatest: (pacticipant, tag) => versions.findLatestVersion(db, tenant, pacticipant, tag),
      list: (pacticipant, limit) => versions.listVersions(db, tenant, pacticipant, limit),
      listWith: (pacticipant, selector) => versions.listVersionsWith(db, tenant, pacticipant, selector),
      listTaggedBefore: (pacticipant, tag, beforeOrder, limit) => versions.listTaggedVersionsBefore(db, tenant, pacticipant, tag, beforeOrder, limit),
      pageNumbers: (pacticipant, limit, start) => versions.pageVersionNumbers(db, tenant, pacticipant, limit, start),
      findTag: (pacticipant, version, name) => versions.findTag(db, tenant, pacticipant, version, name),
      findBranch: (pacticipant, name) => versions.findBranch(db, tenant, pacticipant, name),
      listBranches: (pacticipant) => versions.listBranches(db, tenant, pacticipant),
      findBranchVersion: (pacticipant, branch, version) => versions.findBranchVersion(db, tenant, pacticipant, branch, version),
      findBranchHead: (pacticipant, branch) => versions.findBranchHead(db, tenant, pacticipant, branch),
    },
    pacts: {
      findPactVersion: (consumer, provider, sha) => pacts.findPactVersion(db, tenant, consumer, provider, sha),
      findPactContent: (consumer, provider, sha) => pacts.findPactContent(db, tenant, consumer, provider, sha),
      listPactVersionShas: (consumer, provider) => pacts.listPactVersionShas(db, tenant, consumer, provider),
      isPactVersionPublishedElsewhere: (publication) => pacts.isPactVersionPublishedElsewhere(db, tenant, publication),
      findPublication: (consumer, consumerVersion, provider) => pacts.findPublication(db, tenant, consumer, consumerVersion, provider),
      findPublications: (refs) => pacts.findPublications(db, tenant, refs),
      findLatestPublication: (consumer, provider) => pacts.findLatestPublication(db, tenant, consumer, provider),
      listPublicationsOfConsumerVersion: (consumer, consumerVersion) => pacts.listPublicationsOfConsumerVersion(db, tenant, consumer, consumerVersion),
      listPublicationsOfIntegration: (consumer, provider, limit) => pacts.listPublicationsOfIntegration(db, tenant, consumer, provider, limit),
      listAllPublicationsOfIntegration: (consumer, provider) => pacts.listAllPublicationsOfIntegration(db, tenant, consumer, provider),
      newestPublicationsOfIntegration: (consumer, provider, count) => pacts.newestPublicationsOfIntegration(db, tenant, consumer, provider, count),
      listIntegrations: () => pacts.listIntegrations(db, tenant),
    },
    verifications: {
      find: (consumer, provider, sha, number) => pacts.findVerification(db, tenant, consumer, provider, sha, number),
      findLatest: (requests) => pacts.findLatestVerifications(db, tenant, requests),
      listLatestOfPactVersion: (consumer, provider, sha) => pacts.listLatestVerificationsOfPactVersion(db, tenant, consumer, provider, sha),
      hasAny: (provider, providerVersion) => pacts.hasVerifications(db, tenant, provider, providerVersion),
      listOfProviderVersion: (provider, providerVersion) => pacts.listVerificationsOfProviderVersion(db, tenant, provider, providerVersion),
      findVerifiedSince: (consumer, provider, sha, scope) => pacts.findVerifiedSince(db, tenant, consumer, provider, sha, scope),
      listNewestResultsOfIntegration: (consumer, provider, limit) => pacts.listNewestResultsOfIntegration(db, tenant, consumer, provider, limit),
      listNewestResultsOfPactVersion: (consumer, provider, sha, limit) => pacts.listNewestResultsOfPactVersion(db, tenant, consumer, provider, sha, limit),
    },
    webhooks: {
      list: () => webhooks.listWebhooks(db, tenant),
      find: (uuid) => webhooks.findWebhook(db, tenant, uuid),
    },
    webhookDeliveries: {
      findTriggered: (id) => webhookDeliveries.findTriggeredWebhook(db, tenant, id),
      listTriggeredByPublication: (consumer, provider, consumerVersion) => webhookDeliveries.listTriggeredByPublication(db, tenant, consumer, provider, consumerVersion),
      listTriggeredByVerification: (consumer, provider, sha, number) => webhookDeliveries.listTriggeredByVerification(db, tenant, consumer, provider, sha, number),
      listTriggeredOfWebhook: (uuid, limit) => webhookDeliveries.listTriggeredOfWebhook(db, tenant, uuid, limit),
      findAttempt: (id, attempt) => webhookDeliveries.findWebhookAttempt(db, tenant, id, attempt),
      listAttempts: (id) => webhookDeliveries.listWebhookAttempts(db, tenant, id),
    },
    environments: {
      list: () => environments.listEnvironments(db, tenant),
      find: (uuid) => environments.findEnvironment(db, tenant, uuid),
    },
    deployments: {
      findCurrent: (slot) => deployments.findCurrentDeployment(db, tenant, slot),
      find: (uuid) => deployments.findDeployedVersion(db, tenant, uuid),
      listCurrent: (environmentUuid, pacticipant) => deployments.listCurrentDeployments(db, tenant, environmentUuid, pacticipant),
      listOfVersion: (pacticipant, version, environmentUuid) => deployments.listDeploymentsOfVersion(db, tenant, pacticipant, version, environmentUuid),
      listHistory: (environmentUuid, limit) => deployments.listDeploymentHistory(db, tenant, environmentUuid, limit),
    },
    releases: {
      find: (uuid) => releases.findReleasedVersion(db, tenant, uuid),
      findOfVersion: (pacticipant, version, environmentUuid) => releases.findRelease(db, tenant, pacticipant, version, environmentUuid),
      listCurrent: (environmentUuid, pacticipant) => releases.listCurrentReleases(db, tenant, environmentUuid, pacticipant),
      listOfVersion: (pacticipant, version, environmentUuid) => releases.listReleasesOfVersion(db, tenant, pacticipant, version, environmentUuid),
      listHistory: (environmentUuid, limit) => releases.listReleaseHistory(db, tenant, environmentUuid, limit),
    },
    providerContracts: {
      findContent: (provider, sha) => providerContracts.findProviderContractContent(db, tenant, provider, sha),
      listContentShas: (provider) => providerContracts.listProviderContractContentShas(db, tenant, provider),
      find: (provider, version) => providerContracts.findProviderContract(db, tenant, provider, version),
      findMany: (refs) => providerContracts.findProviderContracts(db, tenant, refs),
    },
    comparisons: {
      find: (key) => providerContracts.findComparison(db, tenant, key),
      findMany: (wanted) => providerContracts.findComparisons(db, tenant, wanted),
    },
    tenant: { exists: () => tenants.tenantExists(db, tenant) },
  };
}
