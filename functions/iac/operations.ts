/**
 * Carrying a plan out against the broker: each operation is made of requests that are safe to repeat, so a retried
 * invocation (Lambda's, the provider framework's, CloudFormation's) reaches the same state and answers the same
 * physical id.
 */
import type { BrokerClient, FetchSecret } from './broker-client.ts';
import {
  branchVersionPath,
  deploymentBody,
  deploymentIdentity,
  environmentBody,
  pacticipantBody,
  pacticipantPath,
  ADOPTED,
  physicalIdOf,
  ResourceError,
  versionPath,
  webhookBody,
  type Plan,
} from './plan.ts';
import type { DeploymentSpec, EnvironmentSpec, WebhookSecrets, WebhookSpec } from './properties.ts';

export interface Outcome {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

interface EnvironmentJson {
  uuid: string;
  name: string;
}

const MERGE_PATCH = 'application/merge-patch+json';

async function findEnvironment(client: BrokerClient, name: string): Promise<EnvironmentJson | undefined> {
  const path = `/environments?name=${encodeURIComponent(name)}`;
  const response = await client.expect([200], `Listing the environments named '${name}'`, 'GET', path);
  const items = (response.body as { _embedded?: { environments?: EnvironmentJson[] } } | undefined)?._embedded?.environments ?? [];
  return items.find((environment) => environment.name === name);
}

async function environmentUuid(client: BrokerClient, name: string): Promise<string> {
  const environment = await findEnvironment(client, name);
  if (environment === undefined) throw new ResourceError(`Environment '${name}' does not exist in the broker at ${client.broker.url}: create it first (a BrokerEnvironment this resource depends on)`);
  return environment.uuid;
}

/** Puts the environment under `uuid`, or adopts the one with its name, or creates it (rules §2.1, §2.3). */
async function applyEnvironment(client: BrokerClient, spec: EnvironmentSpec, uuid: string | undefined, wasAdopted: boolean): Promise<Outcome> {
  const outcome = (id: string, adopted: boolean): Outcome => ({
    PhysicalResourceId: physicalIdOf('environment', adopted ? [id, ADOPTED] : [id]),
    Data: { Uuid: id, Name: spec.name, Adopted: String(adopted) },
  });
  const put = async (id: string) => client.send('PUT', `/environments/${encodeURIComponent(id)}`, environmentBody(spec));
  if (uuid !== undefined) {
    const response = await put(uuid);
    if (response.status === 200) return outcome(uuid, wasAdopted);
    // Deleted behind the stack's back: adopt or create again (a new uuid is a replacement).
    if (response.status !== 404) throw client.failure(`Updating environment '${spec.name}'`, 'PUT', `/environments/${uuid}`, response);
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const existing = await findEnvironment(client, spec.name);
    if (existing !== undefined) {
      const response = await put(existing.uuid);
      if (response.status !== 200) throw client.failure(`Adopting environment '${spec.name}'`, 'PUT', `/environments/${existing.uuid}`, response);
      return outcome(existing.uuid, true);
    }
    const created = await client.send('POST', '/environments', environmentBody(spec));
    if (created.status === 201) return outcome((created.body as EnvironmentJson).uuid, false);
    // Someone created it between the look-up and the POST: the name lock refused ours (rules §2.1); adopt theirs.
    if (!(created.status === 400 && attempt === 0 && /already used/.test(created.text))) throw client.failure(`Creating environment '${spec.name}'`, 'POST', '/environments', created);
  }
  throw new ResourceError(`Could not create or adopt environment '${spec.name}'`);
}

async function applyPacticipant(client: BrokerClient, plan: Extract<Plan, { kind: 'pacticipant'; op: 'apply' }>): Promise<Outcome> {
  const { spec } = plan;
  const path = pacticipantPath(spec.name);
  // PUT replaces (so a removed property is unset) but never creates; a 404 means create it, then replace to be exact.
  let response = await client.send('PUT', path, pacticipantBody(spec));
  let adopted = response.status === 200;
  if (response.status === 404) {
    const created = await client.expect([200, 201], `Creating pacticipant '${spec.name}'`, 'POST', '/pacticipants', pacticipantBody(spec));
    adopted = created.status === 200; // someone created it meanwhile
    response = await client.send('PUT', path, pacticipantBody(spec));
  }
  if (response.status !== 200) throw client.failure(`Updating pacticipant '${spec.name}'`, 'PUT', path, response);
  // An update keeps the resource's id; a create says whether it made the pacticipant or adopted an existing one.
  return { PhysicalResourceId: plan.physicalId ?? physicalIdOf('pacticipant', adopted ? [spec.name, ADOPTED] : [spec.name]), Data: { Name: spec.name, Adopted: String(adopted) } };
}

async function applyWebhook(client: BrokerClient, spec: WebhookSpec, secrets: WebhookSecrets, fetchSecret: FetchSecret): Promise<Outcome> {
  const headers: Record<string, string> = {};
  for (const [name, reference] of Object.entries(secrets.Headers ?? {})) headers[name] = await fetchSecret(reference);
  const password = secrets.Password === undefined ? undefined : await fetchSecret(secrets.Password);
  const path = `/webhooks/${encodeURIComponent(spec.uuid)}`;
  // A PUT with a stable uuid is an upsert (docs/webhooks.md §1.2): 201 the first time, 200 after.
  await client.expect([200, 201], `Putting webhook ${spec.uuid}`, 'PUT', path, webhookBody(spec, { headers, ...(password === undefined ? {} : { password }) }));
  return { PhysicalResourceId: physicalIdOf('webhook', [spec.uuid]), Data: { Uuid: spec.uuid } };
}

/** Deletes `path`; already gone (404) is done. A long deletion's 503s are retried by the client (rules §9). */
async function remove(client: BrokerClient, what: string, path: string): Promise<void> {
  await client.expect([200, 204, 404], what, 'DELETE', path);
}

/** The version, created (with its branch) when missing, as `create-or-update-version` would (docs/wire-contract.md §4, §5). */
async function ensureVersion(client: BrokerClient, spec: DeploymentSpec): Promise<void> {
  if (spec.branch !== undefined) {
    await client.expect([200, 201], `Creating ${spec.pacticipant} version ${spec.version} on branch ${spec.branch}`, 'PUT', branchVersionPath(spec.pacticipant, spec.branch, spec.version), {});
    return;
  }
  const path = versionPath(spec.pacticipant, spec.version);
  const found = await client.send('GET', path);
  if (found.status === 200) return;
  if (found.status !== 404) throw client.failure(`Reading ${spec.pacticipant} version ${spec.version}`, 'GET', path, found);
  await client.expect([200, 201], `Creating ${spec.pacticipant} version ${spec.version}`, 'PUT', path, {});
}

/**
 * Records the deployment (or release). Recording the version already current in the slot changes nothing and answers
 * the same record, and re-releasing resumes support (rules §3.2, §3.6): a retry is harmless, and a rollback Update,
 * which carries the old version, records that version again as a rollback.
 */
async function recordDeployment(client: BrokerClient, spec: DeploymentSpec): Promise<Outcome> {
  await ensureVersion(client, spec);
  const uuid = await environmentUuid(client, spec.environment);
  const collection = spec.kind === 'deployment' ? 'deployed-versions' : 'released-versions';
  const path = `${versionPath(spec.pacticipant, spec.version)}/${collection}/environment/${encodeURIComponent(uuid)}`;
  const verb = spec.kind === 'deployment' ? 'Recording the deployment of' : 'Recording the release of';
  const response = await client.expect([200, 201], `${verb} ${spec.pacticipant} ${spec.version} to ${spec.environment}`, 'POST', path, deploymentBody(spec));
  const record = (response.body as { uuid?: string } | undefined)?.uuid ?? '';
  return {
    PhysicalResourceId: physicalIdOf('deployment', deploymentIdentity(spec)),
    Data: { RecordUuid: record, EnvironmentUuid: uuid, Version: spec.version },
  };
}

interface RecordJson {
  uuid: string;
  applicationInstance?: string;
  _embedded?: { version?: { number?: string } };
}

/**
 * Records the undeployment (or end of support) of this resource's version, if it is still the one current in the slot
 * (or still supported): a later deployment by someone else is left alone, and a repeat finds nothing to do.
 */
async function removeDeployment(client: BrokerClient, spec: DeploymentSpec): Promise<void> {
  const environment = await findEnvironment(client, spec.environment);
  if (environment !== undefined) {
    const base = `/environments/${encodeURIComponent(environment.uuid)}`;
    const deployment = spec.kind === 'deployment';
    // A present-but-empty applicationInstance means "no instance" (docs/wire-contract.md §7.4).
    const path = deployment
      ? `${base}/deployed-versions/currently-deployed?pacticipant=${encodeURIComponent(spec.pacticipant)}&applicationInstance=${encodeURIComponent(spec.applicationInstance ?? '')}`
      : `${base}/released-versions/currently-supported?pacticipant=${encodeURIComponent(spec.pacticipant)}&version=${encodeURIComponent(spec.version)}`;
    const listed = await client.expect([200, 404], `Listing what is ${deployment ? 'deployed' : 'released'} in ${spec.environment}`, 'GET', path);
    const embedded = (listed.body as { _embedded?: Record<string, RecordJson[]> } | undefined)?._embedded;
    const items = (embedded?.[deployment ? 'deployedVersions' : 'releasedVersions'] ?? []).filter(
      (item) => item._embedded?.version?.number === spec.version && (!deployment || (item.applicationInstance ?? undefined) === spec.applicationInstance),
    );
    for (const item of items) {
      const target = `/${deployment ? 'deployed' : 'released'}-versions/${encodeURIComponent(item.uuid)}`;
      const body = deployment ? { currentlyDeployed: false } : { currentlySupported: false };
      await client.expect([200, 404], `${deployment ? 'Recording the undeployment' : 'Recording the end of support'} of ${spec.pacticipant} ${spec.version} in ${spec.environment}`, 'PATCH', target, body, MERGE_PATCH);
    }
  }
}

/** Everything but the gate's check, which `handler.ts` runs in `isComplete`. */
export async function execute(plan: Plan, client: BrokerClient, fetchSecret: FetchSecret): Promise<Outcome> {
  switch (plan.op) {
    case 'none':
      return { PhysicalResourceId: plan.physicalResourceId };
    case 'apply':
      if (plan.kind === 'environment') return applyEnvironment(client, plan.spec, plan.uuid, plan.adopted === true);
      if (plan.kind === 'pacticipant') return applyPacticipant(client, plan);
      return applyWebhook(client, plan.spec, plan.secrets, fetchSecret);
    case 'delete': {
      const physicalId = physicalIdOf(plan.kind, [plan.kind === 'pacticipant' ? plan.name : plan.uuid]);
      if (plan.kind === 'environment') await remove(client, `Deleting environment ${plan.uuid}`, `/environments/${encodeURIComponent(plan.uuid)}`);
      else if (plan.kind === 'pacticipant') await remove(client, `Deleting pacticipant '${plan.name}'`, pacticipantPath(plan.name));
      else await remove(client, `Deleting webhook ${plan.uuid}`, `/webhooks/${encodeURIComponent(plan.uuid)}`);
      return { PhysicalResourceId: physicalId };
    }
    case 'record':
      return recordDeployment(client, plan.spec);
    case 'remove':
      await removeDeployment(client, plan.spec);
      return { PhysicalResourceId: physicalIdOf('deployment', deploymentIdentity(plan.spec)) };
    case 'check':
      throw new ResourceError('The gate is checked by isComplete');
  }
}
