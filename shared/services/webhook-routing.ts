/**
 * The event router (docs/webhooks.md §4): turns one stored webhook event into triggered webhooks, one per matching
 * webhook and event name (and, for `contract_requiring_verification_published`, per provider version), with the
 * template values fixed now, and queues their first attempts. Each triggered webhook's id is derived from the event,
 * so routing the same event again (the stream delivers at least once) creates nothing twice.
 */
import { createHash } from 'node:crypto';
import { encodePactMetadata } from '#domain/pact-metadata.ts';
import { webhookMatches, type Webhook, type WebhookEventName, type WebhookParties } from '#domain/webhooks/definition.ts';
import type { RequiredProviderVersion, TriggeredWebhook, WebhookEvent, WebhookEventSubject } from '#domain/webhooks/events.ts';
import { templateValues, type TemplateFacts } from '#domain/webhooks/template.ts';
import type { WebhookDispatch } from '#queue/webhook-messages.ts';
import { nowOf, type ReadContext, type ServiceContext } from './context.ts';

const segment = encodeURIComponent;

export const pactVersionUrl = (baseUrl: string, consumer: string, provider: string, sha: string): string =>
  `${baseUrl}/pacts/provider/${segment(provider)}/consumer/${segment(consumer)}/pact-version/${segment(sha)}`;

/** The URL a verifier fetches the pact from and publishes its results back to (naming the consumer version). */
export const webhookPactUrl = (baseUrl: string, consumer: string, provider: string, sha: string, consumerVersion: string | undefined): string =>
  consumerVersion === undefined ? pactVersionUrl(baseUrl, consumer, provider, sha) : `${pactVersionUrl(baseUrl, consumer, provider, sha)}/metadata/${encodePactMetadata({ cv: consumerVersion })}`;

/** A bi-directional comparison's result, as PactFlow's provider contract resources name it. */
export const comparisonResultUrl = (baseUrl: string, consumer: string, provider: string, providerVersion: string, sha: string): string =>
  `${baseUrl}/contracts/provider/${segment(provider)}/version/${segment(providerVersion)}/consumer/${segment(consumer)}/pact-version/${segment(sha)}/verification-results`;

export const verificationResultUrl = (baseUrl: string, consumer: string, provider: string, sha: string, number: number): string =>
  `${pactVersionUrl(baseUrl, consumer, provider, sha)}/verification-results/${number}`;

/** The two pacticipants with their labels as they are now (docs/webhooks.md §1.1). */
async function partiesOf(context: ReadContext, subject: WebhookEventSubject): Promise<WebhookParties> {
  const [consumer, provider] = await Promise.all([context.pacticipants.find(subject.consumer), context.pacticipants.find(subject.provider)]);
  return { consumer: { name: subject.consumer, labels: consumer?.labels ?? [] }, provider: { name: subject.provider, labels: provider?.labels ?? [] } };
}

/** What the templates are made of for an event, read now (tags and branches as they are when the event is routed). */
export async function eventTemplateFacts(context: ReadContext, event: Pick<WebhookEvent, 'subject' | 'baseUrl'>, known?: WebhookParties): Promise<Omit<TemplateFacts, 'eventName'>> {
  const subject = event.subject;
  const parties = known ?? (await partiesOf(context, subject));
  const consumerVersionNumber = subject.consumerVersion;
  const consumerDetails = consumerVersionNumber === undefined ? undefined : await context.versions.findDetails(subject.consumer, consumerVersionNumber);
  const consumerVersion =
    consumerVersionNumber === undefined
      ? undefined
      : subject.kind === 'pact'
        ? { number: consumerVersionNumber, tags: subject.consumerVersionTags, ...(subject.consumerVersionBranch === undefined ? {} : { branch: subject.consumerVersionBranch }) }
        : {
            number: consumerVersionNumber,
            tags: (consumerDetails?.tags ?? []).map((tag) => tag.name),
            ...(consumerDetails?.branches.at(-1) === undefined ? {} : { branch: consumerDetails.branches.at(-1)?.branch as string }),
          };

  // The verification reported on: the event's own (a result, or a comparison with a provider contract), or for a pact
  // event the content's latest by any provider version.
  let verification: TemplateFacts['verification'];
  let verified: { url: string; providerVersion: string; success: boolean } | undefined;
  if (subject.kind === 'verification') verified = { ...subject, url: verificationResultUrl(event.baseUrl, subject.consumer, subject.provider, subject.sha, subject.number) };
  else if (subject.kind === 'comparison') {
    if (subject.providerVersion !== undefined) verified = { providerVersion: subject.providerVersion, success: subject.success, url: comparisonResultUrl(event.baseUrl, subject.consumer, subject.provider, subject.providerVersion, subject.sha) };
  } else {
    const latest = (await context.verifications.listLatestOfPactVersion(subject.consumer, subject.provider, subject.sha)).sort((a, b) => b.number - a.number)[0];
    if (latest !== undefined) verified = { ...latest, url: verificationResultUrl(event.baseUrl, subject.consumer, subject.provider, subject.sha, latest.number) };
  }
  if (verified !== undefined) {
    const providerDetails = await context.versions.findDetails(subject.provider, verified.providerVersion);
    const branch = providerDetails?.branches.at(-1)?.branch;
    verification = {
      url: verified.url,
      success: verified.success,
      providerVersion: verified.providerVersion,
      providerVersionTags: (providerDetails?.tags ?? []).map((tag) => tag.name),
      ...(branch === undefined ? {} : { providerVersionBranch: branch }),
    };
  }
  return {
    consumer: parties.consumer,
    provider: parties.provider,
    ...(consumerVersion === undefined ? {} : { consumerVersion }),
    pactUrl: webhookPactUrl(event.baseUrl, subject.consumer, subject.provider, subject.sha, consumerVersionNumber),
    ...(verification === undefined ? {} : { verification }),
    ...(subject.kind === 'comparison' || subject.buildUrl === undefined ? {} : { buildUrl: subject.buildUrl }),
  };
}

const triggeredId = (eventId: string, webhookUuid: string, eventName: WebhookEventName, providerVersion: string | undefined): string =>
  createHash('sha256').update(JSON.stringify([eventId, webhookUuid, eventName, providerVersion ?? null])).digest('base64url').slice(0, 32);

export interface RoutedEvent {
  readonly triggered: number;
  readonly queued: number;
}

/** Routes one event; safe to run again for the same event. */
export async function routeWebhookEvent(context: ServiceContext, event: WebhookEvent): Promise<RoutedEvent> {
  const webhooks = await context.webhooks.list();
  const parties = await partiesOf(context, event.subject);
  const matches: { webhook: Webhook; eventName: WebhookEventName }[] = [];
  // No de-duplication across names: a webhook listening to two of the event's names runs twice, as in the reference.
  for (const eventName of event.names) for (const webhook of webhooks) if (webhookMatches(webhook, eventName, parties)) matches.push({ webhook, eventName });
  if (matches.length === 0) return { triggered: 0, queued: 0 };

  const facts = await eventTemplateFacts(context, event, parties);
  const now = nowOf(context);
  const dispatches: { dispatch: WebhookDispatch; delaySeconds: number }[] = [];
  let triggered = 0;
  for (const { webhook, eventName } of matches) {
    const required: readonly (RequiredProviderVersion | undefined)[] =
      eventName === 'contract_requiring_verification_published' && event.subject.kind === 'pact' ? (event.subject.requiredProviderVersions ?? []) : [undefined];
    for (const providerVersion of required) {
      const id = triggeredId(event.id, webhook.uuid, eventName, providerVersion?.number);
      const values = templateValues({ ...facts, eventName, ...(providerVersion === undefined ? {} : { requiredProviderVersion: providerVersion }) });
      const candidate: TriggeredWebhook = {
        id,
        webhookUuid: webhook.uuid,
        ...(webhook.description === undefined ? {} : { webhookDescription: webhook.description }),
        eventId: event.id,
        eventName,
        subject: event.subject,
        params: values,
        baseUrl: event.baseUrl,
        status: 'not_run',
        attempts: 0,
        createdAt: now,
      };
      const created = await context.webhookDeliveries.createTriggered(candidate);
      if (created) triggered += 1;
      const stored = created ? candidate : await context.webhookDeliveries.findTriggered(id);
      // Not attempted yet (this is the first routing, or an earlier one stopped before queueing): queue attempt 1.
      if (stored !== undefined && stored.status === 'not_run' && stored.attempts === 0) dispatches.push({ dispatch: { tenant: context.tenantId, triggeredId: id, attempt: 1 }, delaySeconds: 0 });
    }
  }
  await context.webhookQueue.send(dispatches);
  return { triggered, queued: dispatches.length };
}
