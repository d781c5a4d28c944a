import { describe, expect, it } from 'vitest';
import {
  normaliseApplicationInstance,
  planDeployedVersionPatch,
  planDeployment,
  planRelease,
  planReleasedVersionPatch,
} from '../../../shared/domain/deployments/rules.ts';
import { InvalidTransition, ValidationFailed } from '../../../shared/domain/errors.ts';
import type { CurrentDeployment, DeployedVersion, ReleasedVersion } from '../../../shared/domain/model.ts';

const fresh = { uuid: 'new-uuid', now: '2026-01-02T00:00:00.000Z' };
const slot = { pacticipant: 'Foo', environmentUuid: 'env-1' };
const current = (version: string, applicationInstance?: string): CurrentDeployment => ({
  ...slot,
  ...(applicationInstance === undefined ? {} : { applicationInstance }),
  deployedVersionUuid: `uuid-${version}`,
  version,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('normaliseApplicationInstance', () => {
  it.each([
    [{}, undefined],
    [{ applicationInstance: 'blue' }, 'blue'],
    [{ target: 'blue' }, 'blue'],
    [{ applicationInstance: 'blue', target: 'green' }, 'blue'],
    [{ applicationInstance: null, target: 'green' }, 'green'],
    [{ applicationInstance: '' }, undefined],
    [{ target: '' }, undefined],
    [{ applicationInstance: null }, undefined],
  ])('%j → %s', (body, expected) => {
    expect(normaliseApplicationInstance(body)).toBe(expected);
  });

  it('rejects a non-string instance, naming the field', () => {
    expect(() => normaliseApplicationInstance({ applicationInstance: 3 })).toThrow(ValidationFailed);
    try {
      normaliseApplicationInstance({ target: ['a'] });
    } catch (error) {
      expect((error as ValidationFailed).fieldErrors).toEqual({ target: ['must be a string'] });
    }
  });

  it('rejects a multi-line instance', () => {
    expect(() => normaliseApplicationInstance({ applicationInstance: 'a\nb' })).toThrow(/single line/);
  });
});

describe('planDeployment', () => {
  it('deploys into an empty slot without replacing anything', () => {
    const plan = planDeployment(slot, '1', undefined, fresh);
    expect(plan).toEqual({ kind: 'deploy', record: { uuid: 'new-uuid', pacticipant: 'Foo', version: '1', environmentUuid: 'env-1', createdAt: fresh.now } });
  });

  it('returns the existing record when the same version is already current (rule 1: nothing is written)', () => {
    expect(planDeployment(slot, '1', current('1'), fresh)).toEqual({ kind: 'unchanged', deployedVersionUuid: 'uuid-1' });
  });

  it('replaces the current deployment of the slot with a new record', () => {
    const plan = planDeployment(slot, '2', current('1'), fresh);
    expect(plan.kind).toBe('deploy');
    if (plan.kind !== 'deploy') return;
    expect(plan.replaces?.deployedVersionUuid).toBe('uuid-1');
    expect(plan.record.version).toBe('2');
  });

  it('treats an older version as a rollback: a new record, replacing the current one', () => {
    const plan = planDeployment(slot, '1', current('2'), fresh);
    expect(plan).toMatchObject({ kind: 'deploy', record: { uuid: 'new-uuid', version: '1' }, replaces: { version: '2' } });
  });

  it('carries the application instance into the record', () => {
    const plan = planDeployment({ ...slot, applicationInstance: 'customer-1' }, '1', undefined, fresh);
    expect(plan).toMatchObject({ kind: 'deploy', record: { applicationInstance: 'customer-1' } });
  });
});

const deployed = (undeployedAt?: string): DeployedVersion => ({
  uuid: 'd1',
  pacticipant: 'Foo',
  version: '1',
  environmentUuid: 'env-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...(undeployedAt === undefined ? {} : { undeployedAt }),
});

describe('planDeployedVersionPatch', () => {
  it('undeploys a current deployment', () => {
    expect(planDeployedVersionPatch(deployed(), { currentlyDeployed: false }, fresh.now)).toEqual({ kind: 'end', at: fresh.now });
  });
  it('changes nothing when already undeployed (idempotent)', () => {
    expect(planDeployedVersionPatch(deployed('2026-01-01T01:00:00.000Z'), { currentlyDeployed: false }, fresh.now)).toEqual({ kind: 'unchanged' });
  });
  it('changes nothing for a body without the property', () => {
    expect(planDeployedVersionPatch(deployed(), {}, fresh.now)).toEqual({ kind: 'unchanged' });
  });
  it('refuses to set currentlyDeployed back to true with the reference message', () => {
    expect(() => planDeployedVersionPatch(deployed('x'), { currentlyDeployed: true }, fresh.now)).toThrow(InvalidTransition);
    try {
      planDeployedVersionPatch(deployed(), { currentlyDeployed: true }, fresh.now);
    } catch (error) {
      expect((error as InvalidTransition).fieldErrors).toEqual({
        currentlyDeployed: ['The currentlyDeployed property cannot be set back to true. Please record a new deployment.'],
      });
    }
  });
  it('rejects a non-boolean', () => {
    expect(() => planDeployedVersionPatch(deployed(), { currentlyDeployed: 'no' }, fresh.now)).toThrow(ValidationFailed);
  });
});

const released = (supportEndedAt?: string): ReleasedVersion => ({
  uuid: 'r1',
  pacticipant: 'Foo',
  version: '1',
  environmentUuid: 'env-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...(supportEndedAt === undefined ? {} : { supportEndedAt }),
});

describe('planRelease', () => {
  const release = { pacticipant: 'Foo', version: '1', environmentUuid: 'env-1' };
  it('creates a release the first time', () => {
    expect(planRelease(undefined, release, fresh)).toEqual({ kind: 'create', record: { uuid: 'new-uuid', ...release, createdAt: fresh.now } });
  });
  it('leaves a supported release as it is', () => {
    expect(planRelease(released(), release, fresh)).toEqual({ kind: 'unchanged', record: released() });
  });
  it('makes a release whose support ended supported again, keeping the record', () => {
    expect(planRelease(released('2026-01-01T05:00:00.000Z'), release, fresh)).toMatchObject({ kind: 'resume', record: { uuid: 'r1' }, at: fresh.now });
  });
});

describe('planReleasedVersionPatch', () => {
  it('ends support once', () => {
    expect(planReleasedVersionPatch(released(), { currentlySupported: false }, fresh.now)).toEqual({ kind: 'end', at: fresh.now });
    expect(planReleasedVersionPatch(released('x'), { currentlySupported: false }, fresh.now)).toEqual({ kind: 'unchanged' });
  });
  it('refuses true', () => {
    expect(() => planReleasedVersionPatch(released(), { currentlySupported: true }, fresh.now)).toThrow(InvalidTransition);
  });
});
