/**
 * Webhooks themselves on the in-memory repositories: reading a webhook body (every field problem, the operator's
 * default policy of https and POST), creating, replacing by PUT (201 or 200, the uuid rule, secrets kept), reading,
 * listing with and without a scope, deleting, and the pacticipants a path or body names.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NotFound, ValidationFailed } from '../../../shared/domain/errors.ts';
import { webhookPolicyFrom } from '../../../shared/domain/webhooks/allowlist.ts';
import { REDACTED, redactHeaders, redactPassword, type WebhookDefinition } from '../../../shared/domain/webhooks/definition.ts';
import { MAX_WEBHOOK_BODY_CHARACTERS, readWebhookDefinition } from '../../../shared/http/requests/webhook.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, saveWebhook, scopeFromPath } from '../../../shared/services/webhooks.ts';
import { ensurePacticipant } from '../../../shared/services/pacticipants.ts';
import { memoryContext } from '../../support/memory-repositories.ts';

const policy = webhookPolicyFrom({});
const request = { method: 'POST', url: 'https://hooks.example.org/build' };
const read = (body: Record<string, unknown>) => readWebhookDefinition(body, policy);

/** The field errors a body is refused with (it must be refused). */
function refusal(body: Record<string, unknown>, readPolicy = policy): Record<string, string[]> {
  try {
    readWebhookDefinition(body, readPolicy);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).fieldErrors as Record<string, string[]>;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

describe('readWebhookDefinition', () => {
  it('reads the smallest body: enabled, the default event, no scope', () => {
    expect(read({ request })).toEqual({ enabled: true, events: ['contract_content_changed'], request: { method: 'POST', url: request.url, headers: {} } });
  });

  it('reads everything a full body has', () => {
    const definition = read({
      description: 'Trigger the build',
      consumer: { name: 'Web' },
      provider: { label: 'backend' },
      enabled: false,
      events: [{ name: 'contract_published' }, { name: 'provider_verification_failed' }, { name: 'contract_published' }],
      teamUuid: 'team-1',
      request: { method: 'post', url: request.url, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' }, body: { a: '${pactbroker.consumerName}' }, username: 'u', password: 'p' },
    });
    expect(definition).toEqual({
      description: 'Trigger the build',
      consumer: { name: 'Web' },
      provider: { label: 'backend' },
      enabled: false,
      events: ['contract_published', 'provider_verification_failed'],
      teamUuid: 'team-1',
      request: { method: 'POST', url: request.url, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' }, body: { a: '${pactbroker.consumerName}' }, username: 'u', password: 'p' },
    } satisfies WebhookDefinition);
  });

  it.each([
    ['a string body', 'plain ${pactbroker.consumerName}', 'plain ${pactbroker.consumerName}'],
    ['an array body', [1, 'x'], [1, 'x']],
    ['a false body', false, false],
    ['a zero body', 0, 0],
    ['an empty string body', '', ''],
  ])('keeps %s', (_name, body, expected) => {
    expect(read({ request: { ...request, body } }).request.body).toEqual(expected);
  });

  it.each([
    ['consumer null', { consumer: null }],
    ['provider null', { provider: null }],
    ['events null', { events: null }],
    ['enabled null', { enabled: null }],
    ['body null', { request: { ...request, body: null } }],
  ])('treats %s as absent', (_name, extra) => {
    const definition = read({ request, ...extra });
    expect(definition).not.toHaveProperty('consumer');
    expect(definition).not.toHaveProperty('provider');
    expect(definition.request).not.toHaveProperty('body');
    expect(definition.enabled).toBe(true);
  });

  it.each([
    { name: 'no request', body: {}, field: 'request' },
    { name: 'a null request', body: { request: null }, field: 'request' },
    { name: 'a string request', body: { request: 'https://x' }, field: 'request' },
    { name: 'an array request', body: { request: [request] }, field: 'request' },
    { name: 'no method', body: { request: { url: request.url } }, field: 'request.method' },
    { name: 'a blank method', body: { request: { ...request, method: ' ' } }, field: 'request.method' },
    { name: 'a numeric method', body: { request: { ...request, method: 5 } }, field: 'request.method' },
    { name: 'a method that is no HTTP token', body: { request: { ...request, method: 'Post\r\n' } }, field: 'request.method' },
    { name: 'a method the policy does not allow', body: { request: { ...request, method: 'GET' } }, field: 'request.method' },
    { name: 'no url', body: { request: { method: 'POST' } }, field: 'request.url' },
    { name: 'a blank url', body: { request: { ...request, url: '' } }, field: 'request.url' },
    { name: 'an unparseable url', body: { request: { ...request, url: 'bl ah' } }, field: 'request.url' },
    { name: 'a url without scheme', body: { request: { ...request, url: 'blah' } }, field: 'request.url' },
    { name: 'a url with a templated host', body: { request: { ...request, url: 'https://${pactbroker.consumerName}.example.org/' } }, field: 'request.url' },
    { name: 'a url with a templated port', body: { request: { ...request, url: 'https://example.org:${pactbroker.x}/' } }, field: 'request.url' },
    { name: 'an http url (default policy: https)', body: { request: { ...request, url: 'http://example.org/' } }, field: 'request.url' },
    { name: 'a url to a private address', body: { request: { ...request, url: 'https://10.0.0.1/' } }, field: 'request.url' },
    { name: 'a url to the metadata service', body: { request: { ...request, url: 'https://169.254.169.254/latest' } }, field: 'request.url' },
    { name: 'a url too long', body: { request: { ...request, url: `https://example.org/${'a'.repeat(100_000)}` } }, field: 'request.url' },
    { name: 'headers not an object', body: { request: { ...request, headers: ['a'] } }, field: 'request.headers' },
    { name: 'a bad header name', body: { request: { ...request, headers: { 'Bad Name': 'x' } } }, field: 'request.headers' },
    { name: 'a header value with a newline', body: { request: { ...request, headers: { 'X-A': 'a\r\nInjected: 1' } } }, field: 'request.headers' },
    { name: 'a numeric header value', body: { request: { ...request, headers: { 'X-A': 1 } } }, field: 'request.headers' },
    { name: 'too many headers', body: { request: { ...request, headers: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-${i}`, 'v'])) } }, field: 'request.headers' },
    { name: 'a body too large', body: { request: { ...request, body: 'x'.repeat(MAX_WEBHOOK_BODY_CHARACTERS) } }, field: 'request.body' },
    { name: 'a numeric username', body: { request: { ...request, username: 1 } }, field: 'request.username' },
    { name: 'a numeric password', body: { request: { ...request, password: 1 } }, field: 'request.password' },
    { name: 'a numeric description', body: { request, description: 1 }, field: 'description' },
    { name: 'a numeric teamUuid', body: { request, teamUuid: 1 } , field: 'teamUuid' },
    { name: 'enabled a string', body: { request, enabled: 'true' }, field: 'enabled' },
    { name: 'enabled a number', body: { request, enabled: 1 }, field: 'enabled' },
    { name: 'events not a list', body: { request, events: 'contract_published' }, field: 'events' },
    { name: 'events empty', body: { request, events: [] }, field: 'events' },
    { name: 'an unknown event', body: { request, events: [{ name: 'contract_published' }, { name: 'nope' }] }, field: 'events' },
    { name: 'an event without a name', body: { request, events: [{}] }, field: 'events' },
    { name: 'an event as a bare string', body: { request, events: ['contract_published'] }, field: 'events' },
    { name: 'consumer a string', body: { request, consumer: 'Web' }, field: 'consumer' },
    { name: 'consumer empty', body: { request, consumer: {} }, field: 'consumer.name' },
    { name: 'consumer name and label', body: { request, consumer: { name: 'Web', label: 'ui' } }, field: 'consumer.label' },
    { name: 'consumer name blank', body: { request, consumer: { name: ' ' } }, field: 'consumer.name' },
    { name: 'consumer name not a string', body: { request, consumer: { name: 5 } }, field: 'consumer.name' },
    { name: 'consumer name with a newline', body: { request, consumer: { name: 'a\nb' } }, field: 'consumer.name' },
    { name: 'consumer label blank', body: { request, consumer: { label: '' } }, field: 'consumer.label' },
    { name: 'provider an array', body: { request, provider: ['API'] }, field: 'provider' },
    { name: 'provider name and label', body: { request, provider: { name: 'API', label: 'x' } }, field: 'provider.label' },
    { name: 'provider name blank', body: { request, provider: { name: '' } }, field: 'provider.name' },
    { name: 'provider label too long', body: { request, provider: { label: 'x'.repeat(10_000) } }, field: 'provider.label' },
  ])('refuses $name, naming $field', ({ body, field }) => {
    const errors = refusal(body);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]?.length).toBeGreaterThan(0);
    for (const message of errors[field] ?? []) expect(message).toMatch(/\S/);
  });

  it('the default policy names https and POST in its messages', () => {
    expect(refusal({ request: { ...request, method: 'PUT' } })['request.method']?.[0]).toMatch(/must be POST/);
    expect(refusal({ request: { ...request, url: 'http://example.org' } })['request.url']?.[0]).toMatch(/scheme must be https/);
  });

  it('a wider policy lets GET and http through', () => {
    const wide = webhookPolicyFrom({ PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'POST GET', PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http https' });
    expect(readWebhookDefinition({ request: { method: 'get', url: 'http://example.org/' } }, wide).request).toMatchObject({ method: 'GET', url: 'http://example.org/' });
  });

  it('refuses credentials in the URL (they would be shown and logged with it)', () => {
    expect(Object.keys(refusal({ request: { ...request, url: 'https://ci:s3cret@example.org/build' } }))).toEqual(['request.url']);
    expect(Object.keys(refusal({ request: { ...request, url: 'https://token@example.org/build' } }))).toEqual(['request.url']);
  });

  it('a template parameter in the path and query is fine', () => {
    expect(read({ request: { ...request, url: 'https://example.org/${pactbroker.consumerName}?v=${pactbroker.consumerVersionNumber}' } }).request.url).toContain('${pactbroker.consumerName}');
  });

  it('reports every problem at once', () => {
    const errors = refusal({ request: { method: '', url: '' }, events: [], enabled: 'x', consumer: { name: '' }, provider: {} });
    expect(Object.keys(errors).sort()).toEqual(['consumer.name', 'enabled', 'events', 'provider.name', 'request.method', 'request.url']);
  });

  it('the error message names the field', () => {
    expect(() => read({ request: { ...request, url: 'nope' } })).toThrow(/request\.url/);
    expect(() => read({ request, enabled: 'yes' })).toThrow(/enabled/);
  });

  it('property: any body either reads into a definition whose url and method are allowed, or is refused with ValidationFailed', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
    fc.assert(
      fc.property(
        fc.record(
          {
            request: fc.oneof(value, fc.record({ method: fc.oneof(value, fc.constantFrom('POST', 'post', 'GET')), url: fc.oneof(value, fc.constantFrom('https://example.org/a', 'https://${pactbroker.x}/', 'http://example.org')), headers: value, body: value, username: value, password: value }, { requiredKeys: [] })),
            consumer: fc.oneof(value, fc.record({ name: value, label: value }, { requiredKeys: [] })),
            provider: fc.oneof(value, fc.record({ name: value, label: value }, { requiredKeys: [] })),
            events: fc.oneof(value, fc.array(fc.oneof(value, fc.record({ name: fc.oneof(value, fc.constantFrom('contract_published', 'provider_verification_failed')) })), { maxLength: 3 })),
            enabled: value,
            description: value,
          },
          { requiredKeys: [] },
        ),
        (body) => {
          let definition: WebhookDefinition;
          try {
            definition = read(body);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationFailed);
            expect(Object.keys((error as ValidationFailed).fieldErrors).length).toBeGreaterThan(0);
            return;
          }
          expect(definition.request.method).toBe('POST');
          expect(definition.request.url).toBe('https://example.org/a');
          expect(definition.events.length).toBeGreaterThan(0);
          expect(typeof definition.enabled).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------

async function world() {
  const context = memoryContext();
  for (const name of ['Web', 'API', 'Mobile']) await ensurePacticipant(context, name);
  return context;
}

const definition = (overrides: Partial<WebhookDefinition> = {}): WebhookDefinition => ({
  enabled: true,
  events: ['contract_published'],
  request: { method: 'POST', url: 'https://hooks.example.org/build', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer stored-token' }, username: 'ci', password: 'stored-password' },
  ...overrides,
});

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, readonly string[]>> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationFailed);
  return (error as ValidationFailed).fieldErrors;
}

describe('creating and reading webhooks', () => {
  it('creates with a fresh uuid and reads it back', async () => {
    const context = await world();
    const created = await createWebhook(context, definition({ consumer: { name: 'Web' }, description: 'build' }));
    expect(created).toMatchObject({ consumer: { name: 'Web' }, description: 'build', revision: 1, createdAt: expect.any(String) });
    expect(created.updatedAt).toBeUndefined();
    expect(await getWebhook(context, created.uuid)).toEqual(created);
    const second = await createWebhook(context, definition());
    expect(second.uuid).not.toBe(created.uuid);
  });

  it.each([
    ['consumer', { consumer: { name: 'Nobody' } }, ['consumer.name']],
    ['provider', { provider: { name: 'Nobody' } }, ['provider.name']],
    ['both', { consumer: { name: 'Ghost' }, provider: { name: 'Nobody' } }, ['consumer.name', 'provider.name']],
  ] as const)('a named %s must exist, and nothing is stored', async (_name, scope, fields) => {
    const context = await world();
    const errors = await fieldErrorsOf(createWebhook(context, definition(scope)));
    expect(Object.keys(errors)).toEqual(fields);
    expect(errors[fields[0]]?.[0]).toMatch(/does not match an existing pacticipant/);
    expect(await context.webhooks.list()).toEqual([]);
    // The same for PUT.
    expect(Object.keys(await fieldErrorsOf(saveWebhook(context, 'a'.repeat(22), definition(scope))))).toEqual(fields);
    expect(await context.webhooks.list()).toEqual([]);
  });

  it('a label needs no pacticipant', async () => {
    const context = await world();
    await expect(createWebhook(context, definition({ consumer: { label: 'nobody-has-it' }, provider: { label: 'x' } }))).resolves.toMatchObject({ consumer: { label: 'nobody-has-it' } });
  });

  it('getWebhook: 404 for an unknown uuid', async () => {
    const context = await world();
    await expect(getWebhook(context, 'missing-uuid-0000000')).rejects.toBeInstanceOf(NotFound);
  });
});

describe('saveWebhook (PUT)', () => {
  it('creates with the given uuid (201), then replaces it (200) with a new revision and the first creation time', async () => {
    const context = await world();
    const uuid = 'dCGCl-Ba3PqEFJ_iE9mJkQ';
    const first = await saveWebhook(context, uuid, definition({ description: 'one', consumer: { name: 'Web' } }));
    expect(first.created).toBe(true);
    expect(first.webhook).toMatchObject({ uuid, revision: 1, description: 'one' });
    const second = await saveWebhook(context, uuid, definition({ events: ['provider_verification_failed'], provider: { name: 'API' } }));
    expect(second.created).toBe(false);
    expect(second.webhook).toMatchObject({ uuid, revision: 2, createdAt: first.webhook.createdAt, events: ['provider_verification_failed'], provider: { name: 'API' } });
    expect(second.webhook.updatedAt).toBeDefined();
    // Replaced whole: what the PUT left out is gone.
    expect(second.webhook.description).toBeUndefined();
    expect(second.webhook.consumer).toBeUndefined();
    expect(await getWebhook(context, uuid)).toEqual(second.webhook);
    expect(await context.webhooks.list()).toHaveLength(1);
  });

  it.each(['short', 'a'.repeat(15), 'has space in it 123', 'slash/in/it/abcdefgh', 'a'.repeat(101), '', 'ünïcödé-ünïcödé-ü'])('refuses the uuid %j, storing nothing', async (uuid) => {
    const context = await world();
    expect(Object.keys(await fieldErrorsOf(saveWebhook(context, uuid, definition())))).toEqual(['uuid']);
    expect(await context.webhooks.list()).toEqual([]);
  });

  it('keeps the stored secrets when the PUT sends them masked or leaves the password out', async () => {
    const context = await world();
    const uuid = 'a'.repeat(22);
    const { webhook } = await saveWebhook(context, uuid, definition());
    // What a GET shows, sent back (as `pact-broker create-or-update-webhook` with the shown values would).
    const shown = { ...webhook.request, headers: redactHeaders(webhook.request.headers), password: redactPassword(webhook.request.password ?? '') };
    expect(shown.headers['authorization']).toBe(REDACTED);
    const masked = await saveWebhook(context, uuid, definition({ request: { ...shown, url: 'https://hooks.example.org/new' } }));
    expect(masked.webhook.request).toMatchObject({ url: 'https://hooks.example.org/new', password: 'stored-password', username: 'ci' });
    expect(masked.webhook.request.headers['authorization']).toBe('Bearer stored-token');
    const { password: _dropped, ...withoutPassword } = definition().request;
    const omitted = await saveWebhook(context, uuid, definition({ request: { ...withoutPassword, headers: { Authorization: '' } } }));
    expect(omitted.webhook.request.password).toBe('stored-password');
    expect(omitted.webhook.request.headers).toEqual({ Authorization: 'Bearer stored-token' });
    const replaced = await saveWebhook(context, uuid, definition({ request: { ...definition().request, headers: { Authorization: 'Bearer new' }, password: 'new-password' } }));
    expect(replaced.webhook.request).toMatchObject({ password: 'new-password', headers: { Authorization: 'Bearer new' } });
    expect((await getWebhook(context, uuid)).request.password).toBe('new-password');
  });

  it('refuses masked secrets sent back with a URL on another host, changing nothing (the stored credentials stay with their host)', async () => {
    const context = await world();
    const uuid = 'b'.repeat(22);
    const { webhook } = await saveWebhook(context, uuid, definition());
    const shown = { ...webhook.request, headers: redactHeaders(webhook.request.headers), password: redactPassword(webhook.request.password ?? '') };
    const refused = await saveWebhook(context, uuid, definition({ request: { ...shown, url: 'https://attacker.example.net/collect' } })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationFailed);
    expect(Object.keys((refused as ValidationFailed).fieldErrors).sort()).toEqual(['request.headers', 'request.password']);
    expect(await getWebhook(context, uuid)).toEqual(webhook);
  });

  it('a new webhook with masked secrets stores them as given (nothing to keep)', async () => {
    const context = await world();
    const { webhook } = await saveWebhook(context, 'b'.repeat(22), definition({ request: { method: 'POST', url: 'https://x.example', headers: { Authorization: '***' }, password: '***' } }));
    expect(webhook.request).toMatchObject({ headers: { Authorization: '***' }, password: '***' });
  });
});

describe('listing and deleting', () => {
  async function listed() {
    const context = await world();
    const make = async (name: string, scope: Partial<WebhookDefinition>) => (await createWebhook(context, definition({ description: name, ...scope }))).description;
    await make('all', {});
    await make('Web→API', { consumer: { name: 'Web' }, provider: { name: 'API' } });
    await make('Web→*', { consumer: { name: 'Web' } });
    await make('*→API', { provider: { name: 'API' } });
    await make('label→API', { consumer: { label: 'ui' }, provider: { name: 'API' } });
    await make('Web→label', { consumer: { name: 'Web' }, provider: { label: 'core' } });
    await make('Mobile→API', { consumer: { name: 'Mobile' }, provider: { name: 'API' } });
    await make('labels', { consumer: { label: 'ui' }, provider: { label: 'core' } });
    return context;
  }
  const descriptions = async (context: Awaited<ReturnType<typeof listed>>, scope?: { consumer?: string; provider?: string }) => (await listWebhooks(context, scope)).map((webhook) => webhook.description);

  it.each([
    { scope: undefined, expected: ['all', 'Web→API', 'Web→*', '*→API', 'label→API', 'Web→label', 'Mobile→API', 'labels'] },
    { scope: { consumer: 'Web', provider: 'API' }, expected: ['Web→API'] },
    // One-sided: the other side names no pacticipant (unset or a label), as the reference's `consumer_id IS NULL`.
    { scope: { provider: 'API' }, expected: ['*→API', 'label→API'] },
    { scope: { consumer: 'Web' }, expected: ['Web→*', 'Web→label'] },
    { scope: { consumer: 'Mobile', provider: 'API' }, expected: ['Mobile→API'] },
    { scope: { consumer: 'API', provider: 'Web' }, expected: [] },
    { scope: { consumer: 'Nobody' }, expected: [] },
  ])('scope $scope → $expected, oldest first', async ({ scope, expected }) => {
    expect(await descriptions(await listed(), scope)).toEqual(expected);
  });

  it('lists oldest first even when uuids sort otherwise', async () => {
    const context = memoryContext({ ids: 'random' });
    const made: string[] = [];
    for (let i = 0; i < 8; i += 1) made.push((await createWebhook(context, definition({ description: String(i) }))).uuid);
    expect((await listWebhooks(context)).map((webhook) => webhook.uuid)).toEqual(made);
  });

  it('deletes once; the second delete and a read are 404s', async () => {
    const context = await world();
    const { uuid } = await createWebhook(context, definition());
    const other = await createWebhook(context, definition());
    await deleteWebhook(context, uuid);
    await expect(deleteWebhook(context, uuid)).rejects.toBeInstanceOf(NotFound);
    await expect(getWebhook(context, uuid)).rejects.toBeInstanceOf(NotFound);
    await expect(deleteWebhook(context, 'never-existed-000000')).rejects.toBeInstanceOf(NotFound);
    expect((await listWebhooks(context)).map((webhook) => webhook.uuid)).toEqual([other.uuid]);
  });
});

describe('scopeFromPath', () => {
  it.each([
    [{ consumer: 'Nobody', provider: 'API' }],
    [{ consumer: 'Web', provider: 'Nobody' }],
    [{ provider: 'Nobody' }],
    [{ consumer: 'Nobody' }],
  ])('404 when the path names a missing pacticipant: %j', async (path) => {
    const context = await world();
    await expect(scopeFromPath(context, definition(), path)).rejects.toBeInstanceOf(NotFound);
  });

  it.each([
    { name: 'the path fills both sides', body: {}, path: { consumer: 'Web', provider: 'API' }, expected: { consumer: { name: 'Web' }, provider: { name: 'API' } } },
    { name: 'provider only', body: {}, path: { provider: 'API' }, expected: { provider: { name: 'API' } } },
    { name: 'consumer only', body: {}, path: { consumer: 'Web' }, expected: { consumer: { name: 'Web' } } },
    { name: 'a body name wins over the path', body: { consumer: { name: 'Mobile' } }, path: { consumer: 'Web', provider: 'API' }, expected: { consumer: { name: 'Mobile' }, provider: { name: 'API' } } },
    { name: 'a body label wins over the path', body: { provider: { label: 'core' } }, path: { consumer: 'Web', provider: 'API' }, expected: { consumer: { name: 'Web' }, provider: { label: 'core' } } },
    { name: 'no path: unchanged', body: { consumer: { name: 'Web' } }, path: {}, expected: { consumer: { name: 'Web' } } },
  ])('$name', async ({ body, path, expected }) => {
    const context = await world();
    const scoped = await scopeFromPath(context, definition(body), path);
    expect({ consumer: scoped.consumer, provider: scoped.provider }).toEqual({ consumer: undefined, provider: undefined, ...expected });
    // And creating it checks the body's names (the path's were checked already).
    await expect(createWebhook(context, scoped)).resolves.toMatchObject(expected);
  });

  it('a body name that does not exist is still refused at creation (consumer.name)', async () => {
    const context = await world();
    const scoped = await scopeFromPath(context, definition({ consumer: { name: 'Ghost' } }), { consumer: 'Web', provider: 'API' });
    expect(Object.keys(await fieldErrorsOf(createWebhook(context, scoped)))).toEqual(['consumer.name']);
  });
});
