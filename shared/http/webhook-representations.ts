/** Webhooks, their executions and logs, shaped as the reference's decorators shape them (docs/webhooks.md §1, §4). */
import { formatTimestamp } from '#domain/time.ts';
import { redactHeaders, redactPassword, type PacticipantScope, type Webhook } from '#domain/webhooks/definition.ts';
import type { TriggeredWebhook, WebhookAttempt } from '#domain/webhooks/events.ts';
import type { TestExecution } from '#services/webhook-delivery.ts';
import type { TriggeredEntry } from '#services/webhook-executions.ts';
import { compact, type Links } from './hal.ts';

export const webhookHref = (links: Links, uuid: string): string => links.url('webhooks', uuid);

/** `POST example.org`: what the reference calls a webhook's request description. */
export function requestDescription(webhook: Pick<Webhook, 'request'>): string {
  let host = '';
  try {
    host = new URL(webhook.request.url.replace(/\$\{[^}]*\}/g, 'placeholder')).host;
  } catch {
    host = webhook.request.url;
  }
  return `${webhook.request.method.toUpperCase()} ${host}`;
}

export const displayDescription = (webhook: Webhook): string => (webhook.description !== undefined && webhook.description.trim() !== '' ? webhook.description : requestDescription(webhook));

const sideText = (scope: PacticipantScope, plural: string, other: boolean): string => ('name' in scope ? scope.name : other ? `${plural} labeled '${scope.label}'` : `labeled '${scope.label}'`);

/** The title each webhook has in a list: what it is scoped to. */
export function scopeDescription(webhook: Webhook): string {
  const { consumer, provider } = webhook;
  if (consumer !== undefined && provider !== undefined) return `A webhook for the pact between ${sideText(consumer, 'consumers', true)} and ${sideText(provider, 'providers', true)}`;
  if (provider !== undefined) return `A webhook for all pacts with provider ${sideText(provider, 'providers', false)}`;
  if (consumer !== undefined) return `A webhook for all pacts with consumer ${sideText(consumer, 'consumers', false)}`;
  return 'A webhook for all pacts';
}

const scopeLinks = (links: Links, webhook: Webhook) => {
  const side = (scope: PacticipantScope | undefined, title: string, labelTitle: string) =>
    scope === undefined ? undefined : 'name' in scope ? { title, name: scope.name, href: links.pacticipant(scope.name) } : { title: labelTitle, name: scope.label, href: links.url('pacticipants', 'label', scope.label) };
  const consumer = side(webhook.consumer, 'Consumer', 'Consumers by label');
  const provider = side(webhook.provider, 'Provider', 'Providers by label');
  const named = (scope: PacticipantScope | undefined) => (scope !== undefined && 'name' in scope ? scope.name : '');
  return {
    ...(webhook.consumer === undefined ? {} : 'name' in webhook.consumer ? { 'pb:consumer': consumer } : { 'pb:consumers': consumer }),
    ...(webhook.provider === undefined ? {} : 'name' in webhook.provider ? { 'pb:provider': provider } : { 'pb:providers': provider }),
    ...(webhook.consumer !== undefined && webhook.provider !== undefined
      ? {
          'pb:pact-webhooks': {
            title: `All webhooks for consumer ${named(webhook.consumer)} and provider ${named(webhook.provider)}`,
            href: links.url('webhooks', 'provider', named(webhook.provider), 'consumer', named(webhook.consumer)),
          },
        }
      : {}),
  };
};

/** A webhook as shown: header names lower-cased, credentials and the password masked. */
export function webhookResource(links: Links, webhook: Webhook) {
  const self = webhookHref(links, webhook.uuid);
  const { request } = webhook;
  const created = formatTimestamp(webhook.createdAt);
  const updated = webhook.updatedAt === undefined ? undefined : formatTimestamp(webhook.updatedAt);
  return compact({
    uuid: webhook.uuid,
    description: displayDescription(webhook),
    consumer: webhook.consumer,
    provider: webhook.provider,
    enabled: webhook.enabled,
    request: compact({
      method: request.method,
      url: request.url,
      headers: Object.keys(request.headers).length === 0 ? undefined : redactHeaders(request.headers),
      body: request.body,
      username: request.username,
      password: request.password === undefined ? undefined : redactPassword(request.password),
    }),
    events: webhook.events.map((name) => ({ name })),
    teamUuid: webhook.teamUuid,
    createdAt: created,
    updatedAt: updated === undefined || updated === created ? undefined : updated,
    _links: {
      self: { title: displayDescription(webhook), href: self },
      'pb:execute': { title: 'Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL', href: `${self}/execute` },
      ...scopeLinks(links, webhook),
      'pb:webhooks': { title: 'All webhooks', href: links.url('webhooks') },
    },
  });
}

export function webhooksCollection(links: Links, requestUrl: string, webhooks: readonly Webhook[]) {
  return {
    _links: {
      self: { title: 'Webhooks', href: requestUrl },
      'pb:create': { title: 'POST to create a webhook', href: requestUrl },
      'pb:webhooks': webhooks.map((webhook) => ({ title: scopeDescription(webhook), name: displayDescription(webhook), href: webhookHref(links, webhook.uuid) })),
      curies: [{ name: 'pb', href: `${links.base}/doc/webhooks-{rel}`, templated: true }],
    },
  };
}

export function testExecutionResource(links: Links, requestUrl: string, uuid: string | undefined, execution: TestExecution) {
  return compact({
    request: execution.request,
    response: execution.response,
    error: execution.error,
    message: execution.message,
    logs: execution.logs,
    success: execution.success,
    _links: {
      ...(uuid === undefined ? {} : { webhook: { href: webhookHref(links, uuid) } }),
      'try-again': { title: 'Execute the webhook again', href: requestUrl },
    },
  });
}

export const triggeredLogsHref = (links: Links, id: string): string => links.url('triggered-webhooks', id, 'logs');

/** Attempts are the schedule's length + 1; none remain once it succeeded or failed. */
export function triggeredWebhookResource(links: Links, triggered: TriggeredWebhook, requestName: string | undefined, schedule: readonly number[]) {
  const logs = triggeredLogsHref(links, triggered.id);
  const remaining = triggered.status === 'success' || triggered.status === 'failure' ? 0 : Math.max(0, schedule.length + 1 - triggered.attempts);
  return compact({
    uuid: triggered.id,
    name: requestName,
    status: triggered.status,
    attemptsMade: triggered.attempts,
    attemptsRemaining: remaining,
    triggerType: 'resource_creation',
    eventName: triggered.eventName,
    triggeredAt: formatTimestamp(triggered.createdAt),
    nextAttemptAt: triggered.nextAttemptAt === undefined ? undefined : formatTimestamp(triggered.nextAttemptAt),
    _links: {
      'pb:logs': compact({ href: logs, title: 'Webhook execution logs', name: requestName }),
      logs: compact({ href: logs, title: 'DEPRECATED - Use pb:logs', name: requestName }),
      ...(requestName === undefined ? {} : { 'pb:webhook': { href: webhookHref(links, triggered.webhookUuid), title: 'Webhook', name: requestName } }),
    },
  });
}

export function triggeredWebhooksCollection(
  links: Links,
  requestUrl: string,
  title: string,
  triggered: readonly { triggered: TriggeredWebhook; requestName: string | undefined }[],
  schedule: readonly number[],
) {
  return {
    _embedded: { triggeredWebhooks: [...triggered].reverse().map((entry) => triggeredWebhookResource(links, entry.triggered, entry.requestName, schedule)) },
    _links: { self: { title, href: requestUrl } },
  };
}

export function triggeredLogsResource(links: Links, requestUrl: string, triggered: TriggeredWebhook, attempts: readonly WebhookAttempt[]) {
  return {
    eventName: triggered.eventName,
    consumerName: triggered.subject.consumer,
    providerName: triggered.subject.provider,
    status: triggered.status,
    executions: attempts
      .filter((attempt) => attempt.finishedAt !== undefined)
      .map((attempt) => compact({ attempt: attempt.attempt, success: attempt.success ?? false, logs: attempt.logs, createdAt: formatTimestamp(attempt.claimedAt), request: attempt.request, response: attempt.response, error: attempt.error })),
    _embedded: { triggeredWebhook: { uuid: triggered.id } },
    _links: { self: { title: 'Triggered webhook logs', href: requestUrl }, 'pb:webhook': { href: webhookHref(links, triggered.webhookUuid), title: 'Webhook' } },
  };
}

export function pactWebhookStatusResource(links: Links, requestUrl: string, consumer: string, provider: string, entries: readonly TriggeredEntry[], schedule: readonly number[]) {
  const count = (status: TriggeredWebhook['status']) => entries.filter((entry) => entry.triggered.status === status).length;
  const named = entries.map((entry) => ({ entry, requestName: entry.webhook === undefined ? undefined : requestDescription(entry.webhook) }));
  const first = entries[0]?.triggered.subject;
  return {
    summary: compact({ successful: count('success'), failed: count('failure'), retrying: count('retrying') || undefined, notRun: count('not_run') || undefined }),
    _embedded: { triggeredWebhooks: named.map(({ entry, requestName }) => triggeredWebhookResource(links, entry.triggered, requestName, schedule)) },
    _links: compact({
      self: { href: requestUrl, title: 'Webhooks status' },
      'pb:error-logs': named
        .filter(({ entry }) => entry.triggered.status === 'failure' || entry.triggered.status === 'retrying')
        .map(({ entry, requestName }) => compact({ href: triggeredLogsHref(links, entry.triggered.id), title: 'Error logs', name: requestName })),
      'pb:pact-webhooks': { title: `Webhooks for the pact between ${consumer} and ${provider}`, href: links.url('pacts', 'provider', provider, 'consumer', consumer, 'webhooks') },
      'pb:pact-version':
        first?.kind === 'pact'
          ? { href: links.url('pacts', 'provider', provider, 'consumer', consumer, 'version', first.consumerVersion), title: 'Pact', name: `Pact between ${consumer} (${first.consumerVersion}) and ${provider}` }
          : undefined,
      'pb:consumer': { href: links.pacticipant(consumer), title: 'Consumer', name: consumer },
      'pb:provider': { href: links.pacticipant(provider), title: 'Provider', name: provider },
    }),
  };
}
