/**
 * The DynamoDB implementations of the service ports (`#services/ports.ts`), bound to one tenant and its scoped
 * client. Built once per request (or queue message) by the composition root; nothing else pairs a client with a
 * tenant. The key design these modules share is described in `../README.md`.
 */
import type { Db } from '../client.ts';
import type { OperatorRepositories, Repositories } from '#services/ports.ts';
import * as pacticipants from './pacticipants.ts';
import * as versions from './versions.ts';
import * as pacts from './pacts.ts';
import * as environments from './environments.ts';
import * as deployments from './deployments.ts';
import * as releases from './releases.ts';
import * as providerContracts from './provider-contracts.ts';
import * as tenants from './tenants.ts';
import * as tokens from './tokens.ts';

export function dynamoRepositories(db: Db, tenant: string): Repositories {
  return {
    pacticipants: {
      find: (name) => pacticipants.findPacticipant(db, tenant, name),
      list: () => pacticipants.listPacticipants(db, tenant),
      createIfMissing: (pacticipant) => pacticipants.createPacticipantIfMissing(db, tenant, pacticipant),
      update: (name, changes, now, options) => pacticipants.updatePacticipant(db, tenant, name, changes, now, options),
      deletePartition: (name) => pacticipants.deletePacticipantPartition(db, tenant, name),
    },
    versions: {
      find: (pacticipant, number) => versions.findVersion(db, tenant, pacticipant, number),
      findDetails: (pacticipant, number) => versions.findVersionDetails(db, tenant, pacticipant, number),
      findMany: (refs) => versions.findVersions(db, tenant, refs),
      findLatest: (pacticipant, tag) => versions.findLatestVersion(db, tenant, pacticipant, tag),
      list: (pacticipant, limit) => versions.listVersions(db, tenant, pacticipant, limit),
      listWith: (pacticipant, selector) => versions.listVersionsWith(db, tenant, pacticipant, selector),
      pageNumbers: (pacticipant, limit, start) => versions.pageVersionNumbers(db, tenant, pacticipant, limit, start),
      createIfMissing: (pacticipant, number, fields, now) => versions.createVersionIfMissing(db, tenant, pacticipant, number, fields, now),
      updateBuildUrl: (pacticipant, number, buildUrl, now) => versions.updateVersionBuildUrl(db, tenant, pacticipant, number, buildUrl, now),
      deletePartition: (pacticipant, number) => versions.deleteVersionPartition(db, tenant, pacticipant, number),
      findTag: (pacticipant, version, name) => versions.findTag(db, tenant, pacticipant, version, name),
      putTagIfMissing: (version, name, now) => versions.putTagIfMissing(db, tenant, version, name, now),
      deleteTag: (pacticipant, version, name) => versions.deleteTag(db, tenant, pacticipant, version, name),
      findBranch: (pacticipant, name) => versions.findBranch(db, tenant, pacticipant, name),
      listBranches: (pacticipant) => versions.listBranches(db, tenant, pacticipant),
      findBranchVersion: (pacticipant, branch, version) => versions.findBranchVersion(db, tenant, pacticipant, branch, version),
      findBranchHead: (pacticipant, branch) => versions.findBranchHead(db, tenant, pacticipant, branch),
      addBranchVersion: (version, branch, now) => versions.addBranchVersion(db, tenant, version, branch, now),
      deleteBranchVersion: (pacticipant, branch, version) => versions.deleteBranchVersion(db, tenant, pacticipant, branch, version),
      deleteBranch: (pacticipant, branch) => versions.deleteBranch(db, tenant, pacticipant, branch),
    },
    pacts: {
      findPactVersion: (consumer, provider, sha) => pacts.findPactVersion(db, tenant, consumer, provider, sha),
      putPactContent: (pactVersion, json) => pacts.putPactContent(db, tenant, pactVersion, json),
      findPactContent: (consumer, provider, sha) => pacts.findPactContent(db, tenant, consumer, provider, sha),
      listPactVersionShas: (consumer, provider) => pacts.listPactVersionShas(db, tenant, consumer, provider),
      isPactVersionPublishedElsewhere: (publication) => pacts.isPactVersionPublishedElsewhere(db, tenant, publication),
      deletePactVersion: (consumer, provider, sha) => pacts.deletePactVersion(db, tenant, consumer, provider, sha),
      findPublication: (consumer, consumerVersion, provider) => pacts.findPublication(db, tenant, consumer, consumerVersion, provider),
      findPublications: (refs) => pacts.findPublications(db, tenant, refs),
      findLatestPublication: (consumer, provider) => pacts.findLatestPublication(db, tenant, consumer, provider),
      listPublicationsOfConsumerVersion: (consumer, consumerVersion) => pacts.listPublicationsOfConsumerVersion(db, tenant, consumer, consumerVersion),
      listPublicationsOfIntegration: (consumer, provider, limit) => pacts.listPublicationsOfIntegration(db, tenant, consumer, provider, limit),
      listAllPublicationsOfIntegration: (consumer, provider) => pacts.listAllPublicationsOfIntegration(db, tenant, consumer, provider),
      newestPublicationsOfIntegration: (consumer, provider, count) => pacts.newestPublicationsOfIntegration(db, tenant, consumer, provider, count),
      putPublication: (publication, previousRevision) => pacts.putPublication(db, tenant, publication, previousRevision),
      updatePublicationTimestamp: (publication, at) => pacts.updatePublicationTimestamp(db, tenant, publication, at),
      deletePublications: (publications) => pacts.deletePublications(db, tenant, publications),
      ensureIntegration: (integration) => pacts.ensureIntegration(db, tenant, integration),
      listIntegrations: () => pacts.listIntegrations(db, tenant),
      deleteIntegration: (consumer, provider) => pacts.deleteIntegration(db, tenant, consumer, provider),
    },
    verifications: {
      put: (result, testResults) => pacts.putVerification(db, tenant, result, testResults),
      find: (consumer, provider, sha, number) => pacts.findVerification(db, tenant, consumer, provider, sha, number),
      findLatest: (requests) => pacts.findLatestVerifications(db, tenant, requests),
      listLatestOfPactVersion: (consumer, provider, sha) => pacts.listLatestVerificationsOfPactVersion(db, tenant, consumer, provider, sha),
      hasAny: (provider, providerVersion) => pacts.hasVerifications(db, tenant, provider, providerVersion),
      listOfProviderVersion: (provider, providerVersion) => pacts.listVerificationsOfProviderVersion(db, tenant, provider, providerVersion),
      delete: (results) => pacts.deleteVerifications(db, tenant, results),
      markVerified: (consumer, provider, sha, scope, at, providerVersion) => pacts.markVerified(db, tenant, consumer, provider, sha, scope, at, providerVersion),
      findVerifiedSince: (consumer, provider, sha, scope) => pacts.findVerifiedSince(db, tenant, consumer, provider, sha, scope),
    },
    environments: {
      list: () => environments.listEnvironments(db, tenant),
      find: (uuid) => environments.findEnvironment(db, tenant, uuid),
      create: (environment) => environments.createEnvironment(db, tenant, environment),
      replace: (previous, next) => environments.replaceEnvironment(db, tenant, previous, next),
      delete: (environment) => environments.deleteEnvironment(db, tenant, environment),
    },
    deployments: {
      findCurrent: (slot) => deployments.findCurrentDeployment(db, tenant, slot),
      find: (uuid) => deployments.findDeployedVersion(db, tenant, uuid),
      listCurrent: (environmentUuid, pacticipant) => deployments.listCurrentDeployments(db, tenant, environmentUuid, pacticipant),
      listOfVersion: (pacticipant, version, environmentUuid) => deployments.listDeploymentsOfVersion(db, tenant, pacticipant, version, environmentUuid),
      commit: (plan) => deployments.commitDeployment(db, tenant, plan),
      end: (record, at) => deployments.endDeployment(db, tenant, record, at),
      deleteOfEnvironment: (environmentUuid) => deployments.deleteDeploymentsOfEnvironment(db, tenant, environmentUuid),
      deleteOfVersion: (pacticipant, version) => deployments.deleteDeploymentsOfVersion(db, tenant, pacticipant, version),
      deleteCurrentOfPacticipant: (environmentUuid, pacticipant) => deployments.deleteCurrentDeploymentsOfPacticipant(db, tenant, environmentUuid, pacticipant),
    },
    releases: {
      find: (uuid) => releases.findReleasedVersion(db, tenant, uuid),
      findOfVersion: (pacticipant, version, environmentUuid) => releases.findRelease(db, tenant, pacticipant, version, environmentUuid),
      listCurrent: (environmentUuid, pacticipant) => releases.listCurrentReleases(db, tenant, environmentUuid, pacticipant),
      listOfVersion: (pacticipant, version, environmentUuid) => releases.listReleasesOfVersion(db, tenant, pacticipant, version, environmentUuid),
      create: (record) => releases.createRelease(db, tenant, record),
      resumeSupport: (record, at) => releases.resumeSupport(db, tenant, record, at),
      endSupport: (record, at) => releases.endSupport(db, tenant, record, at),
      deleteOfEnvironment: (environmentUuid) => releases.deleteReleasesOfEnvironment(db, tenant, environmentUuid),
      deleteOfVersion: (pacticipant, version) => releases.deleteReleasesOfVersion(db, tenant, pacticipant, version),
      deleteCurrentOfPacticipant: (environmentUuid, pacticipant) => releases.deleteReleaseEntriesOfPacticipant(db, tenant, environmentUuid, pacticipant),
    },
    providerContracts: {
      putContent: (provider, sha, text, at) => providerContracts.putProviderContractContent(db, tenant, provider, sha, text, at),
      findContent: (provider, sha) => providerContracts.findProviderContractContent(db, tenant, provider, sha),
      listContentShas: (provider) => providerContracts.listProviderContractContentShas(db, tenant, provider),
      deleteContent: (provider, sha) => providerContracts.deleteProviderContractContent(db, tenant, provider, sha),
      put: (contract) => providerContracts.putProviderContract(db, tenant, contract),
      find: (provider, version) => providerContracts.findProviderContract(db, tenant, provider, version),
      findMany: (refs) => providerContracts.findProviderContracts(db, tenant, refs),
    },
    comparisons: {
      find: (key) => providerContracts.findComparison(db, tenant, key),
      findMany: (wanted) => providerContracts.findComparisons(db, tenant, wanted),
      put: (result) => providerContracts.putComparison(db, tenant, result),
      claimRequest: (key, now, staleAfterMs) => providerContracts.claimComparisonRequest(db, tenant, key, now, staleAfterMs),
      releaseRequest: (key) => providerContracts.releaseComparisonRequest(db, tenant, key),
      delete: (consumer, provider, pactSha) => providerContracts.deleteComparisons(db, tenant, consumer, provider, pactSha),
    },
    tenant: tenantRepository(db, tenant),
  };
}

const tenantRepository = (db: Db, tenant: string): Repositories['tenant'] => ({
  nextSequence: () => tenants.nextSequence(db, tenant),
  seed: (environmentList, now) => tenants.seedTenant(db, tenant, environmentList, now),
  exists: () => tenants.tenantExists(db, tenant),
});

/** The operator's repositories (the admin API, the authorizer): tokens across tenants, and any tenant's marker. */
export function dynamoOperatorRepositories(db: Db): OperatorRepositories {
  return {
    tokens: {
      put: (token, tokenHash) => tokens.putToken(db, token, tokenHash),
      findByHash: (tenant, tokenHash) => tokens.findTokenByHash(db, tenant, tokenHash),
      list: (tenant) => tokens.listTokens(db, tenant),
      revoke: (tenant, sk, at) => tokens.revokeToken(db, tenant, sk, at),
    },
    tenants: (tenant) => tenantRepository(db, tenant),
  };
}
