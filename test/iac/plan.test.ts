/** The pure planning of functions/iac/plan.ts, table by table: events into plans, physical ids, the gate's steps, broker messages. */
import { describe, expect, it } from 'vitest';
import { brokerMessage, gateStep, matrixPath, parsePhysicalId, physicalIdOf, planEvent, readDecision } from '../../functions/iac/plan.ts';
import { createEvent, declared, deleteEvent, updateEvent } from './events.ts';

const URL = 'https://pact.example.com';
const deployment = (version: string, extra: object = {}) => declared('deployment', URL, { pacticipant: 'Foo', version, environment: 'production', ...extra });

describe('planning events', () => {
  const slot = physicalIdOf('deployment', ['deployment', 'Foo', 'production', '']);
  it.each([
    ['Create records', createEvent(deployment('1')), { op: 'record', spec: { version: '1' } }],
    ['Update records the new version', updateEvent(deployment('1'), deployment('2'), slot), { op: 'record', spec: { version: '2' } }],
    ['rollback Update records the old version', updateEvent(deployment('2'), deployment('1'), slot), { op: 'record', spec: { version: '1' } }],
    ['Delete of its own id records the undeployment', deleteEvent(deployment('1'), slot), { op: 'remove', spec: { version: '1' } }],
    ['Delete of an invented id does nothing', deleteEvent(deployment('1'), 'Stack-Resource-ABC'), { op: 'none', physicalResourceId: 'Stack-Resource-ABC' }],
    ['Delete of another slot does nothing', deleteEvent(deployment('1', { applicationInstance: 'blue' }), slot), { op: 'none' }],
    ['an environment Update keeps the uuid', updateEvent(declared('environment', URL, { name: 'a', production: true }), declared('environment', `${URL}/`, { name: 'b', production: true }), physicalIdOf('environment', ['u-1'])), { op: 'apply', uuid: 'u-1' }],
    ['a Delete goes to the broker its properties name', deleteEvent(declared('pacticipant', 'https://other.example.com', { name: 'Foo' }), physicalIdOf('pacticipant', ['Foo'])), { op: 'delete', name: 'Foo', broker: { url: 'https://other.example.com' } }],
  ])('%s', (_title, event, expected) => {
    expect(planEvent(event)).toMatchObject(expected);
  });

  it('reads "" as no instance, and keeps the physical id when only the broker URL changes (it may be the same broker)', () => {
    expect(planEvent(createEvent(deployment('1', { applicationInstance: '' })))).not.toHaveProperty('spec.applicationInstance');
    const moved = updateEvent(declared('environment', URL, { name: 'a', production: true }), declared('environment', 'https://other.example.com', { name: 'a', production: true }), physicalIdOf('environment', ['u-1']));
    // The uuid is tried first; on a broker without it the handler adopts or creates the environment by name.
    expect(planEvent(moved)).toMatchObject({ op: 'apply', broker: { url: 'https://other.example.com' }, uuid: 'u-1' });
    const pacticipant = declared('pacticipant', URL, { name: 'Foo' });
    const elsewhere = declared('pacticipant', 'https://other.example.com', { name: 'Foo' });
    expect(planEvent(updateEvent(pacticipant, elsewhere, physicalIdOf('pacticipant', ['Foo'])))).toMatchObject({ op: 'apply', broker: { url: 'https://other.example.com' } });
  });

  it.each([
    [declared('environment', URL, { name: 'x', production: 'true' }), 'production must be true or false'],
    [declared('deployment', URL, { pacticipant: 'Foo', version: '1', environment: 'p', kind: 'rollout' }), "kind must be 'deployment' or 'release', not 'rollout'"],
    [declared('deployment', URL, { pacticipant: 'Foo', version: '1', environment: 'p', kind: 'release', applicationInstance: 'blue' }), 'applicationInstance applies to deployments only, not releases'],
    [declared('webhook', URL, { uuid: 'short', request: { method: 'POST', url: 'https://x' } }), "uuid 'short' must be 16 to 100 of A-Z, a-z, 0-9, _ and -"],
    [declared('pacticipant', 'ftp://x', { name: 'Foo' }), "Broker.Url 'ftp://x' must be an http(s) URL"],
    [{ kind: 'gate' as const, properties: { Broker: { Url: URL }, Spec: '{' } }, 'Spec is not valid JSON'],
  ])('refuses bad properties with a message: %#', (resource, message) => {
    expect(() => planEvent(createEvent(resource))).toThrow(message);
  });

  it('round-trips physical ids with names that need encoding', () => {
    const id = physicalIdOf('deployment', ['deployment', 'My App', 'prod/eu', 'a b']);
    expect(id).toBe('deployment:deployment/My%20App/prod%2Feu/a%20b');
    expect(parsePhysicalId('deployment', id)).toEqual({ identity: ['deployment', 'My App', 'prod/eu', 'a b'] });
    expect(parsePhysicalId('environment', id)).toBeUndefined();
  });
});

describe('the gate', () => {
  const spec = { pacticipant: 'Foo', version: '1', environment: 'production', timeoutSeconds: 60, ignore: [{ pacticipant: 'Bar', version: '2' }] };
  it('asks what the CLI asks', () => {
    expect(matrixPath(spec)).toBe('/matrix?q[][pacticipant]=Foo&q[][version]=1&ignore[][pacticipant]=Bar&ignore[][version]=2&latestby=cvpv&environment=production');
  });
  it.each([
    [true, 0, { complete: true, reason: 'ok' }],
    [null, 59_000, { complete: false }],
    [null, 60_000, { failure: 'can-i-deploy is still unknown for Foo 1 to production after 60 s: ok' }],
    [false, 0, { failure: 'can-i-deploy says no for Foo 1 to production: ok' }],
  ])('deployable %s after %i ms', (deployable, elapsed, expected) => {
    expect(gateStep(spec, { deployable, reason: 'ok' }, 0, elapsed)).toEqual(expected);
  });
  it('reads the notices as the reason, else the summary', () => {
    expect(readDecision({ summary: { deployable: null, reason: 'r' }, notices: [{ type: 'error', text: 'a' }, { type: 'warning', text: 'b' }] })).toEqual({ deployable: null, reason: 'a\nb' });
    expect(readDecision({ summary: { deployable: false, reason: 'r' } })).toEqual({ deployable: false, reason: 'r' });
  });
});

describe('broker messages', () => {
  it.each([
    [{ error: 'No pacticipant with name \'P\' found' }, "No pacticipant with name 'P' found"],
    [{ errors: { name: ['is required', 'is too long'] } }, 'name: is required, is too long'],
    [{ errors: ['Please specify the pacticipant name'] }, 'Please specify the pacticipant name'],
    [{ notices: [{ type: 'error', text: 'Cannot change the content' }, { type: 'info', text: 'x' }], errors: { contracts: ['c'] } }, 'contracts: c; Cannot change the content'],
    [{ error: { message: 'An error has occurred. The details have been logged with the reference abc', reference: 'abc' } }, 'An error has occurred. The details have been logged with the reference abc'],
    [{ message: 'Not Found' }, 'Not Found'],
    [undefined, '(no body)'],
  ])('%j', (body, expected) => {
    expect(brokerMessage(body, body === undefined ? '' : JSON.stringify(body))).toBe(expected);
  });
});
