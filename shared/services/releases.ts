/** record-release, record-support-ended, and what is supported where. */
import type { CurrentRelease, Environment, ReleasedVersion, Version } from '#domain/model.ts';
import { NotFound } from '#domain/errors.ts';
import { planRelease, planReleasedVersionPatch } from '#domain/deployments/rules.ts';
import type { Body } from '#domain/validation.ts';
import { nowOf, type ServiceContext, type ReadContext } from './context.ts';
import { requireVersion } from './deployments.ts';
import { getEnvironment } from './environments.ts';
import { withOptimisticRetry } from './retry.ts';
import { missing } from '#domain/messages.ts';

export const releasedVersionNotFound = (uuid: string): NotFound => new NotFound(missing.releasedVersion(uuid));

/** POST …/released-versions/environment/{uuid}: new (created), supported again, or unchanged. */
export async function recordRelease(context: ServiceContext, pacticipant: string, number: string, environmentUuid: string): Promise<{ created: boolean; releasedVersion: ReleasedVersion; environment: Environment }> {
  const version = await requireVersion(context, pacticipant, number);
  const environment = await getEnvironment(context, environmentUuid);
  return withOptimisticRetry(context, `the release of ${pacticipant} ${number} to ${environment.name}`, async () => {
    const existing = await context.releases.findOfVersion(pacticipant, number, environmentUuid);
    const plan = planRelease(existing, { pacticipant, version: number, versionOrder: version.order, environmentUuid }, { uuid: context.newId(), now: nowOf(context) });
    switch (plan.kind) {
      case 'create':
        await context.releases.create(plan.record);
        return { created: true, releasedVersion: plan.record, environment };
      case 'resume': {
        await context.releases.resumeSupport(plan.record, plan.at);
        const { supportEndedAt: _ended, ...supported } = plan.record;
        return { created: false, releasedVersion: { ...supported, updatedAt: plan.at }, environment };
      }
      case 'unchanged':
        return { created: false, releasedVersion: plan.record, environment };
    }
  });
}

export async function getReleasedVersion(context: ReadContext, uuid: string): Promise<ReleasedVersion> {
  const record = await context.releases.find(uuid);
  if (record === undefined) throw releasedVersionNotFound(uuid);
  return record;
}

/** PATCH /released-versions/{uuid}: `{"currentlySupported": false}` records the end of support (once). */
export async function patchReleasedVersion(context: ServiceContext, uuid: string, body: Body): Promise<ReleasedVersion> {
  return withOptimisticRetry(context, `released version ${uuid}`, async () => {
    const record = await getReleasedVersion(context, uuid);
    const plan = planReleasedVersionPatch(record, body, nowOf(context));
    if (plan.kind === 'unchanged') return record;
    await context.releases.endSupport(record, plan.at);
    return { ...record, supportEndedAt: plan.at, updatedAt: plan.at };
  });
}

export async function listCurrentlySupported(context: ReadContext, environmentUuid: string, filter: { pacticipant?: string; version?: string } = {}): Promise<{ environment: Environment; releases: CurrentRelease[] }> {
  const environment = await getEnvironment(context, environmentUuid);
  const current = await context.releases.listCurrent(environmentUuid, filter.pacticipant);
  return { environment, releases: current.filter((release) => filter.version === undefined || release.version === filter.version) };
}

export async function listReleasesOfVersion(context: ReadContext, pacticipant: string, number: string, environmentUuid: string): Promise<{ version: Version; environment: Environment; releases: ReleasedVersion[] }> {
  const version = await requireVersion(context, pacticipant, number);
  const environment = await getEnvironment(context, environmentUuid);
  return { version, environment, releases: await context.releases.listOfVersion(pacticipant, number, environmentUuid) };
}
