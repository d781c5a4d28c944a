/** record-deployment, record-undeployment, and what is deployed where. */
import type { CurrentDeployment, DeployedVersion, Environment, Version } from '#domain/model.ts';
import { NotFound } from '#domain/errors.ts';
import { normaliseApplicationInstance, planDeployedVersionPatch, planDeployment } from '#domain/deployments/rules.ts';
import type { Body } from '#domain/validation.ts';
import { nowOf, type ServiceContext, type ReadContext } from './context.ts';
import { getEnvironment } from './environments.ts';
import { withOptimisticRetry } from './retry.ts';
import { missing } from '#domain/messages.ts';

export const deployedVersionNotFound = (uuid: string): NotFound => new NotFound(missing.deployedVersion(uuid));

/** The version must exist: record-deployment never creates one. */
export async function requireVersion(context: ReadContext, pacticipant: string, number: string): Promise<Version> {
  const version = await context.versions.find(pacticipant, number);
  if (version === undefined) throw new NotFound(missing.version(pacticipant, number));
  return version;
}

/** POST …/deployed-versions/environment/{uuid}. Replaces whatever is deployed in the same slot. */
export async function recordDeployment(context: ServiceContext, pacticipant: string, number: string, environmentUuid: string, body: Body): Promise<{ deployedVersion: DeployedVersion; environment: Environment }> {
  const applicationInstance = normaliseApplicationInstance(body);
  // Independent reads: both at once.
  const [version, environment] = await Promise.all([requireVersion(context, pacticipant, number), getEnvironment(context, environmentUuid)]);
  return { deployedVersion: await recordDeploymentOfVersion(context, version, environment, applicationInstance), environment };
}

/**
 * The transaction loop: read the slot's pointer, decide with the pure rule, write conditionally on the pointer
 * being unchanged; on a lost race, read again. A retry of a request that already succeeded finds its own version
 * in the slot and returns the existing record.
 */
export async function recordDeploymentOfVersion(context: ServiceContext, version: Version, environment: Environment, applicationInstance: string | undefined): Promise<DeployedVersion> {
  const slot = { pacticipant: version.pacticipant, environmentUuid: environment.uuid, ...(applicationInstance !== undefined ? { applicationInstance } : {}) };
  return withOptimisticRetry(context, `the deployment of ${version.pacticipant} to ${environment.name}`, async () => {
    const current = await context.deployments.findCurrent(slot);
    const plan = planDeployment(slot, version.number, current, { uuid: context.newId(), now: nowOf(context) }, version.order);
    if (plan.kind === 'unchanged') {
      const existing = await context.deployments.find(plan.deployedVersionUuid);
      if (existing === undefined) throw new Error(`Pointer names missing deployed version ${plan.deployedVersionUuid}`);
      return existing;
    }
    await context.deployments.commit(plan);
    return plan.record;
  });
}

export async function getDeployedVersion(context: ReadContext, uuid: string): Promise<DeployedVersion> {
  const record = await context.deployments.find(uuid);
  if (record === undefined) throw deployedVersionNotFound(uuid);
  return record;
}

/** PATCH /deployed-versions/{uuid}: `{"currentlyDeployed": false}` records the undeployment (once). */
export async function patchDeployedVersion(context: ServiceContext, uuid: string, body: Body): Promise<DeployedVersion> {
  return withOptimisticRetry(context, `deployed version ${uuid}`, async () => {
    const record = await getDeployedVersion(context, uuid);
    const plan = planDeployedVersionPatch(record, body, nowOf(context));
    if (plan.kind === 'unchanged') return record;
    await context.deployments.end(record, plan.at);
    return { ...record, undeployedAt: plan.at, updatedAt: plan.at };
  });
}

/**
 * What is deployed in an environment now. `applicationInstance` filters on one slot: `null` means "no instance"
 * (the query parameter given empty), undefined means every instance.
 */
export async function listCurrentlyDeployed(
  context: ReadContext,
  environmentUuid: string,
  filter: { pacticipant?: string; applicationInstance?: string | null } = {},
): Promise<{ environment: Environment; deployments: CurrentDeployment[] }> {
  const environment = await getEnvironment(context, environmentUuid);
  const current = await context.deployments.listCurrent(environmentUuid, filter.pacticipant);
  const matching = current.filter((deployment) => {
    if (filter.applicationInstance === undefined) return true;
    if (filter.applicationInstance === null) return deployment.applicationInstance === undefined;
    return deployment.applicationInstance === filter.applicationInstance;
  });
  return { environment, deployments: matching };
}

export async function listDeploymentsOfVersion(context: ReadContext, pacticipant: string, number: string, environmentUuid: string): Promise<{ version: Version; environment: Environment; deployments: DeployedVersion[] }> {
  const version = await requireVersion(context, pacticipant, number);
  const environment = await getEnvironment(context, environmentUuid);
  return { version, environment, deployments: await context.deployments.listOfVersion(pacticipant, number, environmentUuid) };
}
