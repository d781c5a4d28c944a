/** Use cases on webhooks themselves: create, replace, read, list, delete (docs/webhooks.md §1). Firing is in ./webhook-events.ts. */
import { NotFound, ValidationFailed, WriteConflict } from '#domain/errors.ts';
import { missing, webhookRefused } from '#domain/messages.ts';
import { WEBHOOK_UUID, keepStoredSecrets, namedConsumer, namedProvider, secretsToResend, type Webhook, type WebhookDefinition } from '#domain/webhooks/definition.ts';
import { nowOf, type ReadContext, type ServiceContext } from './context.ts';
import { withOptimisticRetry } from './retry.ts';

export const webhookNotFound = (uuid: string): NotFound => new NotFound(missing.webhook(uuid));

/** A pacticipant the body names must exist (reported by field, as the reference does). */
async function checkNamedPacticipants(context: ReadContext, definition: WebhookDefinition): Promise<void> {
  const errors: Record<string, string[]> = {};
  for (const side of ['consumer', 'provider'] as const) {
    const scope = definition[side];
    if (scope === undefined || !('name' in scope)) continue;
    if ((await context.pacticipants.find(scope.name)) === undefined) errors[`${side}.name`] = [webhookRefused.noSuchPacticipant()];
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
}

/**
 * `POST /webhooks/provider/{p}/consumer/{c}` and the one-sided forms: the path names the pacticipants (each must exist:
 * a 404 otherwise); a name in the body wins over the path, as in the reference (docs/webhooks.md §1.2).
 */
export async function scopeFromPath(context: ReadContext, definition: WebhookDefinition, path: { consumer?: string; provider?: string }): Promise<WebhookDefinition> {
  for (const name of [path.provider, path.consumer]) {
    if (name !== undefined && (await context.pacticipants.find(name)) === undefined) throw new NotFound(missing.pacticipant(name));
  }
  return {
    ...definition,
    ...(path.consumer === undefined || definition.consumer !== undefined ? {} : { consumer: { name: path.consumer } }),
    ...(path.provider === undefined || definition.provider !== undefined ? {} : { provider: { name: path.provider } }),
  };
}

export async function createWebhook(context: ServiceContext, definition: WebhookDefinition): Promise<Webhook> {
  await checkNamedPacticipants(context, definition);
  const webhook: Webhook = { ...definition, uuid: context.newId(), createdAt: nowOf(context), revision: 1 };
  await context.webhooks.put(webhook, undefined);
  return webhook;
}

/** `PUT /webhooks/{uuid}`: creates the webhook with the caller's uuid, or replaces it whole. */
export async function saveWebhook(context: ServiceContext, uuid: string, definition: WebhookDefinition): Promise<{ webhook: Webhook; created: boolean }> {
  if (!WEBHOOK_UUID.test(uuid)) throw ValidationFailed.of('uuid', webhookRefused.badUuid());
  await checkNamedPacticipants(context, definition);
  return withOptimisticRetry(context, `webhook ${uuid}`, async () => {
    const existing = await context.webhooks.find(uuid);
    const resend = existing === undefined ? [] : secretsToResend(definition.request, existing.request);
    if (resend.length > 0) throw new ValidationFailed(Object.fromEntries(resend.map((field) => [field, [webhookRefused.resendSecret()]])));
    const now = nowOf(context);
    const webhook: Webhook =
      existing === undefined
        ? { ...definition, uuid, createdAt: now, revision: 1 }
        : { ...definition, request: keepStoredSecrets(definition.request, existing.request), uuid, createdAt: existing.createdAt, updatedAt: now, revision: existing.revision + 1 };
    await context.webhooks.put(webhook, existing?.revision);
    return { webhook, created: existing === undefined };
  });
}

export async function getWebhook(context: ReadContext, uuid: string): Promise<Webhook> {
  const webhook = await context.webhooks.find(uuid);
  if (webhook === undefined) throw webhookNotFound(uuid);
  return webhook;
}

/**
 * The tenant's webhooks, oldest first. Scoped (the reference's `/webhooks/provider/{p}/consumer/{c}` and one-sided
 * forms): those naming exactly these pacticipants, a side the scope leaves out being one the webhook names no
 * pacticipant on (it may be unset or a label).
 */
export async function listWebhooks(context: ReadContext, scope?: { consumer?: string; provider?: string }): Promise<Webhook[]> {
  const all = await context.webhooks.list();
  return all
    .filter((webhook) => scope === undefined || (namedConsumer(webhook) === scope.consumer && namedProvider(webhook) === scope.provider))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.uuid.localeCompare(b.uuid));
}

export async function deleteWebhook(context: ServiceContext, uuid: string): Promise<void> {
  try {
    await context.webhooks.delete(uuid);
  } catch (error) {
    if (error instanceof WriteConflict) throw webhookNotFound(uuid);
    throw error;
  }
}
