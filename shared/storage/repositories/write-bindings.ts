/** The writing half of the DynamoDB implementations of the service ports, bound to one tenant (see ./read-bindings.ts). */
import type { Db } from '../client.ts';
import type { WriteRepositories } from '#services/ports.ts';
import * as pacticipants from './pacticipants.ts';
import * as versions from './versions.ts';
import * as pacts from './pacts.ts';
import * as environments from './environments.ts';
import * as deployments from './deployments.ts';
import * as releases from './releases.ts';
import * as providerContracts from './provider-contracts.ts';
import * as tenants from './tenants.ts';
import * as webhooks from './webhooks.ts';
import * as webhookDeliveries from './webhook-deliveries.ts';

export function dynamoWriteRepositories(db: Db, tenant: string): WriteRepositories {
  return {
    pacticipants: {
      createIfMissing: (pacticipant) => pacticipants.createPacticipantIfMissing(db, tenant, pacticipant),
      update: (name, changes, now, options) => pacticipants.updatePacticipant(db, tenant, name, changes, now, options),
      deletePartition: (name) => pacticipants.deletePacticipantPartition(db, tenant, name),
      addLabel: (name, label, now) => pacticipants.addLabel(db, tenant, name, label, now),
      removeLabel: (name, label) => pacticipants.removeLabel(db, tenant, name, label),
    },
    versions: {
      createIfMissing: (pacticipant, number, fields, now) => versions.createVersionIfMissing(db, tenant, pacticipant, number, fields, now),
      updateBuildUrl: (pacticipant, number, buildUrl, now) => versions.updateVersionBuildUrl(db, tenant, pacticipant, number, buildUrl, now),
      deletePartition: (pacticipant, number) => versions.deleteVersionPartition(db, tenant, pacticipant, number),
      putTagIfMissing: (version, name, now) => versions.putTagIfMissing(db, tenant, version, name, now),
      deleteTag: (pacticipant, version, name) => versions.deleteTag(db, tenant, pacticipant, version, name),
      addBranchVersion: (version, branch, now) => versions.addBranchVersion(db, tenant, version, branch, now),
      deleteBranchVersion: (pacticipant, branch, version) => versions.deleteBranchVersion(db, tenant, pacticipant, branch, version),
      deleteBranch: (pacticipant, branch) => versions.deleteBranch(db, tenant, pacticipant, branch),
    },
    pacts: {
      putPactContent: (pactVersion, json) => pacts.putPactContent(db, tenant, pactVersion, json),
      deletePactVersion: (consumer, provider, sha) => pacts.deletePactVersion(db, tenant, consumer, provider, sha),
      putPublication: (publication, previousRevision, event) => pacts.putPublication(db, tenant, publication, previousRevision, event),
      deletePublications: (publications) => pacts.deletePublications(db, tenant, publications),
      ensureIntegration: (integration) => pacts.ensureIntegration(db, tenant, integration),
      deleteIntegration: (consumer, provider) => pacts.deleteIntegration(db, tenant, consumer, provider),
    },
    verifications: {
      put: (result, testResults, event) => pacts.putVerification(db, tenant, result, testResults, event),
      delete: (results) => pacts.deleteVerifications(db, tenant, results),
      markVerified: (consumer, provider, sha, scope, at, providerVersion) => pacts.markVerified(db, tenant, consumer, provider, sha, scope, at, providerVersion),
    },
    environments: {
      create: (environment) => environments.createEnvironment(db, tenant, environment),
      replace: (previous, next) => environments.replaceEnvironment(db, tenant, previous, next),
      delete: (environment) => environments.deleteEnvironment(db, tenant, environment),
    },
    deployments: {
      commit: (plan) => deployments.commitDeployment(db, tenant, plan),
      end: (record, at) => deployments.endDeployment(db, tenant, record, at),
      deleteOfEnvironment: (environmentUuid) => deployments.deleteDeploymentsOfEnvironment(db, tenant, environmentUuid),
      deleteOfVersion: (pacticipant, version) => deployments.deleteDeploymentsOfVersion(db, tenant, pacticipant, version),
      deleteCurrentOfPacticipant: (environmentUuid, pacticipant) => deployments.deleteCurrentDeploymentsOfPacticipant(db, tenant, environmentUuid, pacticipant),
    },
    releases: {
      create: (record) => releases.createRelease(db, tenant, record),
      resumeSupport: (record, at) => releases.resumeSupport(db, tenant, record, at),
      endSupport: (record, at) => releases.endSupport(db, tenant, record, at),
      deleteOfEnvironment: (environmentUuid) => releases.deleteReleasesOfEnvironment(db, tenant, environmentUuid),
      deleteOfVersion: (pacticipant, version) => releases.deleteReleasesOfVersion(db, tenant, pacticipant, version),
      deleteCurrentOfPacticipant: (environmentUuid, pacticipant) => releases.deleteReleaseEntriesOfPacticipant(db, tenant, environmentUuid, pacticipant),
    },
    providerContracts: {
      putContent: (provider, sha, text, at) => providerContracts.putProviderContractContent(db, tenant, provider, sha, text, at),
      deleteContent: (provider, sha) => providerContracts.deleteProviderContractContent(db, tenant, provider, sha),
      put: (contract) => providerContracts.putProviderContract(db, tenant, contract),
    },
    comparisons: {
      put: (result, event) => providerContracts.putComparison(db, tenant, result, event),
      claimRequest: (key, now, staleAfterMs) => providerContracts.claimComparisonRequest(db, tenant, key, now, staleAfterMs),
      releaseRequest: (key) => providerContracts.releaseComparisonRequest(db, tenant, key),
      delete: (consumer, provider, pactSha) => providerContracts.deleteComparisons(db, tenant, consumer, provider, pactSha),
    },
    webhooks: {
      put: (webhook, previousRevision) => webhooks.putWebhook(db, tenant, webhook, previousRevision),
      delete: (uuid) => webhooks.deleteWebhook(db, tenant, uuid),
    },
    webhookDeliveries: {
      recordEvent: (event) => webhookDeliveries.recordWebhookEvent(db, tenant, event),
      createTriggered: (triggered) => webhookDeliveries.createTriggeredWebhook(db, tenant, triggered),
      claimAttempt: (triggered, attempt, at) => webhookDeliveries.claimWebhookAttempt(db, tenant, triggered, attempt, at),
      finishAttempt: (triggered, attempt, next) => webhookDeliveries.finishWebhookAttempt(db, tenant, triggered, attempt, next),
    },
    tenant: { nextSequence: () => tenants.nextSequence(db, tenant), seed: (environmentList, now) => tenants.seedTenant(db, tenant, environmentList, now) },
  };
}
