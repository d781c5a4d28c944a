import { describe, expect, it } from 'vitest';
import { deploymentEvents, environmentHistory, releaseEvents } from '../../../shared/domain/environment-history.ts';
import type { DeployedVersion, ReleasedVersion } from '../../../shared/domain/model.ts';

const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();

const deployed = (uuid: string, pacticipant: string, version: string, created: number, fields: Partial<DeployedVersion> = {}): DeployedVersion => ({
  uuid,
  pacticipant,
  version,
  environmentUuid: 'e1',
  createdAt: at(created),
  ...fields,
});
const released = (uuid: string, pacticipant: string, version: string, created: number, fields: Partial<ReleasedVersion> = {}): ReleasedVersion => ({
  uuid,
  pacticipant,
  version,
  environmentUuid: 'e1',
  createdAt: at(created),
  ...fields,
});

/** An event as `type pacticipant version@seconds`, for readable tables. */
const brief = (event: { type: string; pacticipant: string; version: string; at: string; applicationInstance?: string }): string =>
  `${event.type} ${event.pacticipant} ${event.version}${event.applicationInstance === undefined ? '' : `/${event.applicationInstance}`}@${(Date.parse(event.at) - Date.UTC(2026, 0, 1)) / 1000}`;

describe('the events of one record', () => {
  it.each<[string, DeployedVersion, string[]]>([
    ['a current deployment', deployed('d1', 'Foo', '1', 1), ['deployed Foo 1@1']],
    ['an undeployed one', deployed('d1', 'Foo', '1', 1, { undeployedAt: at(4), updatedAt: at(4) }), ['deployed Foo 1@1', 'undeployed Foo 1@4']],
    ['one with an application instance', deployed('d1', 'Foo', '1', 1, { applicationInstance: 'blue' }), ['deployed Foo 1/blue@1']],
  ])('%s', (_case, record, expected) => {
    expect(deploymentEvents(record).map(brief)).toEqual(expected);
    expect(deploymentEvents(record).every((event) => event.record.kind === 'deployedVersion' && event.record.uuid === 'd1')).toBe(true);
  });

  it.each<[string, ReleasedVersion, string[]]>([
    ['a supported release', released('r1', 'App', '2', 1), ['released App 2@1']],
    ['support ended', released('r1', 'App', '2', 1, { supportEndedAt: at(5), updatedAt: at(5) }), ['released App 2@1', 'supportEnded App 2@5']],
    ['released again after the end of support (same record, updatedAt set)', released('r1', 'App', '2', 1, { updatedAt: at(7) }), ['released App 2@1', 'released App 2@7']],
    ['ended again after that: only the latest end is known', released('r1', 'App', '2', 1, { supportEndedAt: at(9), updatedAt: at(9) }), ['released App 2@1', 'supportEnded App 2@9']],
    ['updatedAt equal to createdAt is no second release', released('r1', 'App', '2', 1, { updatedAt: at(1) }), ['released App 2@1']],
  ])('%s', (_case, record, expected) => {
    expect(releaseEvents(record).map(brief)).toEqual(expected);
  });
});

describe('environmentHistory: merged, newest first, cut to size', () => {
  // [case, deployment records, release records, size, events]
  it.each<[string, DeployedVersion[], ReleasedVersion[], number, string[]]>([
    ['nothing happened', [], [], 100, []],
    [
      'a replacing deployment: the new one listed before the undeployment it caused, at the same instant',
      [deployed('d2', 'Foo', '2', 5), deployed('d1', 'Foo', '1', 1, { undeployedAt: at(5), updatedAt: at(5) })],
      [],
      100,
      ['deployed Foo 2@5', 'undeployed Foo 1@5', 'deployed Foo 1@1'],
    ],
    [
      'deployments and releases interleave by time',
      [deployed('d1', 'Foo', '1', 2, { undeployedAt: at(6), updatedAt: at(6) }), deployed('d2', 'Bar', '1', 4, { applicationInstance: 'blue' })],
      [released('r1', 'App', '1', 1, { supportEndedAt: at(5), updatedAt: at(5) }), released('r2', 'App', '2', 3)],
      100,
      ['undeployed Foo 1@6', 'supportEnded App 1@5', 'deployed Bar 1/blue@4', 'released App 2@3', 'deployed Foo 1@2', 'released App 1@1'],
    ],
    [
      'cut to size, newest kept',
      [deployed('d1', 'Foo', '1', 2, { undeployedAt: at(6), updatedAt: at(6) }), deployed('d2', 'Bar', '1', 4)],
      [released('r1', 'App', '1', 1, { supportEndedAt: at(5), updatedAt: at(5) })],
      3,
      ['undeployed Foo 1@6', 'supportEnded App 1@5', 'deployed Bar 1@4'],
    ],
    [
      'ties of the same kind go by pacticipant, then version',
      [deployed('d2', 'Foo', '1', 3), deployed('d1', 'Bar', '2', 3), deployed('d3', 'Bar', '10', 3)],
      [],
      100,
      ['deployed Bar 10@3', 'deployed Bar 2@3', 'deployed Foo 1@3'],
    ],
    [
      'the records given in any order come out in the same order',
      [deployed('d1', 'Foo', '1', 1, { undeployedAt: at(3), updatedAt: at(3) }), deployed('d2', 'Foo', '2', 3)].reverse(),
      [released('r1', 'App', '1', 2)],
      100,
      ['deployed Foo 2@3', 'undeployed Foo 1@3', 'released App 1@2', 'deployed Foo 1@1'],
    ],
  ])('%s', (_case, deployments, releases, size, expected) => {
    expect(environmentHistory(deployments, releases, size).map(brief)).toEqual(expected);
  });
});
