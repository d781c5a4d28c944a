/**
 * The webhook delivery collaborators, from the operator's settings (docs/webhooks.md §5): the policy every send is held
 * to, the retry schedule, and the sender bound to that policy. Read once per function instance; a bad setting fails the
 * function at start rather than being read as something laxer or stricter than meant.
 */
import { webhookPolicyFrom, type WebhookPolicy } from '#domain/webhooks/allowlist.ts';
import { parseRetrySchedule } from '#domain/webhooks/events.ts';
import { sendWebhookRequest } from '#delivery/webhook-sender.ts';
import type { DeliverySettings } from '#services/webhook-delivery.ts';

let policy: WebhookPolicy | undefined;
const settings = new Map<string, DeliverySettings>();

/**
 * A test execution answers within the route's 10 s function timeout, so it waits less for the receiver than the
 * dispatcher does (the reference's 15 s).
 */
const INTERACTIVE_TIMEOUTS = { connectTimeoutMs: 3_000, responseTimeoutMs: 7_000 };

/** The operator's webhook policy (`PACT_BROKER_WEBHOOK_*_WHITELIST`). */
export function webhookPolicy(): WebhookPolicy {
  policy ??= webhookPolicyFrom(process.env);
  return policy;
}

export function deliverySettings(mode: 'queued' | 'interactive' = 'queued'): DeliverySettings {
  let found = settings.get(mode);
  if (found === undefined) {
    const current = webhookPolicy();
    const timeouts = mode === 'interactive' ? INTERACTIVE_TIMEOUTS : {};
    found = {
      schedule: parseRetrySchedule(process.env['PACT_BROKER_WEBHOOK_RETRY_SCHEDULE']),
      // As the reference: responses are shown only where the operator has said which hosts webhooks may reach.
      showResponses: current.hosts.length > 0,
      send: (request) => sendWebhookRequest(request, current, timeouts),
    };
    settings.set(mode, found);
  }
  return found;
}

/** A stream record's item as a webhook event (storage owns the item's layout; the router only sees the event). */
export { eventFromItem as webhookEventOfItem } from '#storage/repositories/webhook-deliveries.ts';
