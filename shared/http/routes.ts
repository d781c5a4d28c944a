/**
 * THE route table: every HTTP operation of the broker, as plain data.
 *
 * Four consumers read it: the CDK construct (one API Gateway route + one Lambda per entry), the local
 * dev server (routes requests to the very same handler modules), the HAL index (relations), and the
 * route-table integrity tests. It imports nothing, so infra code never pulls in runtime code.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `read` routes may be called with a read-only token; `write` routes need a read-write one; `admin` routes the admin credential. */
export type Access = 'read' | 'write' | 'admin';

export interface Route {
  /** camelCase, unique: construct id, function name suffix, log name. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway syntax: `/pacticipants/{pacticipant}`. */
  readonly path: string;
  /** Repo-relative handler module; it exports `handler`. */
  readonly entry: string;
  readonly access: Access;
  /**
   * Whether the operation reads a JSON request body; `merge-patch` accepts only `application/merge-patch+json`
   * (as the reference does for undeployment and end of support).
   */
  readonly body: 'json' | 'merge-patch' | 'none';
  /** Needs no tenant (and, once auth exists, no token). */
  readonly public?: boolean;
  /**
   * A browser's page load (it accepts HTML and no JSON) is answered with the web UI's page, which holds no data, before
   * authorisation: a browser sends no token, the page asks for one. Every other request is authorised as usual.
   */
  readonly uiPage?: boolean;
  /**
   * The `pb:` relation this route is published under in the index, with the reference broker's title.
   * `params` renames path variables to the names clients expand (the reference calls an environment `{uuid}`).
   */
  readonly rel?: { readonly name: string; readonly title: string; readonly params?: Readonly<Record<string, string>> };
}

const route = (
  operationId: string,
  method: HttpMethod,
  path: string,
  entry: string,
  options: { access?: Access; body?: Route['body']; public?: boolean; uiPage?: boolean; rel?: Route['rel'] } = {},
): Route => ({
  operationId,
  method,
  path,
  entry: `functions/http/${entry}.ts`,
  access: options.access ?? (method === 'GET' ? 'read' : 'write'),
  body: options.body ?? (method === 'POST' || method === 'PUT' || method === 'PATCH' ? 'json' : 'none'),
  ...(options.public ? { public: true } : {}),
  ...(options.uiPage ? { uiPage: true } : {}),
  ...(options.rel ? { rel: options.rel } : {}),
});

export const routes: readonly Route[] = [
  // A browser's page load gets the web UI's page, before any token (docs/web-ui.md §1); API clients get the HAL index.
  route('getIndex', 'GET', '/', 'index/get-index', { uiPage: true }),
  route('getUiAsset', 'GET', '/ui/{asset}', 'ui/get-ui-asset', { public: true }),
  route('listIntegrations', 'GET', '/integrations', 'integrations/list-integrations', { rel: { name: 'pb:integrations', title: 'Integrations' } }),
  route('getHealth', 'GET', '/health', 'index/get-health', { public: true }),

  // Pacticipants
  route('listPacticipants', 'GET', '/pacticipants', 'pacticipants/list-pacticipants', { rel: { name: 'pb:pacticipants', title: 'Pacticipants' } }),
  route('createPacticipant', 'POST', '/pacticipants', 'pacticipants/create-pacticipant'),
  route('getPacticipant', 'GET', '/pacticipants/{pacticipant}', 'pacticipants/get-pacticipant', { rel: { name: 'pb:pacticipant', title: 'Fetch pacticipant by name' } }),
  route('patchPacticipant', 'PATCH', '/pacticipants/{pacticipant}', 'pacticipants/patch-pacticipant'),
  route('putPacticipant', 'PUT', '/pacticipants/{pacticipant}', 'pacticipants/put-pacticipant'),
  route('deletePacticipant', 'DELETE', '/pacticipants/{pacticipant}', 'pacticipants/delete-pacticipant'),
  route('getPacticipantLabel', 'GET', '/pacticipants/{pacticipant}/labels/{label}', 'pacticipants/get-pacticipant-label'),
  route('putPacticipantLabel', 'PUT', '/pacticipants/{pacticipant}/labels/{label}', 'pacticipants/put-pacticipant-label'),
  route('deletePacticipantLabel', 'DELETE', '/pacticipants/{pacticipant}/labels/{label}', 'pacticipants/delete-pacticipant-label'),
  route('listPacticipantsWithLabel', 'GET', '/pacticipants/label/{label}', 'pacticipants/list-pacticipants-with-label'),

  // Versions
  route('listVersions', 'GET', '/pacticipants/{pacticipant}/versions', 'versions/list-versions'),
  route('getVersion', 'GET', '/pacticipants/{pacticipant}/versions/{version}', 'versions/get-version', { rel: { name: 'pb:pacticipant-version', title: 'Get, create or delete a pacticipant version' } }),
  route('putVersion', 'PUT', '/pacticipants/{pacticipant}/versions/{version}', 'versions/put-version'),
  route('patchVersion', 'PATCH', '/pacticipants/{pacticipant}/versions/{version}', 'versions/patch-version'),
  route('deleteVersion', 'DELETE', '/pacticipants/{pacticipant}/versions/{version}', 'versions/delete-version'),
  route('getLatestVersion', 'GET', '/pacticipants/{pacticipant}/latest-version', 'versions/get-latest-version', { rel: { name: 'pb:latest-version', title: 'Latest pacticipant version' } }),
  route('getLatestTaggedVersion', 'GET', '/pacticipants/{pacticipant}/latest-version/{tag}', 'versions/get-latest-tagged-version', { rel: { name: 'pb:latest-tagged-version', title: 'Latest pacticipant version with the specified tag' } }),

  // Tags
  route('getVersionTag', 'GET', '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}', 'tags/get-version-tag', { rel: { name: 'pb:pacticipant-version-tag', title: 'Get, create or delete a tag for a pacticipant version' } }),
  route('putVersionTag', 'PUT', '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}', 'tags/put-version-tag'),
  route('deleteVersionTag', 'DELETE', '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}', 'tags/delete-version-tag'),

  // Branches
  route('listBranches', 'GET', '/pacticipants/{pacticipant}/branches', 'branches/list-branches'),
  route('getBranch', 'GET', '/pacticipants/{pacticipant}/branches/{branch}', 'branches/get-branch', { rel: { name: 'pb:pacticipant-branch', title: 'Get or delete a pacticipant branch' } }),
  route('deleteBranch', 'DELETE', '/pacticipants/{pacticipant}/branches/{branch}', 'branches/delete-branch'),
  route('getLatestBranchVersion', 'GET', '/pacticipants/{pacticipant}/branches/{branch}/latest-version', 'branches/get-latest-branch-version'),
  route('getBranchVersion', 'GET', '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}', 'branches/get-branch-version', { rel: { name: 'pb:pacticipant-branch-version', title: 'Get or add/create a pacticipant version for a branch' } }),
  route('putBranchVersion', 'PUT', '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}', 'branches/put-branch-version'),
  route('deleteBranchVersion', 'DELETE', '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}', 'branches/delete-branch-version'),

  // Environments
  route('listEnvironments', 'GET', '/environments', 'environments/list-environments', { rel: { name: 'pb:environments', title: 'Environments' } }),
  route('createEnvironment', 'POST', '/environments', 'environments/create-environment'),
  route('getEnvironment', 'GET', '/environments/{environmentId}', 'environments/get-environment', { rel: { name: 'pb:environment', title: 'Environment', params: { environmentId: 'uuid' } } }),
  route('updateEnvironment', 'PUT', '/environments/{environmentId}', 'environments/update-environment'),
  route('deleteEnvironment', 'DELETE', '/environments/{environmentId}', 'environments/delete-environment'),
  route('getEnvironmentHistory', 'GET', '/environments/{environmentId}/history', 'environments/get-environment-history'),
  route('listCurrentlyDeployedVersions', 'GET', '/environments/{environmentId}/deployed-versions/currently-deployed', 'deployments/list-currently-deployed-versions'),
  route('listCurrentlySupportedReleasedVersions', 'GET', '/environments/{environmentId}/released-versions/currently-supported', 'releases/list-currently-supported-released-versions'),

  // Deployments
  route('recordDeployment', 'POST', '/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{environmentId}', 'deployments/record-deployment'),
  route('listVersionDeployments', 'GET', '/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{environmentId}', 'deployments/list-version-deployments'),
  route('getDeployedVersion', 'GET', '/deployed-versions/{deployedVersionId}', 'deployments/get-deployed-version'),
  route('patchDeployedVersion', 'PATCH', '/deployed-versions/{deployedVersionId}', 'deployments/patch-deployed-version', { body: 'merge-patch' }),

  // Releases
  route('recordRelease', 'POST', '/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{environmentId}', 'releases/record-release'),
  route('listVersionReleases', 'GET', '/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{environmentId}', 'releases/list-version-releases'),
  route('getReleasedVersion', 'GET', '/released-versions/{releasedVersionId}', 'releases/get-released-version'),
  route('patchReleasedVersion', 'PATCH', '/released-versions/{releasedVersionId}', 'releases/patch-released-version', { body: 'merge-patch' }),

  // Contracts and pacts
  route('publishContracts', 'POST', '/contracts/publish', 'contracts/publish-contracts', { rel: { name: 'pb:publish-contracts', title: 'Publish contracts' } }),
  route('getLatestPactVersions', 'GET', '/pacts/latest', 'pacts/get-latest-pact-versions', { rel: { name: 'pb:latest-pact-versions', title: 'Latest pact versions' } }),
  route('getPact', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/version/{version}', 'pacts/get-pact'),
  route('putPact', 'PUT', '/pacts/provider/{provider}/consumer/{consumer}/version/{version}', 'pacts/put-pact', {
    rel: { name: 'pb:publish-pact', title: 'Publish a pact', params: { version: 'consumerApplicationVersion' } },
  }),
  route('deletePact', 'DELETE', '/pacts/provider/{provider}/consumer/{consumer}/version/{version}', 'pacts/delete-pact'),
  route('getLatestPact', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/latest', 'pacts/get-latest-pact'),
  route('getLatestTaggedPact', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}', 'pacts/get-latest-tagged-pact'),
  route('getLatestBranchPact', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest', 'pacts/get-latest-branch-pact'),
  route('listPactVersions', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/versions', 'pacts/list-pact-versions'),
  route('getPactVersion', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}', 'pacts/get-pact-version'),
  route('getPactVersionWithMetadata', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}', 'pacts/get-pact-version-with-metadata'),
  route('getLatestProviderPacts', 'GET', '/pacts/provider/{provider}/latest', 'pacts/get-latest-provider-pacts', { rel: { name: 'pb:latest-provider-pacts', title: 'Latest pacts by provider' } }),
  route('getLatestTaggedProviderPacts', 'GET', '/pacts/provider/{provider}/latest/{tag}', 'pacts/get-latest-tagged-provider-pacts', {
    rel: { name: 'pb:latest-provider-pacts-with-tag', title: 'Latest pacts for provider with the specified tag' },
  }),

  // Pacts for verification (a POST that only reads, so read-only tokens may call it)
  route('getPactsForVerification', 'GET', '/pacts/provider/{provider}/for-verification', 'verifications/get-pacts-for-verification', {
    rel: { name: 'pb:provider-pacts-for-verification', title: 'Pact versions to be verified for the specified provider' },
  }),
  route('postPactsForVerification', 'POST', '/pacts/provider/{provider}/for-verification', 'verifications/post-pacts-for-verification', { access: 'read' }),

  // Pacts by consumer branch (what `pact-broker get-pacts` requests)
  route('getProviderPactsForMainBranch', 'GET', '/pacts/provider/{provider}/branch', 'pacts/get-provider-pacts-for-main-branch', {
    rel: { name: 'pb:provider-pacts-with-main-branch', title: 'All pacts for a provider, for any consumers main branch' },
  }),
  route('getLatestProviderPactsForMainBranch', 'GET', '/pacts/provider/{provider}/branch/latest', 'pacts/get-latest-provider-pacts-for-main-branch', {
    rel: { name: 'pb:latest-provider-pacts-with-main-branch', title: 'Latest pact for a provider, for any consumers main branch' },
  }),
  route('getProviderPactsForBranch', 'GET', '/pacts/provider/{provider}/branch/{branch}', 'pacts/get-provider-pacts-for-branch', {
    rel: { name: 'pb:provider-pacts-with-branch', title: 'All pacts for a provider, for any consumers named branch' },
  }),
  route('getLatestProviderPactsForBranch', 'GET', '/pacts/provider/{provider}/branch/{branch}/latest', 'pacts/get-latest-provider-pacts-for-branch', {
    rel: { name: 'pb:latest-provider-pacts-with-branch', title: 'Latest pacts for a provider, for any consumers named branch' },
  }),
  route('getConsumerPactsForMainBranch', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/branch', 'pacts/get-consumer-pacts-for-main-branch'),
  route('getLatestConsumerPactsForMainBranch', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/branch/latest', 'pacts/get-latest-consumer-pacts-for-main-branch'),
  route('getConsumerPactsForBranch', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}', 'pacts/get-consumer-pacts-for-branch'),

  // Verification results
  route('publishVerificationResult', 'POST', '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results', 'verifications/publish-verification-result'),
  route('publishVerificationResultWithMetadata', 'POST', '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}/verification-results', 'verifications/publish-verification-result-with-metadata'),
  route('getLatestVerificationResult', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/latest', 'verifications/get-latest-verification-result'),
  route('getVerificationResult', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{verificationId}', 'verifications/get-verification-result'),

  // The matrix and can-i-deploy
  route('getMatrix', 'GET', '/matrix', 'matrix/get-matrix'),
  route('canIDeploy', 'GET', '/can-i-deploy', 'matrix/can-i-deploy'),

  // Bi-directional contracts: provider contracts (OpenAPI) and their comparisons with pacts
  route('publishProviderContract', 'POST', '/provider-contracts/provider/{provider}/publish', 'provider-contracts/publish-provider-contract', {
    rel: { name: 'pf:publish-provider-contract', title: 'Publish provider contract' },
  }),
  route('putProviderContract', 'PUT', '/contracts/provider/{provider}/version/{version}', 'provider-contracts/put-provider-contract'),
  route('getProviderContract', 'GET', '/contracts/provider/{provider}/version/{version}', 'provider-contracts/get-provider-contract'),
  route('getComparisonResult', 'GET', '/contracts/provider/{provider}/version/{version}/consumer/{consumer}/pact-version/{sha}/verification-results', 'provider-contracts/get-comparison-result'),

  // Webhooks (docs/webhooks.md): the webhooks, scoped lists and creation, test execution, and what they did
  route('listWebhooks', 'GET', '/webhooks', 'webhooks/list-webhooks', { rel: { name: 'pb:webhooks', title: 'Webhooks' } }),
  route('createWebhook', 'POST', '/webhooks', 'webhooks/create-webhook'),
  route('executeUnsavedWebhook', 'POST', '/webhooks/execute', 'webhooks/execute-unsaved-webhook'),
  route('getWebhook', 'GET', '/webhooks/{uuid}', 'webhooks/get-webhook', { rel: { name: 'pb:webhook', title: 'Webhook' } }),
  route('putWebhook', 'PUT', '/webhooks/{uuid}', 'webhooks/put-webhook'),
  route('deleteWebhook', 'DELETE', '/webhooks/{uuid}', 'webhooks/delete-webhook'),
  route('executeWebhook', 'POST', '/webhooks/{uuid}/execute', 'webhooks/execute-webhook'),
  route('listProviderConsumerWebhooks', 'GET', '/webhooks/provider/{provider}/consumer/{consumer}', 'webhooks/list-provider-consumer-webhooks'),
  route('createProviderConsumerWebhook', 'POST', '/webhooks/provider/{provider}/consumer/{consumer}', 'webhooks/create-provider-consumer-webhook'),
  route('listProviderWebhooks', 'GET', '/webhooks/provider/{provider}', 'webhooks/list-provider-webhooks'),
  route('createProviderWebhook', 'POST', '/webhooks/provider/{provider}', 'webhooks/create-provider-webhook'),
  route('listConsumerWebhooks', 'GET', '/webhooks/consumer/{consumer}', 'webhooks/list-consumer-webhooks'),
  route('createConsumerWebhook', 'POST', '/webhooks/consumer/{consumer}', 'webhooks/create-consumer-webhook'),
  route('listPactWebhooks', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/webhooks', 'webhooks/list-pact-webhooks'),
  route('createPactWebhook', 'POST', '/pacts/provider/{provider}/consumer/{consumer}/webhooks', 'webhooks/create-pact-webhook'),
  route('getPactWebhooksStatus', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/webhooks/status', 'webhooks/get-pact-webhooks-status'),
  route('listPactTriggeredWebhooks', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/version/{version}/triggered-webhooks', 'webhooks/list-pact-triggered-webhooks'),
  route('listVerificationTriggeredWebhooks', 'GET', '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{verificationId}/triggered-webhooks', 'webhooks/list-verification-triggered-webhooks'),
  route('getTriggeredWebhookLogs', 'GET', '/triggered-webhooks/{triggeredId}/logs', 'webhooks/get-triggered-webhook-logs'),

  // Administration: tenants and their API tokens (the admin credential only)
  route('createTenant', 'POST', '/admin/tenants', 'admin/create-tenant', { access: 'admin' }),
  route('listTenantTokens', 'GET', '/admin/tenants/{tenantId}/tokens', 'admin/list-tenant-tokens', { access: 'admin' }),
  route('createTenantToken', 'POST', '/admin/tenants/{tenantId}/tokens', 'admin/create-tenant-token', { access: 'admin' }),
  route('revokeTenantToken', 'DELETE', '/admin/tenants/{tenantId}/tokens/{tokenId}', 'admin/revoke-tenant-token', { access: 'admin' }),
];
