/**
 * Deployment and release rules as pure state transitions (docs/rules.md §3). They take the current
 * records and return what to write; the repositories execute those writes as conditional transactions.
 */
import type { CurrentDeployment, DeployedVersion, DeploymentSlot, ReleasedVersion } from '../model.ts';
import { InvalidTransition, ValidationFailed } from '../errors.ts';
import { MAX_NAME_LENGTH } from '../validation.ts';

/**
 * The application instance a record-deployment (or a currently-deployed filter) names. `applicationInstance`
 * wins over the legacy `target`; `""` and null mean "no instance", which is its own slot (the reference stores
 * null as `""` in its unique index, so treating both alike avoids its inconsistent-state pitfall).
 */
export function normaliseApplicationInstance(body: { applicationInstance?: unknown; target?: unknown }): string | undefined {
  const raw = body.applicationInstance !== undefined && body.applicationInstance !== null ? body.applicationInstance : body.target;
  const field = body.applicationInstance !== undefined && body.applicationInstance !== null ? 'applicationInstance' : 'target';
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw ValidationFailed.of(field, 'must be a string');
  if (/[\r\n]/.test(raw)) throw ValidationFailed.of(field, 'must be a single line');
  if (raw.length > MAX_NAME_LENGTH) throw ValidationFailed.of(field, `cannot be longer than ${MAX_NAME_LENGTH} characters`);
  return raw === '' ? undefined : raw;
}

export type DeploymentPlan =
  /** This version already is the current deployment of the slot: return that record, write nothing. */
  | { readonly kind: 'unchanged'; readonly deployedVersionUuid: string }
  /** Create a new record and move the slot's pointer to it, ending the previous deployment if there was one. */
  | { readonly kind: 'deploy'; readonly record: DeployedVersion; readonly replaces?: CurrentDeployment };

export function planDeployment(
  slot: DeploymentSlot,
  version: string,
  current: CurrentDeployment | undefined,
  fresh: { readonly uuid: string; readonly now: string },
  versionOrder?: number,
): DeploymentPlan {
  if (current !== undefined && current.version === version) {
    return { kind: 'unchanged', deployedVersionUuid: current.deployedVersionUuid };
  }
  const record: DeployedVersion = {
    uuid: fresh.uuid,
    pacticipant: slot.pacticipant,
    version,
    ...(versionOrder !== undefined ? { versionOrder } : {}),
    environmentUuid: slot.environmentUuid,
    ...(slot.applicationInstance !== undefined ? { applicationInstance: slot.applicationInstance } : {}),
    createdAt: fresh.now,
  };
  return current === undefined ? { kind: 'deploy', record } : { kind: 'deploy', record, replaces: current };
}

export type EndPlan = { readonly kind: 'unchanged' } | { readonly kind: 'end'; readonly at: string };

/**
 * PATCH of a deployed version: `{"currentlyDeployed": false}` undeploys once (repeats change nothing),
 * `true` is refused (a new deployment must be recorded instead), a body without the key changes nothing.
 */
export function planDeployedVersionPatch(record: DeployedVersion, body: Record<string, unknown>, now: string): EndPlan {
  if (!('currentlyDeployed' in body)) return { kind: 'unchanged' };
  const value = body['currentlyDeployed'];
  if (value === true) {
    throw new InvalidTransition({ currentlyDeployed: ['The currentlyDeployed property cannot be set back to true. Please record a new deployment.'] });
  }
  if (value !== false) throw ValidationFailed.of('currentlyDeployed', 'must be false');
  return record.undeployedAt === undefined ? { kind: 'end', at: now } : { kind: 'unchanged' };
}

export function planReleasedVersionPatch(record: ReleasedVersion, body: Record<string, unknown>, now: string): EndPlan {
  if (!('currentlySupported' in body)) return { kind: 'unchanged' };
  const value = body['currentlySupported'];
  if (value === true) {
    // The reference's text says "deployment" here too; kept, as clients may match on it.
    throw new InvalidTransition({ currentlySupported: ['The currentlySupported property cannot be set back to true. Please record a new deployment.'] });
  }
  if (value !== false) throw ValidationFailed.of('currentlySupported', 'must be false');
  return record.supportEndedAt === undefined ? { kind: 'end', at: now } : { kind: 'unchanged' };
}

export type ReleasePlan =
  | { readonly kind: 'create'; readonly record: ReleasedVersion }
  /** Released before but support ended: supported again, same record. */
  | { readonly kind: 'resume'; readonly record: ReleasedVersion; readonly at: string }
  | { readonly kind: 'unchanged'; readonly record: ReleasedVersion };

export function planRelease(
  existing: ReleasedVersion | undefined,
  release: { readonly pacticipant: string; readonly version: string; readonly versionOrder?: number; readonly environmentUuid: string },
  fresh: { readonly uuid: string; readonly now: string },
): ReleasePlan {
  if (existing === undefined) {
    return { kind: 'create', record: { uuid: fresh.uuid, ...release, createdAt: fresh.now } };
  }
  if (existing.supportEndedAt !== undefined) return { kind: 'resume', record: existing, at: fresh.now };
  return { kind: 'unchanged', record: existing };
}
