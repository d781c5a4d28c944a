/**
 * The request contract of webhook creation and update (`pact-broker create-webhook` / `create-or-update-webhook`, and
 * the reference's body): read and checked into a `WebhookDefinition`. Every problem is reported at once, by dotted
 * field (`request.url`, `consumer.name`), and nothing is written (docs/webhooks.md §1.2). Whether a named pacticipant
 * exists is the service's check.
 */
import { ValidationFailed } from '#domain/errors.ts';
import { CONTROL_CHARACTERS, FieldChecker, MAX_NAME_LENGTH, MAX_TEXT_LENGTH, type Body } from '#domain/validation.ts';
import { DEFAULT_WEBHOOK_EVENT, WEBHOOK_EVENT_NAMES, isWebhookEventName, type PacticipantScope, type WebhookDefinition, type WebhookEventName } from '#domain/webhooks/definition.ts';
import { webhookRequestProblems, type WebhookPolicy } from '#domain/webhooks/allowlist.ts';
import { webhookRefused } from '#domain/messages.ts';

/** A webhook's body is sent with every execution and kept with each; bounded so a webhook always fits an item. */
export const MAX_WEBHOOK_BODY_CHARACTERS = 100_000;
const MAX_HEADERS = 50;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

function readScope(raw: unknown, field: 'consumer' | 'provider', problems: FieldChecker): PacticipantScope | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) {
    problems.add(field, webhookRefused.notAnObject());
    return undefined;
  }
  const name = raw['name'];
  const label = raw['label'];
  const given = (value: unknown) => value !== undefined && value !== null;
  // The reference's keys: both given is a `.label` problem, neither (or a blank name) a `.name` one.
  if (given(name) && given(label)) {
    problems.add(`${field}.label`, webhookRefused.nameAndLabel());
    return undefined;
  }
  const key = given(label) ? 'label' : 'name';
  const value = given(label) ? label : name;
  if (typeof value !== 'string' || value.trim() === '') problems.add(`${field}.${key}`, webhookRefused.blankName());
  else if (value.length > MAX_NAME_LENGTH || CONTROL_CHARACTERS.test(value)) problems.add(`${field}.${key}`, webhookRefused.badName(MAX_NAME_LENGTH));
  else return key === 'name' ? { name: value } : { label: value };
  return undefined;
}

function readEvents(raw: unknown, problems: FieldChecker): WebhookEventName[] {
  if (raw === undefined || raw === null) return [DEFAULT_WEBHOOK_EVENT];
  if (!Array.isArray(raw)) {
    problems.add('events', webhookRefused.eventsNotAList());
    return [];
  }
  if (raw.length === 0) problems.add('events', webhookRefused.noEvents());
  const names: WebhookEventName[] = [];
  raw.forEach((event: unknown, index) => {
    const name = isObject(event) ? event['name'] : undefined;
    if (name === undefined || name === null) problems.add('events', webhookRefused.eventNameMissing(index));
    else if (!isWebhookEventName(name)) problems.add('events', webhookRefused.unknownEvent(WEBHOOK_EVENT_NAMES, index));
    else if (!names.includes(name)) names.push(name);
  });
  return names;
}

function readHeaders(raw: unknown, problems: FieldChecker): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    problems.add('request.headers', webhookRefused.notAnObject());
    return {};
  }
  const entries = Object.entries(raw);
  if (entries.length > MAX_HEADERS) problems.add('request.headers', webhookRefused.tooManyHeaders(MAX_HEADERS));
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name)) problems.add('request.headers', webhookRefused.badHeaderName(name));
    else if (typeof value !== 'string' || /[\r\n\u0000]/.test(value) || value.length > MAX_TEXT_LENGTH) problems.add('request.headers', webhookRefused.badHeaderValue(name));
    else headers[name] = value;
  }
  return headers;
}

function optionalText(raw: unknown, field: string, problems: FieldChecker, maxLength = MAX_TEXT_LENGTH): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') problems.add(field, webhookRefused.notAString());
  else if (raw.length > maxLength) problems.add(field, webhookRefused.tooLong(maxLength));
  else return raw;
  return undefined;
}

/** Reads a webhook body. Throws ValidationFailed naming every bad field. */
export function readWebhookDefinition(body: Body, policy: WebhookPolicy): WebhookDefinition {
  const problems = new FieldChecker(body);
  const description = optionalText(body['description'], 'description', problems);
  const consumer = readScope(body['consumer'], 'consumer', problems);
  const provider = readScope(body['provider'], 'provider', problems);
  const enabled = body['enabled'];
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') problems.add('enabled', webhookRefused.notABoolean());
  const events = readEvents(body['events'], problems);
  const teamUuid = optionalText(body['teamUuid'], 'teamUuid', problems, MAX_NAME_LENGTH);

  const rawRequest = body['request'];
  let request: WebhookDefinition['request'] | undefined;
  if (rawRequest === undefined || rawRequest === null) problems.add('request', webhookRefused.missing());
  else if (!isObject(rawRequest)) problems.add('request', webhookRefused.notAnObject());
  else {
    const method = rawRequest['method'];
    const url = rawRequest['url'];
    const required = (value: unknown, field: string) => {
      if (value === undefined) problems.add(field, webhookRefused.missing());
      else if (typeof value !== 'string') problems.add(field, webhookRefused.notAString());
      else if (value.trim() === '') problems.add(field, webhookRefused.blank());
    };
    required(method, 'request.method');
    required(url, 'request.url');
    if (typeof url === 'string' && url.length > MAX_TEXT_LENGTH) problems.add('request.url', webhookRefused.tooLong(MAX_TEXT_LENGTH));
    if (typeof method === 'string' && method.trim() !== '' && typeof url === 'string' && url.trim() !== '' && url.length <= MAX_TEXT_LENGTH) {
      for (const [field, messages] of Object.entries(webhookRequestProblems(policy, { method, url }))) for (const message of messages) problems.add(field, message);
      // Credentials in the URL would be shown and logged with it: they belong in username and password, which are masked.
      if (URL.canParse(url) && (new URL(url).username !== '' || new URL(url).password !== '')) problems.add('request.url', webhookRefused.credentialsInUrl());
    }
    const headers = readHeaders(rawRequest['headers'], problems);
    const requestBody = rawRequest['body'];
    if (requestBody !== undefined && requestBody !== null && JSON.stringify(requestBody).length > MAX_WEBHOOK_BODY_CHARACTERS) problems.add('request.body', webhookRefused.tooLong(MAX_WEBHOOK_BODY_CHARACTERS));
    const username = optionalText(rawRequest['username'], 'request.username', problems);
    const password = optionalText(rawRequest['password'], 'request.password', problems);
    if (typeof method === 'string' && typeof url === 'string') {
      request = {
        method: method.toUpperCase(),
        url,
        headers,
        ...(requestBody === undefined || requestBody === null ? {} : { body: requestBody }),
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
      };
    }
  }
  problems.done();
  // Defined whenever no problem was found (a missing or malformed request is one).
  if (request === undefined) throw ValidationFailed.of('request', webhookRefused.missing());
  return {
    ...(description === undefined ? {} : { description }),
    ...(consumer === undefined ? {} : { consumer }),
    ...(provider === undefined ? {} : { provider }),
    enabled: enabled !== false,
    events,
    request,
    ...(teamUuid === undefined ? {} : { teamUuid }),
  };
}
