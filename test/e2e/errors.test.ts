/**
 * Error handling on the wire, with raw HTTP (and the CLI where it shows the error): content types, invalid JSON,
 * validation errors, the 422 for setting currentlyDeployed/currentlySupported back to true, unknown resources, and
 * methods not allowed. Nothing deterministic may be a 5xx, and a refused request changes nothing
 * (docs/wire-contract.md §1.4, §1.5, §18; docs/rules.md §2.1, §3.3, §3.6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliFor, currentlyDeployed, environmentNamed, environments, fails, get, ok, type Cli } from './helpers.ts';

let broker: TestBroker;
let cli: Cli;
let deployedUuid: string;
let releasedUuid: string;
beforeAll(async () => {
  broker = await startTestBroker();
  cli = cliFor(broker.url);
  await ok(cli, 'create-or-update-version', '-a', 'Foo', '-e', '1');
  deployedUuid = JSON.parse((await ok(cli, 'record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'test', '-o', 'json')).stdout).uuid;
  releasedUuid = JSON.parse((await ok(cli, 'record-release', '-a', 'Foo', '-e', '1', '--environment', 'production', '-o', 'json')).stdout).uuid;
});
afterAll(async () => {
  await broker.close();
});

const JSON_TYPE = /^application\/(hal\+)?json;\s*charset=utf-8$/;
const MERGE_PATCH = { 'Content-Type': 'application/merge-patch+json' };
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

describe('request content types', () => {
  it('answers 415 to POST /environments with a non-JSON content type, and creates nothing', async () => {
    const before = await environments(broker.url);
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await http(broker.url, 'POST', '/environments', JSON.stringify({ name: 'sneaky', production: false }), { 'Content-Type': contentType });
      expect(response.status, contentType).toBe(415);
    }
    expect(await environments(broker.url)).toEqual(before);
    expect((await get(broker.url, '/environments?name=sneaky')).body._embedded.environments).toEqual([]);
  });

  it('answers 415 to PUT /environments/{uuid} with a non-JSON content type, and changes nothing', async () => {
    const test = await environmentNamed(broker.url, 'test');
    const response = await http(broker.url, 'PUT', `/environments/${test.uuid}`, JSON.stringify({ name: 'renamed', production: true }), { 'Content-Type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(await environmentNamed(broker.url, 'test')).toEqual(test);
  });

  it('accepts application/json with a charset parameter', async () => {
    const response = await http(broker.url, 'POST', '/environments', { name: 'charset', production: false }, { 'Content-Type': 'application/json; charset=utf-8' });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/hal+json;charset=utf-8');
    expect(response.headers.get('location')).toMatch(new RegExp(`/environments/${response.body.uuid}$`));
  });

  it('answers 415 to PATCH /deployed-versions/{uuid} unless the body is application/merge-patch+json (docs/wire-contract.md §8)', async () => {
    // A record of its own, so that a broker accepting the body does not disturb the other tests.
    await ok(cli, 'create-or-update-version', '-a', 'ContentType', '-e', '1');
    const uuid = JSON.parse((await ok(cli, 'record-deployment', '-a', 'ContentType', '-e', '1', '--environment', 'test', '-o', 'json')).stdout).uuid as string;
    const response = await http(broker.url, 'PATCH', `/deployed-versions/${uuid}`, { currentlyDeployed: false }, { 'Content-Type': 'application/json' });
    expect(response.status, `PATCH /deployed-versions/{uuid} with application/json answered ${response.status} ${response.text.slice(0, 120)}…`).toBe(415);
    expect((await get(broker.url, `/deployed-versions/${uuid}`)).body.currentlyDeployed).toBe(true);
  });

  it('answers 415 to PATCH /released-versions/{uuid} unless the body is application/merge-patch+json (docs/wire-contract.md §9)', async () => {
    await ok(cli, 'create-or-update-version', '-a', 'ContentType', '-e', '2');
    const uuid = JSON.parse((await ok(cli, 'record-release', '-a', 'ContentType', '-e', '2', '--environment', 'production', '-o', 'json')).stdout).uuid as string;
    const response = await http(broker.url, 'PATCH', `/released-versions/${uuid}`, { currentlySupported: false }, { 'Content-Type': 'application/json' });
    expect(response.status, `PATCH /released-versions/{uuid} with application/json answered ${response.status} ${response.text.slice(0, 120)}…`).toBe(415);
    expect((await get(broker.url, `/released-versions/${uuid}`)).body.currentlySupported).toBe(true);
  });
});

describe('invalid bodies', () => {
  it('answers 400 naming `body` to invalid JSON, and creates nothing', async () => {
    const before = await environments(broker.url);
    for (const body of ['{"name":', 'not json', '{"name":"x",}']) {
      const response = await http(broker.url, 'POST', '/environments', body, { 'Content-Type': 'application/json' });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(JSON_TYPE);
      expect(Object.keys(response.body.errors)).toEqual(['body']);
      expect(response.body.errors.body).toEqual([expect.any(String)]);
    }
    const array = await http(broker.url, 'POST', '/environments', '[]', { 'Content-Type': 'application/json' });
    expect(array.status).toBe(400);
    expect(array.body.errors).toHaveProperty('body');
    expect(await environments(broker.url)).toEqual(before);
  });

  it('answers 400 with {errors: {name: […], production: […]}} when required fields are missing', async () => {
    const response = await http(broker.url, 'POST', '/environments', {});
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(JSON_TYPE);
    expect(response.body).toEqual({ errors: { name: [expect.any(String)], production: [expect.any(String)] } });

    const onlyName = await http(broker.url, 'POST', '/environments', { name: 'halfway' });
    expect(onlyName.status).toBe(400);
    expect(Object.keys(onlyName.body.errors)).toEqual(['production']);
    expect((await get(broker.url, '/environments?name=halfway')).body._embedded.environments).toEqual([]);
  });

  it('validates each environment field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'has space', production: false }, 'name'],
      [{ name: '', production: false }, 'name'],
      [{ name: 'two\nlines', production: false }, 'name'],
      [{ name: 42, production: false }, 'name'],
      [{ name: 'ok-name', production: 'yes' }, 'production'],
      [{ name: 'ok-name', production: false, displayName: 'two\nlines' }, 'displayName'],
    ];
    for (const [body, field] of cases) {
      const response = await http(broker.url, 'POST', '/environments', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(response.body.errors), JSON.stringify(body)).toContain(field);
    }
    const spaces = await http(broker.url, 'POST', '/environments', { name: 'has space', production: false });
    expect(spaces.body.errors.name.join(' ')).toContain('cannot contain spaces');
    const contact = await http(broker.url, 'POST', '/environments', { name: 'ok-name', production: false, contacts: [{ details: { emailAddress: 'a@b.c' } }] });
    expect(contact.status).toBe(400);
    expect(Object.keys(contact.body.errors).join(' ')).toMatch(/^contacts/);
    expect((await get(broker.url, '/environments?name=ok-name')).body._embedded.environments).toEqual([]);

    // The CLI shows the field and message, and exits 1.
    const cliContact = await fails(cli, 'create-environment', '--name', 'ok-name', '--contact-email-address', 'a@b.c');
    expect(cliContact.output).toMatch(/❌ contacts/);
  });

  it('validates PATCH bodies of deployed and released versions', async () => {
    const wrongType = await http(broker.url, 'PATCH', `/deployed-versions/${deployedUuid}`, { currentlyDeployed: 'no' }, MERGE_PATCH);
    expect(wrongType.status).toBe(400);
    const invalid = await http(broker.url, 'PATCH', `/deployed-versions/${deployedUuid}`, 'nope', MERGE_PATCH);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toHaveProperty('body');
    expect((await get(broker.url, `/deployed-versions/${deployedUuid}`)).body.currentlyDeployed).toBe(true);
  });
});

describe('currentlyDeployed / currentlySupported cannot be set back to true', () => {
  it('answers 422 with the reference message to {"currentlyDeployed": true}', async () => {
    const response = await http(broker.url, 'PATCH', `/deployed-versions/${deployedUuid}`, { currentlyDeployed: true }, MERGE_PATCH);
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ errors: { currentlyDeployed: ['The currentlyDeployed property cannot be set back to true. Please record a new deployment.'] } });

    // An empty merge patch changes nothing; false undeploys; true is still refused afterwards.
    const empty = await http(broker.url, 'PATCH', `/deployed-versions/${deployedUuid}`, {}, MERGE_PATCH);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ uuid: deployedUuid, currentlyDeployed: true });
    const undeployed = await http(broker.url, 'PATCH', `/deployed-versions/${deployedUuid}`, { currentlyDeployed: false }, MERGE_PATCH);
    expect(undeployed.status).toBe(200);
    expect(undeployed.body.currentlyDeployed).toBe(false);
    const back = await http(broker.url, 'PATCH', `/deployed-versions/${deployedUuid}`, { currentlyDeployed: true }, MERGE_PATCH);
    expect(back.status).toBe(422);
    expect((await get(broker.url, `/deployed-versions/${deployedUuid}`)).body.currentlyDeployed).toBe(false);
    // (Other tests in this file leave their own deployments in test; only this one must be gone.)
    expect((await currentlyDeployed(broker.url, 'test')).map((deployment) => deployment.uuid)).not.toContain(deployedUuid);
  });

  it('answers 422 to {"currentlySupported": true}', async () => {
    const response = await http(broker.url, 'PATCH', `/released-versions/${releasedUuid}`, { currentlySupported: true }, MERGE_PATCH);
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ errors: { currentlySupported: ['The currentlySupported property cannot be set back to true. Please record a new deployment.'] } });
    const ended = await http(broker.url, 'PATCH', `/released-versions/${releasedUuid}`, { currentlySupported: false }, MERGE_PATCH);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ uuid: releasedUuid, currentlySupported: false });
    expect(ended.body.supportEndedAt).toEqual(expect.any(String));
  });
});

describe('unknown resources', () => {
  it('answers 404 to unknown deployed-version, released-version and environment uuids', async () => {
    const requests: [string, string, unknown?, Record<string, string>?][] = [
      ['GET', `/deployed-versions/${UNKNOWN}`],
      ['PATCH', `/deployed-versions/${UNKNOWN}`, { currentlyDeployed: false }, MERGE_PATCH],
      ['GET', `/released-versions/${UNKNOWN}`],
      ['PATCH', `/released-versions/${UNKNOWN}`, { currentlySupported: false }, MERGE_PATCH],
      ['GET', `/environments/${UNKNOWN}`],
      ['PUT', `/environments/${UNKNOWN}`, { name: 'ghost', production: false }],
      ['DELETE', `/environments/${UNKNOWN}`],
      ['GET', `/environments/${UNKNOWN}/deployed-versions/currently-deployed`],
      ['GET', `/environments/${UNKNOWN}/released-versions/currently-supported`],
      ['POST', `/pacticipants/Foo/versions/1/deployed-versions/environment/${UNKNOWN}`, {}],
      ['POST', `/pacticipants/Foo/versions/1/released-versions/environment/${UNKNOWN}`, {}],
      ['GET', '/deployed-versions/not-a-uuid'],
      ['GET', '/environments/not-a-uuid'],
    ];
    for (const [method, path, body, headers] of requests) {
      const response = await http(broker.url, method, path, body, headers);
      expect(response.status, `${method} ${path}: ${response.text}`).toBe(404);
      expect(response.headers.get('content-type'), `${method} ${path}`).toMatch(JSON_TYPE);
      expect(typeof response.body.error, `${method} ${path}`).toBe('string');
    }
    // PUT does not create.
    expect((await environments(broker.url)).map((environment) => environment.name)).not.toContain('ghost');
  });

  it('answers 404 to deployments and releases of unknown versions, and does not create them', async () => {
    const test = await environmentNamed(broker.url, 'test');
    for (const kind of ['deployed-versions', 'released-versions']) {
      const response = await http(broker.url, 'POST', `/pacticipants/Foo/versions/404/${kind}/environment/${test.uuid}`, {});
      expect(response.status, kind).toBe(404);
    }
    expect((await http(broker.url, 'POST', `/pacticipants/Nobody/versions/1/deployed-versions/environment/${test.uuid}`, {})).status).toBe(404);
    expect((await get(broker.url, '/pacticipants/Foo/versions/404')).status).toBe(404);
    expect((await get(broker.url, '/pacticipants/Nobody')).status).toBe(404);
  });

  it('answers 404 with the reference body for an unknown pacticipant', async () => {
    const response = await get(broker.url, '/pacticipants/Nobody%20Here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "No pacticipant with name 'Nobody Here' found" });
  });

  it('answers what API Gateway answers for a method a resource does not have and for an unknown path: 404 Not Found', async () => {
    const notFound = { message: 'Not Found' };
    const wrongMethod = await http(broker.url, 'DELETE', `/deployed-versions/${deployedUuid}`);
    expect([wrongMethod.status, wrongMethod.body]).toEqual([404, notFound]);
    const wrongMethodWithBody = await http(broker.url, 'POST', '/environments/' + (await environmentNamed(broker.url, 'test')).uuid, {});
    expect([wrongMethodWithBody.status, wrongMethodWithBody.body]).toEqual([404, notFound]);
    expect((await get(broker.url, `/deployed-versions/${deployedUuid}`)).status).toBe(200);
    const unknown = await get(broker.url, '/no/such/resource');
    expect([unknown.status, unknown.body]).toEqual([404, notFound]);
  });
});

describe('success responses', () => {
  it('answers DELETE with 204 and an empty body, everything else with HAL JSON', async () => {
    const created = await http(broker.url, 'POST', '/environments', { name: 'short-lived', production: false });
    expect(created.status).toBe(201);
    const deleted = await http(broker.url, 'DELETE', `/environments/${created.body.uuid}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    for (const path of ['/', '/environments', `/deployed-versions/${deployedUuid}`, `/released-versions/${releasedUuid}`, '/pacticipants', '/pacticipants/Foo', '/pacticipants/Foo/versions/1']) {
      const response = await get(broker.url, path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe('application/hal+json;charset=utf-8');
    }
  });
});
