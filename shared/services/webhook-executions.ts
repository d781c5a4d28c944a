/** Reading what webhooks did: the triggered webhooks of a publication or a verification, their logs, a pact's webhook status (docs/webhooks.md §4). */
import { NotFound } from '#domain/errors.ts';
import { missing } from '#domain/messages.ts';
import type { Webhook } from '#domain/webhooks/definition.ts';
import type { TriggeredWebhook, WebhookAttempt } from '#domain/webhooks/events.ts';
import type { ReadContext } from './context.ts';

/** A triggered webhook with its webhook, when that still exists. */
export interface TriggeredEntry {
  readonly triggered: TriggeredWebhook;
  readonly webhook?: Webhook;
}

async function withWebhooks(context: ReadContext, triggered: readonly TriggeredWebhook[]): Promise<TriggeredEntry[]> {
  if (triggered.length === 0) return [];
  const webhooks = new Map((await context.webhooks.list()).map((webhook) => [webhook.uuid, webhook]));
  return triggered.map((entry) => {
    const webhook = webhooks.get(entry.webhookUuid);
    return webhook === undefined ? { triggered: entry } : { triggered: entry, webhook };
  });
}

export async function triggeredByPublication(context: ReadContext, provider: string, consumer: string, consumerVersion: string): Promise<TriggeredEntry[]> {
  if ((await context.pacts.findPublication(consumer, consumerVersion, provider)) === undefined) throw new NotFound(missing.pact());
  return withWebhooks(context, await context.webhookDeliveries.listTriggeredByPublication(consumer, provider, consumerVersion));
}

export async function triggeredByVerification(context: ReadContext, provider: string, consumer: string, sha: string, number: string): Promise<TriggeredEntry[]> {
  const parsed = Number(number);
  const result = Number.isSafeInteger(parsed) && parsed > 0 ? await context.verifications.find(consumer, provider, sha, parsed) : undefined;
  if (result === undefined) throw new NotFound(missing.verification(number));
  return withWebhooks(context, await context.webhookDeliveries.listTriggeredByVerification(consumer, provider, sha, parsed));
}

export async function triggeredLogs(context: ReadContext, id: string): Promise<{ triggered: TriggeredWebhook; attempts: WebhookAttempt[] }> {
  const triggered = await context.webhookDeliveries.findTriggered(id);
  if (triggered === undefined) throw new NotFound(missing.triggeredWebhook(id));
  return { triggered, attempts: await context.webhookDeliveries.listAttempts(id) };
}

/** How many executions of each webhook are looked at for its latest one of an integration. */
const STATUS_SEARCH = 100;

/** The latest execution per webhook and event name between two pacticipants, of webhooks that still exist. */
export async function pactWebhookStatus(context: ReadContext, provider: string, consumer: string): Promise<TriggeredEntry[]> {
  for (const name of [provider, consumer]) if ((await context.pacticipants.find(name)) === undefined) throw new NotFound(missing.pacticipant(name));
  const webhooks = await context.webhooks.list();
  const latest = new Map<string, TriggeredEntry>();
  await Promise.all(
    webhooks.map(async (webhook) => {
      for (const triggered of await context.webhookDeliveries.listTriggeredOfWebhook(webhook.uuid, STATUS_SEARCH)) {
        if (triggered.subject.consumer !== consumer || triggered.subject.provider !== provider) continue;
        const key = JSON.stringify([webhook.uuid, triggered.eventName]);
        if (!latest.has(key)) latest.set(key, { triggered, webhook }); // newest first
      }
    }),
  );
  return [...latest.values()].sort((a, b) => a.triggered.createdAt.localeCompare(b.triggered.createdAt) || a.triggered.id.localeCompare(b.triggered.id));
}
