/**
 * An environment's history (docs/rules.md §3.9): what ran where, when, as events derived from its deployment and release
 * records, newest first. Pure: the service reads the records.
 */
import type { DeployedVersion, ReleasedVersion } from './model.ts';

export type EnvironmentEventType = 'deployed' | 'undeployed' | 'released' | 'supportEnded';

export interface EnvironmentEvent {
  readonly type: EnvironmentEventType;
  readonly at: string;
  readonly pacticipant: string;
  readonly version: string;
  /** Deployments only, when the deployment has one (absent: no application instance). */
  readonly applicationInstance?: string;
  /** The record the event comes from: a deployed version or a released version. */
  readonly record: { readonly kind: 'deployedVersion' | 'releasedVersion'; readonly uuid: string };
}

/** A deployment record's events: deployed at `createdAt`, undeployed at `undeployedAt` (replaced in its slot, or ended). */
export function deploymentEvents(record: DeployedVersion): EnvironmentEvent[] {
  const base = {
    pacticipant: record.pacticipant,
    version: record.version,
    ...(record.applicationInstance === undefined ? {} : { applicationInstance: record.applicationInstance }),
    record: { kind: 'deployedVersion' as const, uuid: record.uuid },
  };
  return [{ type: 'deployed', at: record.createdAt, ...base }, ...(record.undeployedAt === undefined ? [] : [{ type: 'undeployed' as const, at: record.undeployedAt, ...base }])];
}

/**
 * A release record's events: released at `createdAt`; support ended at `supportEndedAt`. Releasing again after the end
 * of support reuses the record (§3.6): it clears `supportEndedAt` and sets `updatedAt`, so a record supported again shows
 * a second `released` at `updatedAt`, and the end of support before it is no longer known (a record keeps only its
 * latest end of support).
 */
export function releaseEvents(record: ReleasedVersion): EnvironmentEvent[] {
  const base = { pacticipant: record.pacticipant, version: record.version, record: { kind: 'releasedVersion' as const, uuid: record.uuid } };
  const released: EnvironmentEvent = { type: 'released', at: record.createdAt, ...base };
  if (record.supportEndedAt !== undefined) return [released, { type: 'supportEnded', at: record.supportEndedAt, ...base }];
  if (record.updatedAt !== undefined && record.updatedAt !== record.createdAt) return [released, { type: 'released', at: record.updatedAt, ...base }];
  return [released];
}

/** On the same instant, a beginning is listed before (it happened after) the end it caused: a replacing deployment's undeployment. */
const BEGINNING: Readonly<Record<EnvironmentEventType, number>> = { deployed: 0, released: 0, undeployed: 1, supportEnded: 1 };

/** Newest first; on the same instant beginnings first, then by pacticipant, version, instance and record, so the order is total. */
export function compareEvents(a: EnvironmentEvent, b: EnvironmentEvent): number {
  return (
    compareText(b.at, a.at) ||
    BEGINNING[a.type] - BEGINNING[b.type] ||
    compareText(a.pacticipant, b.pacticipant) ||
    compareText(a.version, b.version) ||
    compareText(a.applicationInstance ?? '', b.applicationInstance ?? '') ||
    compareText(a.record.kind, b.record.kind) ||
    compareText(a.record.uuid, b.record.uuid)
  );
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The `size` newest events of the records given. Each list must be a source's records by latest event, newest first, as
 * the repositories answer them (`listHistory`): a source that gave `size` records holds every event after its last
 * record's latest event, which is at least `size` events, so the newest `size` events of the union are complete.
 */
export function environmentHistory(deployments: readonly DeployedVersion[], releases: readonly ReleasedVersion[], size: number): EnvironmentEvent[] {
  return [...deployments.flatMap(deploymentEvents), ...releases.flatMap(releaseEvents)].sort(compareEvents).slice(0, size);
}
