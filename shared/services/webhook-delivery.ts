/**
 * Delivering webhooks (docs/webhooks.md §4, §5): one attempt of a triggered webhook per dispatch message, and the
 * test execution of `POST /webhooks/{uuid}/execute`. The HTTP call itself is the `send` collaborator, which applies
 * the operator's policy again at send time; this module decides what to send, claims each attempt once (a duplicate
 * queue delivery finds it claimed and does nothing), records what happened with secrets masked, and schedules the next
 * attempt from the retry schedule.
 */
import type { PactPublication } from '#domain/model.ts';
import { forEachBounded } from '#domain/concurrency.ts';
import type { WebhookSendOutcome } from '#delivery/webhook-sender.ts';
import { redactHeaders, redactSecrets, secretsOf, type Webhook, type WebhookDefinition, type WebhookRequestTemplate } from '#domain/webhooks/definition.ts';
import { deliveredStatus, nextAttemptDelay, queueDelaySeconds, type TriggeredWebhook, type TriggeredWebhookStatus, type WebhookAttempt } from '#domain/webhooks/events.ts';
import { renderWebhookRequest, templateValues, type RenderedWebhookRequest } from '#domain/webhooks/template.ts';
import { webhookLog } from '#domain/messages.ts';
import { WriteConflict } from '#domain/errors.ts';
import type { WebhookDispatch } from '#queue/webhook-messages.ts';
import { nowOf, type ReadContext, type ServiceContext } from './context.ts';
import { eventTemplateFacts } from './webhook-routing.ts';

export type WebhookSender = (request: RenderedWebhookRequest) => Promise<WebhookSendOutcome>;

export interface DeliverySettings {
  /** Seconds before each retry; attempts = its length + 1. */
  readonly schedule: readonly number[];
  /** Whether responses are shown and logged (the reference shows them only when the operator lists allowed hosts). */
  readonly showResponses: boolean;
  readonly send: WebhookSender;
}

/** An attempt not finished this long after it was claimed was cut off (its function died): it counts as failed. */
const ABANDONED_AFTER_MS = 5 * 60_000;

const stamp = (at: Date): string => `[${at.toISOString().replace(/\.\d{3}Z$/, 'Z')}]`;

/** Lines in the reference's log format, masked of the webhook's secrets. */
class ExecutionLog {
  private readonly lines: string[] = [];
  constructor(
    private readonly clock: () => Date,
    private readonly secrets: readonly string[],
  ) {}
  add(level: 'DEBUG' | 'INFO' | 'ERROR', message: string): void {
    this.lines.push(`${stamp(this.clock())} ${level}: ${redactSecrets(message, this.secrets)}`);
  }
  text(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }
}

/** Response headers as stored and shown: a receiver echoing a credential back (in any header) does not get it stored. */
const maskedValues = (headers: Readonly<Record<string, string>>, secrets: readonly string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, redactSecrets(value, secrets)]));

/** The request as logged and stored: credential headers masked. */
const shownRequest = (request: RenderedWebhookRequest, secrets: readonly string[]) => ({
  method: request.method,
  url: redactSecrets(request.url, secrets),
  headers: redactHeaders(request.headers),
  ...(request.body === undefined ? {} : { body: redactSecrets(request.body, secrets) }),
});

/**
 * The secrets to mask for a request as sent: the template's, and the Basic form of its credentials as expanded (with a
 * template parameter in the username or password, that is not the form `secretsOf` derives from the template).
 */
function sentSecrets(template: WebhookRequestTemplate, request: RenderedWebhookRequest): string[] {
  const secrets = secretsOf(template);
  const authorization = request.headers['authorization'];
  const explicit = Object.keys(template.headers).some((name) => name.toLowerCase() === 'authorization');
  if (!explicit && template.password !== undefined && template.password !== '' && authorization !== undefined) secrets.push(authorization, authorization.replace(/^Basic\s+/, ''));
  return secrets;
}

interface SentAttempt {
  readonly success: boolean;
  readonly outcome: WebhookSendOutcome;
  readonly request: ReturnType<typeof shownRequest>;
}

/** Sends once and logs the exchange (the reference's lines 2–6, docs/webhooks.md §4.3). */
async function sendAndLog(request: RenderedWebhookRequest, webhook: Pick<Webhook, 'uuid'> | undefined, settings: DeliverySettings, log: ExecutionLog, secrets: readonly string[]): Promise<SentAttempt> {
  log.add('INFO', `HTTP/1.1 ${request.method} ${request.url}`);
  for (const [name, value] of Object.entries(redactHeaders(request.headers))) log.add('INFO', `${name}: ${value}`);
  if (request.body !== undefined) log.add('INFO', request.body);
  const outcome = await settings.send(request);
  if (outcome.kind === 'response') {
    if (settings.showResponses) {
      log.add('INFO', `HTTP/1.1 ${outcome.status}`);
      for (const [name, value] of Object.entries(outcome.headers)) log.add('INFO', `${name}: ${value}`);
      if (outcome.body !== '') log.add('INFO', outcome.truncated ? `${outcome.body}${webhookLog.truncated()}` : outcome.body);
    } else log.add('INFO', webhookLog.responseHidden());
  } else if (outcome.kind === 'refused') log.add('ERROR', webhookLog.refused(outcome.reason));
  else log.add('ERROR', settings.showResponses ? webhookLog.failed(webhook?.uuid, outcome.reason) : webhookLog.failedHidden(webhook?.uuid));
  return { success: outcome.kind === 'response' && deliveredStatus(outcome.status), outcome, request: shownRequest(request, secrets) };
}

export type DeliveryResult = 'delivered' | 'retrying' | 'failed' | 'postponed' | 'duplicate' | 'gone';

/** One dispatch message: the attempt it names, if it is due and not claimed already. */
export async function deliverWebhook(context: ServiceContext, dispatch: WebhookDispatch, settings: DeliverySettings): Promise<DeliveryResult> {
  const now = context.clock.now().getTime();
  // SQS holds a message for at most 15 minutes: a later attempt comes back early and goes back until it is due.
  if (dispatch.dueAt !== undefined && dispatch.dueAt > now + 1000) {
    await context.webhookQueue.send([{ dispatch, delaySeconds: queueDelaySeconds(dispatch.dueAt, now) }]);
    return 'postponed';
  }
  const triggered = await context.webhookDeliveries.findTriggered(dispatch.triggeredId);
  if (triggered !== undefined && triggered.status === 'retrying' && triggered.attempts === dispatch.attempt && triggered.nextAttemptAt !== undefined) {
    // This attempt is recorded, but queueing its successor may have failed after (the message came back because the
    // invocation failed): queue it again. Its claim makes a second copy harmless.
    const dueAt = Date.parse(triggered.nextAttemptAt);
    await context.webhookQueue.send([{ dispatch: { tenant: context.tenantId, triggeredId: triggered.id, attempt: dispatch.attempt + 1, dueAt }, delaySeconds: queueDelaySeconds(dueAt, now) }]);
    return 'duplicate';
  }
  if (triggered === undefined || triggered.status === 'success' || triggered.status === 'failure' || triggered.attempts >= dispatch.attempt) return 'gone';

  if (!(await context.webhookDeliveries.claimAttempt(triggered, dispatch.attempt, nowOf(context)))) {
    // Claimed before: by an invocation still running (nothing to do), or by one that died (finish it as failed).
    const claimed = await context.webhookDeliveries.findAttempt(triggered.id, dispatch.attempt);
    if (claimed === undefined || claimed.finishedAt !== undefined || now - Date.parse(claimed.claimedAt) < ABANDONED_AFTER_MS) return 'duplicate';
    const log = new ExecutionLog(() => context.clock.now(), []);
    log.add('ERROR', webhookLog.abandoned());
    // `finish` appends the log's lines to the attempt's own (adding them here too wrote the line twice).
    return finish(context, triggered, claimed, false, settings, log);
  }

  const attempt: WebhookAttempt = { attempt: dispatch.attempt, claimedAt: nowOf(context), logs: '' };
  const webhook = await context.webhooks.find(triggered.webhookUuid);
  if (webhook === undefined || !webhook.enabled) {
    // Deleted or disabled since it fired: the reference marks it failed without sending.
    const log = new ExecutionLog(() => context.clock.now(), []);
    log.add('ERROR', webhook === undefined ? webhookLog.deleted(triggered.webhookUuid) : webhookLog.disabled(triggered.webhookUuid));
    return finish(context, triggered, attempt, false, { ...settings, schedule: [] }, log);
  }
  const request = renderWebhookRequest(webhook.request, triggered.params);
  const secrets = sentSecrets(webhook.request, request);
  const log = new ExecutionLog(() => context.clock.now(), secrets);
  log.add('DEBUG', `Webhook context ${JSON.stringify({ base_url: triggered.baseUrl, event_name: triggered.eventName })}`);
  const sent = await sendAndLog(request, webhook, settings, log, secrets);
  const outcome = sent.outcome;
  const recorded: WebhookAttempt = {
    ...attempt,
    request: sent.request,
    ...(outcome.kind === 'response' && settings.showResponses
      ? { response: { status: outcome.status, headers: maskedValues(outcome.headers, secrets), body: redactSecrets(outcome.body, secrets), truncated: outcome.truncated } }
      : {}),
    ...(outcome.kind === 'response' ? {} : { error: redactSecrets(outcome.reason, secrets) }),
  };
  // A refusal is the operator's policy: retrying cannot change it.
  return finish(context, triggered, recorded, sent.success, outcome.kind === 'refused' ? { ...settings, schedule: [] } : settings, log);
}

/**
 * What an attempt keeps, in bytes of each text's JSON form. DynamoDB refuses an item over 400 KB, and an attempt that
 * cannot be recorded is cut off and sent again: a body expanded from its template can be many times the 100,000
 * characters a webhook's body may have, and non-ASCII or control characters take several bytes each.
 */
const STORED_LIMITS = { logs: 96 * 1024, url: 4 * 1024, headerValue: 1024, requestBody: 32 * 1024, responseBody: 48 * 1024, error: 4 * 1024 } as const;
const CLIPPED = ' [truncated: only the start is kept]';

const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;

/** `text`, cut (whole code points) so that its JSON form takes at most `maxBytes` bytes, with a note that it was cut. */
function clip(text: string, maxBytes: number): string {
  if (text.length * 6 <= maxBytes || jsonBytes(text) <= maxBytes) return text;
  const budget = maxBytes - jsonBytes(CLIPPED);
  let used = 0;
  let end = 0;
  for (const character of text) {
    const cost = jsonBytes(character);
    if (used + cost > budget) break;
    used += cost;
    end += character.length;
  }
  return `${text.slice(0, end)}${CLIPPED}`;
}

const clipValues = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, clip(value, STORED_LIMITS.headerValue)]));

/** The attempt as stored: every text bounded, so that the item always fits. */
function storable(attempt: WebhookAttempt): WebhookAttempt {
  const { request, response, error } = attempt;
  const responseBody = response === undefined ? undefined : clip(response.body, STORED_LIMITS.responseBody);
  return {
    ...attempt,
    logs: clip(attempt.logs, STORED_LIMITS.logs),
    ...(request === undefined
      ? {}
      : { request: { ...request, url: clip(request.url, STORED_LIMITS.url), headers: clipValues(request.headers), ...(request.body === undefined ? {} : { body: clip(request.body, STORED_LIMITS.requestBody) }) } }),
    ...(response === undefined || responseBody === undefined ? {} : { response: { ...response, headers: clipValues(response.headers), body: responseBody, truncated: response.truncated || responseBody !== response.body } }),
    ...(error === undefined ? {} : { error: clip(error, STORED_LIMITS.error) }),
  };
}

/** Records the attempt and the new status once, and queues the next attempt when one is due. */
async function finish(context: ServiceContext, triggered: TriggeredWebhook, attempt: WebhookAttempt, success: boolean, settings: DeliverySettings, log: ExecutionLog): Promise<DeliveryResult> {
  const delay = success ? undefined : nextAttemptDelay(settings.schedule, attempt.attempt);
  const status: TriggeredWebhookStatus = success ? 'success' : delay === undefined ? 'failure' : 'retrying';
  if (success) log.add('INFO', webhookLog.succeeded());
  else if (delay !== undefined) log.add('INFO', webhookLog.retrying(delay));
  else log.add('INFO', webhookLog.gaveUp(attempt.attempt));
  const now = context.clock.now().getTime();
  const dueAt = delay === undefined ? undefined : now + delay * 1000;
  try {
    await context.webhookDeliveries.finishAttempt(
      triggered,
      storable({ ...attempt, finishedAt: nowOf(context), success, logs: attempt.logs + log.text() }),
      { status, at: nowOf(context), ...(dueAt === undefined ? {} : { nextAttemptAt: new Date(dueAt).toISOString() }) },
    );
  } catch (error) {
    // Recorded by another invocation of the same attempt meanwhile: that one queues the next attempt. A transaction
    // that only collided with another writer recorded nothing: failing brings the message back to record it then.
    if (error instanceof WriteConflict && (await context.webhookDeliveries.findAttempt(triggered.id, attempt.attempt))?.finishedAt !== undefined) return 'duplicate';
    throw error;
  }
  if (dueAt !== undefined) {
    await context.webhookQueue.send([{ dispatch: { tenant: context.tenantId, triggeredId: triggered.id, attempt: attempt.attempt + 1, dueAt }, delaySeconds: queueDelaySeconds(dueAt, now) }]);
  }
  return status === 'success' ? 'delivered' : status === 'retrying' ? 'retrying' : 'failed';
}

/** What `POST /webhooks/{uuid}/execute` answers (docs/webhooks.md §1.4). */
export interface TestExecution {
  readonly request: ReturnType<typeof shownRequest>;
  readonly response?: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: unknown };
  readonly error?: { readonly message: string };
  readonly message?: string;
  readonly logs: string;
  readonly success: boolean;
}

/** Placeholders the reference tests with when no pact matches the webhook. */
const PLACEHOLDER = { consumer: 'placeholder-consumer', provider: 'placeholder-provider', consumerVersion: 'gggghhhhjjjjkkkkllll66667777888899990000', sha: '5d445a4612743728dfd99ccd4210423c052bb9db' };
/** The placeholder consumer version's tags and branch (the reference's). */
const PLACEHOLDER_VERSION = { consumerVersionTags: ['dev'], consumerVersionBranch: 'main' };

/**
 * Runs a webhook once, now, against the latest pact it matches by name (placeholders when none does), and reports what
 * happened. Nothing is stored; the answer is the same whether or not the receiver accepted it.
 */
export async function executeWebhookTest(context: ReadContext, webhook: Pick<Webhook, 'consumer' | 'provider' | 'request'> & Partial<Pick<Webhook, 'uuid'>>, settings: DeliverySettings): Promise<TestExecution> {
  const named = (scope: WebhookDefinition['consumer']) => (scope !== undefined && 'name' in scope ? scope.name : undefined);
  const consumer = named(webhook.consumer);
  const provider = named(webhook.provider);
  let publication: { consumer: string; provider: string; consumerVersion: string; sha: string } | undefined;
  // A label-scoped side names no pacticipant: as in the reference (which looks the label up as a name), no pact matches.
  if ((webhook.consumer === undefined || consumer !== undefined) && (webhook.provider === undefined || provider !== undefined)) {
    const integrations = (await context.pacts.listIntegrations()).filter((integration) => (consumer === undefined || integration.consumer === consumer) && (provider === undefined || integration.provider === provider));
    const latest: PactPublication[] = [];
    await forEachBounded(integrations, 8, async (integration) => {
      const found = await context.pacts.findLatestPublication(integration.consumer, integration.provider);
      if (found !== undefined) latest.push(found);
    });
    publication = latest.sort((a, b) => (b.updatedAt ?? b.createdAt).localeCompare(a.updatedAt ?? a.createdAt))[0];
  }
  const baseUrl = context.baseUrl ?? '';
  // The pact's consumer version as it is now (its tags, its last branch); the placeholder's otherwise.
  let version: { consumerVersionTags: string[]; consumerVersionBranch?: string } = PLACEHOLDER_VERSION;
  if (publication !== undefined) {
    const details = await context.versions.findDetails(publication.consumer, publication.consumerVersion);
    const branch = details?.branches.at(-1)?.branch;
    version = { consumerVersionTags: (details?.tags ?? []).map((tag) => tag.name), ...(branch === undefined ? {} : { consumerVersionBranch: branch }) };
  }
  const subject = publication ?? { ...PLACEHOLDER, consumer: consumer ?? PLACEHOLDER.consumer, provider: provider ?? PLACEHOLDER.provider };
  const facts = await eventTemplateFacts(context, { baseUrl, subject: { kind: 'pact', ...subject, ...version } });
  const values = templateValues({ ...facts, eventName: 'test' });
  const request = renderWebhookRequest(webhook.request, values);
  const secrets = sentSecrets(webhook.request, request);
  const log = new ExecutionLog(() => context.clock.now(), secrets);
  log.add('DEBUG', `Webhook context ${JSON.stringify({ base_url: baseUrl, event_name: 'test' })}`);
  const sent = await sendAndLog(request, webhook.uuid === undefined ? undefined : { uuid: webhook.uuid }, settings, log, secrets);
  if (!sent.success) log.add('INFO', webhookLog.testFailed());
  const outcome = sent.outcome;
  const parsedBody = (body: string): unknown => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return body;
    }
  };
  const url = new URL(sent.request.url, 'http://placeholder');
  return {
    request: { ...sent.request, url: `${url.pathname}${url.search}` },
    ...(settings.showResponses && outcome.kind === 'response' ? { response: { status: outcome.status, headers: maskedValues(outcome.headers, secrets), body: parsedBody(redactSecrets(outcome.body, secrets)) } } : {}),
    ...(outcome.kind === 'refused' ? { error: { message: outcome.reason } } : {}),
    ...(settings.showResponses && outcome.kind === 'failed' ? { error: { message: redactSecrets(outcome.reason, secrets) } } : {}),
    ...(settings.showResponses ? {} : { message: webhookLog.responseHidden() }),
    logs: log.text(),
    success: sent.success,
  };
}
