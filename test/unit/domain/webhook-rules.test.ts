/**
 * The pure webhook rules: which events a publication or a verification fires, the retry schedule, which webhooks an
 * event runs, how secrets are shown and kept, the `${pactbroker.*}` values and how a request is rendered with them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RETRY_SCHEDULE,
  MAX_QUEUE_DELAY_SECONDS,
  deliveredStatus,
  nextAttemptDelay,
  pactPublicationEvents,
  parseRetrySchedule,
  queueDelaySeconds,
  verificationEvents,
  type PactPublicationFacts,
  type RequiredProviderVersion,
} from '../../../shared/domain/webhooks/events.ts';
import {
  REDACTED,
  WEBHOOK_EVENT_NAMES,
  WEBHOOK_UUID,
  keepStoredSecrets,
  secretsToResend,
  redactHeaderValue,
  redactHeaders,
  redactPassword,
  redactSecrets,
  secretsOf,
  webhookMatches,
  type PacticipantScope,
  type Webhook,
  type WebhookEventName,
  type WebhookParties,
  type WebhookRequestTemplate,
} from '../../../shared/domain/webhooks/definition.ts';
import { TEMPLATE_PARAMETERS, formEncode, renderWebhookRequest, templateValues, usesTemplateParameter, type TemplateFacts } from '../../../shared/domain/webhooks/template.ts';

const SHA = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const required: RequiredProviderVersion[] = [{ number: 'p1', branch: 'main', descriptions: ['latest from main branch'] }];

describe('pactPublicationEvents', () => {
  const facts = (overrides: Partial<PactPublicationFacts>): PactPublicationFacts => ({ outcome: 'created', previousShas: [], sha: SHA, requiredProviderVersions: [], ...overrides });

  // Every outcome × the previous pacts of the version's tags (or of untagged versions) × whether a provider version still has to verify.
  const previousCases: { name: string; previousShas: (string | null)[]; changedWhenCreated: boolean }[] = [
    { name: 'no previous pact looked up', previousShas: [], changedWhenCreated: true },
    { name: 'no previous pact (first untagged, or first for the tag)', previousShas: [null], changedWhenCreated: true },
    { name: 'the previous pact has the same content', previousShas: [SHA], changedWhenCreated: false },
    { name: 'the previous pact has other content', previousShas: [OTHER], changedWhenCreated: true },
    { name: 'two tags, both the same content', previousShas: [SHA, SHA], changedWhenCreated: false },
    { name: 'two tags, one first for its tag', previousShas: [SHA, null], changedWhenCreated: true },
    { name: 'two tags, one with other content', previousShas: [OTHER, SHA], changedWhenCreated: true },
    { name: 'two tags, neither with a previous pact', previousShas: [null, null], changedWhenCreated: true },
  ];
  const cases = (['created', 'changed', 'unchanged'] as const).flatMap((outcome) =>
    previousCases.flatMap((previous) =>
      [[], required].map((requiredProviderVersions) => {
        const changed = outcome === 'changed' || (outcome === 'created' && previous.changedWhenCreated);
        const expected: WebhookEventName[] = ['contract_published'];
        if (requiredProviderVersions.length > 0) expected.push('contract_requiring_verification_published');
        if (changed) expected.push('contract_content_changed');
        return { outcome, previous: previous.name, previousShas: previous.previousShas, requiredProviderVersions, required: requiredProviderVersions.length, expected };
      }),
    ),
  );

  it.each(cases)('$outcome, $previous, $required provider versions to verify → $expected', ({ outcome, previousShas, requiredProviderVersions, expected }) => {
    expect(pactPublicationEvents(facts({ outcome, previousShas, requiredProviderVersions }))).toEqual(expected);
  });

  it('names are always in the reference order and never repeated', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('created' as const, 'changed' as const, 'unchanged' as const),
        fc.array(fc.option(fc.constantFrom(SHA, OTHER), { nil: null }), { maxLength: 4 }),
        fc.boolean(),
        (outcome, previousShas, needsVerification) => {
          const names = pactPublicationEvents(facts({ outcome, previousShas, requiredProviderVersions: needsVerification ? required : [] }));
          const order: WebhookEventName[] = ['contract_published', 'contract_requiring_verification_published', 'contract_content_changed'];
          expect(names[0]).toBe('contract_published');
          expect(new Set(names).size).toBe(names.length);
          expect([...names].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(names);
          expect(names.includes('contract_requiring_verification_published')).toBe(needsVerification);
          if (outcome === 'unchanged') expect(names).not.toContain('contract_content_changed');
          if (outcome === 'changed') expect(names).toContain('contract_content_changed');
        },
      ),
    );
  });
});

describe('verificationEvents', () => {
  it.each([
    [true, ['provider_verification_published', 'provider_verification_succeeded']],
    [false, ['provider_verification_published', 'provider_verification_failed']],
  ])('success %s → %j', (success, expected) => {
    expect(verificationEvents(success)).toEqual(expected);
  });
});

describe('the retry schedule', () => {
  it.each([
    [undefined, DEFAULT_RETRY_SCHEDULE],
    ['', DEFAULT_RETRY_SCHEDULE],
    ['   ', DEFAULT_RETRY_SCHEDULE],
    ['5', [5]],
    ['0', [0]],
    [' 1  2\t3 ', [1, 2, 3]],
    ['10 60 120 300 600 1200', [10, 60, 120, 300, 600, 1200]],
  ])('parseRetrySchedule(%j) → %j', (raw, expected) => {
    expect(parseRetrySchedule(raw)).toEqual(expected);
  });

  it('defaults to the reference schedule: 7 attempts', () => {
    expect(DEFAULT_RETRY_SCHEDULE).toEqual([10, 60, 120, 300, 600, 1200]);
  });

  it.each(['abc', '10,60', '-1', '1.5', '10 x', 'Infinity', 'NaN', '1e400'])('parseRetrySchedule(%j) throws, naming the setting', (raw) => {
    expect(() => parseRetrySchedule(raw)).toThrow(/PACT_BROKER_WEBHOOK_RETRY_SCHEDULE/);
  });

  it.each([
    [DEFAULT_RETRY_SCHEDULE, 1, 10],
    [DEFAULT_RETRY_SCHEDULE, 2, 60],
    [DEFAULT_RETRY_SCHEDULE, 6, 1200],
    [DEFAULT_RETRY_SCHEDULE, 7, undefined],
    [DEFAULT_RETRY_SCHEDULE, 8, undefined],
    [[], 1, undefined],
    [[0], 1, 0],
    [[0], 2, undefined],
  ] as const)('nextAttemptDelay(%j, failed attempt %i) → %s', (schedule, failed, expected) => {
    expect(nextAttemptDelay(schedule, failed)).toBe(expected);
  });

  it('a schedule of n entries gives exactly n + 1 attempts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5000), { maxLength: 10 }), (schedule) => {
        let attempts = 1;
        while (nextAttemptDelay(schedule, attempts) !== undefined) attempts += 1;
        expect(attempts).toBe(schedule.length + 1);
      }),
    );
  });

  it.each([
    [1000, 1000, 0],
    [1000, 5000, 0],
    [1001, 1000, 1],
    [11_000, 1000, 10],
    [10_500, 1000, 10],
    [1000 + 900_000, 1000, 900],
    [1000 + 3_600_000, 1000, MAX_QUEUE_DELAY_SECONDS],
  ])('queueDelaySeconds(due %i, now %i) → %i', (dueAt, now, expected) => {
    expect(queueDelaySeconds(dueAt, now)).toBe(expected);
  });

  it('queue delays are whole seconds within SQS bounds, and never early', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: -(2 ** 32), max: 2 ** 32 }), (now, offset) => {
        const delay = queueDelaySeconds(now + offset, now);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(MAX_QUEUE_DELAY_SECONDS);
        if (offset > 0 && offset <= MAX_QUEUE_DELAY_SECONDS * 1000) expect(delay * 1000).toBeGreaterThanOrEqual(offset);
      }),
    );
  });

  it.each([
    [199, false],
    [200, true],
    [204, true],
    [206, true],
    [299, true],
    [300, false],
    [302, false],
    [404, false],
    [500, false],
  ])('status %i delivered: %s', (status, expected) => {
    expect(deliveredStatus(status)).toBe(expected);
  });
});

describe('webhookMatches', () => {
  const webhook = (consumer: PacticipantScope | undefined, provider: PacticipantScope | undefined, events: WebhookEventName[] = ['contract_published'], enabled = true): Webhook => ({
    uuid: 'u'.repeat(22),
    ...(consumer === undefined ? {} : { consumer }),
    ...(provider === undefined ? {} : { provider }),
    enabled,
    events,
    request: { method: 'POST', url: 'https://example.org', headers: {} },
    createdAt: '2026-01-01T00:00:00.000Z',
    revision: 1,
  });
  const parties: WebhookParties = { consumer: { name: 'Web', labels: ['frontend'] }, provider: { name: 'API', labels: ['backend', 'core'] } };

  const scopes = {
    unset: undefined,
    'the name': { name: 'Web' },
    'another name': { name: 'Mobile' },
    'a label it has': { label: 'frontend' },
    'a label it lacks': { label: 'backend' },
  } as const;
  const providerScopes = {
    unset: undefined,
    'the name': { name: 'API' },
    'another name': { name: 'Billing' },
    'a label it has': { label: 'core' },
    'a label it lacks': { label: 'frontend' },
  } as const;
  const sideMatches = (name: string) => name === 'unset' || name === 'the name' || name === 'a label it has';
  const cases = Object.entries(scopes).flatMap(([consumerName, consumer]) =>
    Object.entries(providerScopes).map(([providerName, provider]) => ({ consumerName, providerName, consumer, provider, expected: sideMatches(consumerName) && sideMatches(providerName) })),
  );

  it.each(cases)('consumer $consumerName, provider $providerName → $expected', ({ consumer, provider, expected }) => {
    expect(webhookMatches(webhook(consumer, provider), 'contract_published', parties)).toBe(expected);
  });

  it('names are compared exactly (case and whitespace matter)', () => {
    expect(webhookMatches(webhook({ name: 'web' }, undefined), 'contract_published', parties)).toBe(false);
    expect(webhookMatches(webhook({ name: 'Web ' }, undefined), 'contract_published', parties)).toBe(false);
    expect(webhookMatches(webhook(undefined, { label: 'Core' }), 'contract_published', parties)).toBe(false);
  });

  it('a disabled webhook matches nothing', () => {
    for (const name of WEBHOOK_EVENT_NAMES) expect(webhookMatches(webhook(undefined, undefined, [...WEBHOOK_EVENT_NAMES], false), name, parties)).toBe(false);
  });

  it.each(WEBHOOK_EVENT_NAMES.flatMap((listened) => WEBHOOK_EVENT_NAMES.map((fired) => ({ listened, fired }))))('listening to $listened, fired $fired', ({ listened, fired }) => {
    expect(webhookMatches(webhook(undefined, undefined, [listened]), fired, parties)).toBe(listened === fired);
  });

  it('a webhook with several events matches each of them', () => {
    const both = webhook({ name: 'Web' }, { name: 'API' }, ['contract_published', 'provider_verification_failed']);
    expect(WEBHOOK_EVENT_NAMES.filter((name) => webhookMatches(both, name, parties))).toEqual(['contract_published', 'provider_verification_failed']);
  });
});

describe('WEBHOOK_UUID', () => {
  it.each([
    ['a'.repeat(16), true],
    ['dCGCl-Ba3PqEFJ_iE9mJkQ', true],
    ['a'.repeat(100), true],
    ['a'.repeat(15), false],
    ['a'.repeat(101), false],
    ['abcdefghijklmnop!', false],
    ['abcdefghijklmnop/', false],
    ['abcdefgh ijklmnop', false],
    ['abcdefghijklmnop\n', false],
  ])('%j → %s', (uuid, valid) => {
    expect(WEBHOOK_UUID.test(uuid)).toBe(valid);
  });
});

describe('redaction', () => {
  it.each([
    ['Authorization', 'Bearer abc', REDACTED],
    ['authorization', 'Basic dXNlcjpwYXNz', REDACTED],
    ['X-Auth-Token', 'abc', REDACTED],
    ['token', 'abc', REDACTED],
    ['X-Api-Key', 'abc', REDACTED],
    ['x-apikey', 'abc', REDACTED],
    ['api_key', 'abc', REDACTED],
    ['Cookie', 'session=1', REDACTED],
    ['X-Secret', 'abc', REDACTED],
    ['X-Password', 'abc', REDACTED],
    ['Authorization', 'Bearer ${pactbroker.consumerName}', 'Bearer ${pactbroker.consumerName}'],
    ['Content-Type', 'application/json', 'application/json'],
    ['Accept', 'Bearer abc', 'Bearer abc'],
    ['X-Custom', '${pactbroker.pactUrl}', '${pactbroker.pactUrl}'],
  ])('redactHeaderValue(%j, %j) → %j', (name, value, expected) => {
    expect(redactHeaderValue(name, value)).toBe(expected);
  });

  it('a credential header is masked whatever its value, unless the value holds a template parameter', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(redactHeaderValue('Authorization', value)).toBe(usesTemplateParameter(value) ? value : REDACTED);
      }),
    );
  });

  it('redactHeaders lower-cases names and masks only credentials', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', 'Content-Type': 'application/json', 'X-Token': '${pactbroker.consumerName}' })).toEqual({
      authorization: REDACTED,
      'content-type': 'application/json',
      'x-token': '${pactbroker.consumerName}',
    });
  });

  it.each([
    ['secret', REDACTED],
    ['', REDACTED],
    ['${pactbroker.consumerName}', '${pactbroker.consumerName}'],
    ['pre-${pactbroker.providerName}-post', 'pre-${pactbroker.providerName}-post'],
    ['${pactbroker.}', REDACTED],
    ['${user.secret}', REDACTED],
  ])('redactPassword(%j) → %j', (password, expected) => {
    expect(redactPassword(password)).toBe(expected);
  });

  it.each([
    ['token abc123 and abc123 again', ['abc123'], `token ${REDACTED} and ${REDACTED} again`],
    ['short abc stays', ['abc'], 'short abc stays'],
    ['nothing', [], 'nothing'],
    ['Bearer s3cr3t!', ['Bearer s3cr3t!', 's3cr3t!'], REDACTED],
    ['a s3cr3t! b', ['Bearer s3cr3t!', 's3cr3t!'], `a ${REDACTED} b`],
    ['regex chars .*+? are literal', ['.*+?'], `regex chars ${REDACTED} are literal`],
  ])('redactSecrets(%j, %j) → %j', (text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });

  it('no secret of 4 characters or more survives redaction, wherever it appears', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 20 }).filter((secret) => !REDACTED.includes(secret) && !secret.includes('*')), fc.string(), fc.string(), (secret, before, after) => {
        expect(redactSecrets(`${before}${secret}${after}`, [secret])).not.toContain(secret);
      }),
    );
  });

  it('secretsOf: credential header values, a bearer token alone, the password and its Basic form', () => {
    const secrets = secretsOf({ headers: { Authorization: 'Bearer t0ken-value', 'Content-Type': 'application/json', 'X-Api-Key': 'k3y' }, username: 'user', password: 'p4ssword' });
    expect(secrets).toEqual(['Bearer t0ken-value', 't0ken-value', 'k3y', 'p4ssword', Buffer.from('user:p4ssword').toString('base64')]);
    expect(secretsOf({ headers: {} })).toEqual([]);
    expect(secretsOf({ headers: {}, username: 'user', password: '' })).toEqual([]);
    expect(secretsOf({ headers: {}, password: 'pw12' })).toEqual(['pw12', Buffer.from(':pw12').toString('base64')]);
  });

  it('the Basic header a rendered request sends is among the secrets', () => {
    const template: WebhookRequestTemplate = { method: 'POST', url: 'https://example.org', headers: {}, username: 'me', password: 'hunter22' };
    const rendered = renderWebhookRequest(template, {});
    const header = rendered.headers['authorization'] ?? '';
    expect(redactSecrets(header, secretsOf(template))).not.toContain(Buffer.from('me:hunter22').toString('base64'));
  });
});

describe('secrets and another origin', () => {
  const stored: WebhookRequestTemplate = { method: 'POST', url: 'https://ci.example.org/build', headers: { Authorization: 'Bearer stored' }, username: 'u', password: 'stored-password' };
  it.each([
    { name: 'same origin, masked', next: { url: 'https://ci.example.org/other', password: '***', headers: { authorization: '**********' } }, resend: [], password: 'stored-password' },
    { name: 'another host, masked password', next: { url: 'https://evil.example.net/build', password: '***', headers: {} }, resend: ['request.password'], password: '***' },
    { name: 'another port, masked header', next: { url: 'https://ci.example.org:8443/build', headers: { Authorization: '**********' } }, resend: ['request.headers'], password: undefined },
    { name: 'another scheme', next: { url: 'http://ci.example.org/build', password: '*', headers: {} }, resend: ['request.password'], password: '*' },
    { name: 'another host, secrets given again', next: { url: 'https://evil.example.net/build', password: 'new', headers: { Authorization: 'Bearer new' } }, resend: [], password: 'new' },
    { name: 'another host, password omitted (none sent)', next: { url: 'https://evil.example.net/build', headers: {} }, resend: [], password: undefined },
  ])('$name', ({ next, resend, password }) => {
    const request = { method: 'POST', ...next } as WebhookRequestTemplate;
    expect(secretsToResend(request, stored)).toEqual(resend);
    expect(keepStoredSecrets(request, stored).password).toBe(password);
  });
});

describe('keepStoredSecrets', () => {
  const stored: WebhookRequestTemplate = {
    method: 'POST',
    url: 'https://old.example.org',
    headers: { Authorization: 'Bearer stored', 'X-Token': 'tok', 'Content-Type': 'application/json' },
    username: 'user',
    password: 'stored-password',
  };
  const next = (overrides: Partial<WebhookRequestTemplate>): WebhookRequestTemplate => ({ method: 'POST', url: 'https://old.example.org/new-path', headers: {}, ...overrides });

  it.each([
    { name: 'password omitted', given: next({}), password: 'stored-password' },
    { name: 'password only *s', given: next({ password: '**********' }), password: 'stored-password' },
    { name: 'password empty', given: next({ password: '' }), password: 'stored-password' },
    { name: 'password one *', given: next({ password: '*' }), password: 'stored-password' },
    { name: 'new password', given: next({ password: 'new-password' }), password: 'new-password' },
    { name: 'password with a *', given: next({ password: 'a*' }), password: 'a*' },
    { name: 'templated password', given: next({ password: '${pactbroker.consumerName}' }), password: '${pactbroker.consumerName}' },
  ])('$name → $password', ({ given, password }) => {
    const kept = keepStoredSecrets(given, stored);
    expect(kept.password).toBe(password);
    expect(kept.url).toBe('https://old.example.org/new-path');
  });

  it('no password stored and none given: none', () => {
    const kept = keepStoredSecrets(next({ password: '***' }), { ...stored, password: undefined as unknown as string });
    expect(kept.password).toBe('***');
    const none = keepStoredSecrets(next({}), { method: 'POST', url: 'https://x', headers: {} });
    expect('password' in none).toBe(false);
  });

  it('a masked or empty header keeps the stored value, names compared case-insensitively; others are replaced or dropped', () => {
    const kept = keepStoredSecrets(next({ headers: { authorization: '**********', 'x-TOKEN': '', 'Content-Type': 'text/plain', 'X-New': '***' } }), stored);
    expect(kept.headers).toEqual({ authorization: 'Bearer stored', 'x-TOKEN': 'tok', 'Content-Type': 'text/plain', 'X-New': '***' });
  });

  it('a new header value replaces the stored one; a header left out is gone', () => {
    expect(keepStoredSecrets(next({ headers: { Authorization: 'Bearer new' } }), stored).headers).toEqual({ Authorization: 'Bearer new' });
  });

  it('what keepStoredSecrets gets back from the masked form is the stored request', () => {
    const shown: WebhookRequestTemplate = { ...stored, headers: redactHeaders(stored.headers), password: redactPassword(stored.password ?? '') };
    const kept = keepStoredSecrets(shown, stored);
    expect(kept.password).toBe(stored.password);
    expect(Object.fromEntries(Object.entries(kept.headers).map(([name, value]) => [name.toLowerCase(), value]))).toEqual({
      authorization: 'Bearer stored',
      'x-token': 'tok',
      'content-type': 'application/json',
    });
  });
});

describe('templateValues', () => {
  const base: TemplateFacts = {
    eventName: 'contract_published',
    consumer: { name: 'Web', labels: ['frontend', 'ui'] },
    provider: { name: 'API', labels: [] },
    consumerVersion: { number: '1.0.0', tags: ['dev', 'rc'], branch: 'feat/x' },
    pactUrl: 'https://broker/pacts/provider/API/consumer/Web/pact-version/abc',
    buildUrl: 'https://ci/1',
  };
  const verification = { url: 'https://broker/…/verification-results/3', success: true, providerVersion: 'p9', providerVersionTags: ['prod', 'stable'], providerVersionBranch: 'main' };

  it('gives every documented parameter, in the reference order', () => {
    expect(Object.keys(templateValues(base))).toEqual([...TEMPLATE_PARAMETERS]);
    expect(TEMPLATE_PARAMETERS).toEqual([
      'consumerName',
      'providerName',
      'consumerVersionNumber',
      'providerVersionNumber',
      'providerVersionTags',
      'providerVersionDescriptions',
      'providerVersionBranch',
      'consumerVersionTags',
      'consumerVersionBranch',
      'pactUrl',
      'verificationResultUrl',
      'githubVerificationStatus',
      'bitbucketVerificationStatus',
      'azureDevOpsVerificationStatus',
      'gitlabVerificationStatus',
      'consumerLabels',
      'providerLabels',
      'eventName',
      'buildUrl',
    ]);
  });

  it('without a verification: pending statuses, empty provider values', () => {
    expect(templateValues(base)).toEqual({
      consumerName: 'Web',
      providerName: 'API',
      consumerVersionNumber: '1.0.0',
      providerVersionNumber: '',
      providerVersionTags: '',
      providerVersionDescriptions: '',
      providerVersionBranch: '',
      consumerVersionTags: 'dev, rc',
      consumerVersionBranch: 'feat/x',
      pactUrl: 'https://broker/pacts/provider/API/consumer/Web/pact-version/abc',
      verificationResultUrl: '',
      githubVerificationStatus: 'pending',
      bitbucketVerificationStatus: 'INPROGRESS',
      azureDevOpsVerificationStatus: 'pending',
      gitlabVerificationStatus: 'pending',
      consumerLabels: 'frontend, ui',
      providerLabels: '',
      eventName: 'contract_published',
      buildUrl: 'https://ci/1',
    });
  });

  it.each([
    [true, { githubVerificationStatus: 'success', bitbucketVerificationStatus: 'SUCCESSFUL', azureDevOpsVerificationStatus: 'succeeded', gitlabVerificationStatus: 'success' }],
    [false, { githubVerificationStatus: 'failure', bitbucketVerificationStatus: 'FAILED', azureDevOpsVerificationStatus: 'failed', gitlabVerificationStatus: 'failed' }],
  ])('a verification with success %s: statuses %j, and its provider version', (success, statuses) => {
    expect(templateValues({ ...base, eventName: 'provider_verification_published', verification: { ...verification, success } })).toMatchObject({
      ...statuses,
      providerVersionNumber: 'p9',
      providerVersionTags: 'prod, stable',
      providerVersionBranch: 'main',
      verificationResultUrl: verification.url,
      providerVersionDescriptions: '',
      eventName: 'provider_verification_published',
    });
  });

  it('contract_requiring_verification_published: the required provider version wins; tags and statuses still come from the latest verification', () => {
    const values = templateValues({
      ...base,
      eventName: 'contract_requiring_verification_published',
      verification: { ...verification, success: false },
      requiredProviderVersion: { number: 'p10', branch: 'main', descriptions: ['latest from main branch', 'deployed in production'] },
    });
    expect(values).toMatchObject({
      providerVersionNumber: 'p10',
      providerVersionBranch: 'main',
      providerVersionDescriptions: 'latest from main branch, deployed in production',
      providerVersionTags: 'prod, stable',
      githubVerificationStatus: 'failure',
      verificationResultUrl: verification.url,
    });
  });

  it('contract_requiring_verification_published with a provider version of no branch: its branch is empty, not the verification’s', () => {
    const values = templateValues({ ...base, verification, requiredProviderVersion: { number: 'p3', descriptions: ['deployed in test'] } });
    expect(values.providerVersionBranch).toBe('');
    expect(values.providerVersionNumber).toBe('p3');
    expect(values.providerVersionDescriptions).toBe('deployed in test');
  });

  it('absent facts are empty strings, never "undefined"', () => {
    const values = templateValues({ eventName: 'test', consumer: { name: 'C', labels: [] }, provider: { name: 'P', labels: [] }, pactUrl: '' });
    for (const [name, value] of Object.entries(values)) {
      expect(typeof value, name).toBe('string');
      expect(value, name).not.toMatch(/undefined|null/);
    }
    expect(values.consumerVersionNumber).toBe('');
    expect(values.consumerVersionTags).toBe('');
    expect(values.consumerVersionBranch).toBe('');
    expect(values.buildUrl).toBe('');
  });
});

describe('renderWebhookRequest', () => {
  const values = templateValues({
    eventName: 'contract_content_changed',
    consumer: { name: 'Web App', labels: [] },
    provider: { name: 'API/v2', labels: [] },
    consumerVersion: { number: '1.0.0+build.1', tags: ['a&b'], branch: 'feat/x' },
    pactUrl: 'https://broker.example/pacts/provider/API%2Fv2/consumer/Web%20App/pact-version/abc',
  } as TemplateFacts);
  const template = (overrides: Partial<WebhookRequestTemplate>): WebhookRequestTemplate => ({ method: 'post', url: 'https://hooks.example.org/x', headers: {}, ...overrides });

  it.each([
    ['space', 'a b', 'a+b'],
    ['slash, colon, query', 'https://x/y?z=1&w=2', 'https%3A%2F%2Fx%2Fy%3Fz%3D1%26w%3D2'],
    ['comma, at, plus', 'a,b@c+d', 'a%2Cb%40c%2Bd'],
    ['kept as they are', 'Az09*-._', 'Az09*-._'],
    ['reserved by encodeURIComponent but not by form encoding', "!'()~", '%21%27%28%29%7E'],
    ['unicode', 'é', '%C3%A9'],
    ['astral', '😀', '%F0%9F%98%80'],
    ['a lone surrogate (from a JSON body) does not throw', 'a\ud800b', 'a%EF%BF%BDb'],
  ])('formEncode: %s', (_name, value, encoded) => {
    expect(formEncode(value)).toBe(encoded);
  });

  it('URL values are form encoded', () => {
    const rendered = renderWebhookRequest(template({ url: 'https://hooks.example.org/build/${pactbroker.consumerName}?url=${pactbroker.pactUrl}&v=${pactbroker.consumerVersionNumber}&b=${pactbroker.consumerVersionBranch}' }), values);
    expect(rendered.url).toBe(
      'https://hooks.example.org/build/Web+App?url=https%3A%2F%2Fbroker.example%2Fpacts%2Fprovider%2FAPI%252Fv2%2Fconsumer%2FWeb%2520App%2Fpact-version%2Fabc&v=1.0.0%2Bbuild.1&b=feat%2Fx',
    );
    expect(rendered.method).toBe('POST');
  });

  it('a URL value can never add a query parameter or path segment', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\ud800', '\udfff', '\ud83d'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) }), (name) => {
        const rendered = renderWebhookRequest(template({ url: 'https://hooks.example.org/x/${pactbroker.consumerName}?name=${pactbroker.consumerName}' }), { ...values, consumerName: name });
        const url = new URL(rendered.url);
        expect(url.pathname).toBe(`/x/${formEncode(name)}`);
        expect(url.pathname.split('/')).toHaveLength(3);
        expect([...url.searchParams.keys()]).toEqual(['name']);
        // Form decoding gives the value back (a lone surrogate as U+FFFD).
        expect(url.searchParams.get('name')).toBe(name.toWellFormed());
      }),
      { numRuns: 200 },
    );
  });

  it('JSON body values are JSON-escaped, so quotes and newlines never break the document', () => {
    const hostile = { ...values, consumerName: 'say "hi"\n\\ and }', providerName: '</script>\u2028' };
    const rendered = renderWebhookRequest(template({ body: { text: '${pactbroker.consumerName} → ${pactbroker.providerName}', nested: [{ name: '${pactbroker.consumerName}' }] } }), hostile);
    expect(JSON.parse(rendered.body ?? '')).toEqual({ text: 'say "hi"\n\\ and } → </script>\u2028', nested: [{ name: 'say "hi"\n\\ and }' }] });
    expect(rendered.headers['content-type']).toBe('application/json');
  });

  it('property: for any consumer name, parsing the rendered JSON body gives the name back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (name, branch) => {
        const rendered = renderWebhookRequest(
          template({ body: { consumer: '${pactbroker.consumerName}', both: '${pactbroker.consumerName}/${pactbroker.consumerVersionBranch}', '${pactbroker.consumerName}': 1, list: ['${pactbroker.consumerName}', 2, null, true] } }),
          { ...values, consumerName: name, consumerVersionBranch: branch },
        );
        const parsed = JSON.parse(rendered.body ?? '') as Record<string, unknown>;
        // A lone surrogate comes back as itself: JSON.stringify escapes it (\udXXX).
        expect(parsed['consumer']).toBe(name);
        expect(parsed['both']).toBe(`${name}/${branch}`);
        expect(parsed[name]).toBe(1);
        expect(parsed['list']).toEqual([name, 2, null, true]);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['an object', { a: 1 }],
    ['an array', ['${pactbroker.consumerName}']],
    ['a number', 5],
    ['true', true],
    ['false', false],
  ])('a JSON body (%s) is sent as JSON with a content type', (_name, body) => {
    const rendered = renderWebhookRequest(template({ body }), values);
    expect(rendered.headers['content-type']).toBe('application/json');
    expect(JSON.parse(rendered.body ?? 'null')).toEqual(JSON.parse(JSON.stringify(body).replace('${pactbroker.consumerName}', 'Web App')));
  });

  it('a content type given (any case) is kept for a JSON body', () => {
    const rendered = renderWebhookRequest(template({ headers: { 'Content-Type': 'application/vnd.custom+json' }, body: { a: 1 } }), values);
    expect(rendered.headers).toEqual({ 'content-type': 'application/vnd.custom+json' });
  });

  it('a string body is sent raw, with no content type added', () => {
    const rendered = renderWebhookRequest(template({ body: 'name=${pactbroker.consumerName}&"x"' }), { ...values, consumerName: 'a "b"\n' });
    expect(rendered.body).toBe('name=a "b"\n&"x"');
    expect(rendered.headers['content-type']).toBeUndefined();
  });

  it('no body: none sent, no content type', () => {
    const rendered = renderWebhookRequest(template({}), values);
    expect('body' in rendered).toBe(false);
    expect(rendered.headers).toEqual({});
    expect(renderWebhookRequest(template({ body: null }), values)).not.toHaveProperty('body');
  });

  it('unknown parameters stay as they are, in the URL, headers and body', () => {
    const rendered = renderWebhookRequest(
      template({ url: 'https://hooks.example.org/${pactbroker.foo}/${pactbroker.consumerName}', headers: { 'X-A': '${pactbroker.foo}', 'X-B': '${user.secret}' }, body: { a: '${pactbroker.foo} ${pactbroker.toString} ${pactbroker.__proto__}' } }),
      values,
    );
    expect(rendered.url).toBe('https://hooks.example.org/${pactbroker.foo}/Web+App');
    expect(rendered.headers).toMatchObject({ 'x-a': '${pactbroker.foo}', 'x-b': '${user.secret}' });
    expect(JSON.parse(rendered.body ?? '')).toEqual({ a: '${pactbroker.foo} ${pactbroker.toString} ${pactbroker.__proto__}' });
  });

  it('every known parameter is replaced everywhere it appears', () => {
    const all = TEMPLATE_PARAMETERS.map((name) => `\${pactbroker.${name}}`).join('|');
    const rendered = renderWebhookRequest(template({ headers: { 'X-All': all }, body: `${all}${all}` }), values);
    expect(rendered.headers['x-all']).toBe(TEMPLATE_PARAMETERS.map((name) => values[name]).join('|'));
    expect(rendered.body).not.toContain('${pactbroker.');
  });

  it('header names are lower-cased; header values are substituted raw', () => {
    const rendered = renderWebhookRequest(template({ headers: { 'X-Consumer': '${pactbroker.consumerName}', Authorization: 'Bearer ${pactbroker.consumerVersionTags}' } }), values);
    expect(rendered.headers).toEqual({ 'x-consumer': 'Web App', authorization: 'Bearer a&b' });
  });

  it.each([
    ['username and password', { username: 'user', password: 'pa:ss' }, 'user:pa:ss'],
    ['password only', { password: 'secret' }, ':secret'],
    ['username only', { username: 'user' }, 'user:'],
    ['templated', { username: '${pactbroker.consumerName}', password: '${pactbroker.consumerVersionNumber}' }, 'Web App:1.0.0+build.1'],
    ['unicode', { username: 'üser', password: 'pässword' }, 'üser:pässword'],
  ])('Basic authorization from %s', (_name, credentials, decoded) => {
    const rendered = renderWebhookRequest(template(credentials), values);
    const header = rendered.headers['authorization'] ?? '';
    expect(header).toMatch(/^Basic /);
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).toBe(decoded);
  });

  it('an Authorization header given wins over username and password', () => {
    const rendered = renderWebhookRequest(template({ headers: { AUTHORIZATION: 'Bearer mine' }, username: 'user', password: 'pw' }), values);
    expect(rendered.headers).toEqual({ authorization: 'Bearer mine' });
  });

  it('the template is not changed by rendering', () => {
    const given = template({ headers: { A: '${pactbroker.consumerName}' }, body: { a: '${pactbroker.consumerName}' }, username: 'u', password: 'p' });
    const before = structuredClone(given);
    renderWebhookRequest(given, values);
    expect(given).toEqual(before);
  });
});

describe('WEBHOOK_UUID and event names', () => {
  it('the six events of the reference', () => {
    expect([...WEBHOOK_EVENT_NAMES].sort()).toEqual([
      'contract_content_changed',
      'contract_published',
      'contract_requiring_verification_published',
      'provider_verification_failed',
      'provider_verification_published',
      'provider_verification_succeeded',
    ]);
  });
});
