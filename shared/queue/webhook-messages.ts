/**
 * The dispatch queue's message: one attempt of one triggered webhook of one tenant, and when it is due. SQS delays a
 * message by at most 15 minutes, so a later attempt arrives early and is put back until `dueAt` (docs/webhooks.md §4).
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';

export interface WebhookDispatch {
  readonly tenant: string;
  readonly triggeredId: string;
  readonly attempt: number;
  /** Epoch ms; absent: now. */
  readonly dueAt?: number;
}

export function toWebhookMessageBody(dispatch: WebhookDispatch): string {
  return JSON.stringify({ v: 1, ...dispatch });
}

/** Throws with a reason when the body is not a dispatch (the message then goes to the dead-letter queue). */
export function parseWebhookMessageBody(body: string): WebhookDispatch {
  const value = JSON.parse(body) as Record<string, unknown>;
  for (const field of ['tenant', 'triggeredId'] as const) if (typeof value[field] !== 'string' || value[field] === '') throw new Error(`Webhook message has no ${field}`);
  if (!Number.isSafeInteger(value['attempt']) || (value['attempt'] as number) < 1) throw new Error('Webhook message has no attempt number');
  const dueAt = value['dueAt'];
  if (dueAt !== undefined && typeof dueAt !== 'number') throw new Error('Webhook message has a bad dueAt');
  return { tenant: value['tenant'] as string, triggeredId: value['triggeredId'] as string, attempt: value['attempt'] as number, ...(typeof dueAt === 'number' ? { dueAt } : {}) };
}

export interface WebhookQueue {
  /** Each dispatch with the delay it should wait in the queue (at most 900 s). */
  send(dispatches: readonly { readonly dispatch: WebhookDispatch; readonly delaySeconds: number }[]): Promise<void>;
}

let client: SQSClient | undefined;

/** The stack's dispatch queue (WEBHOOK_QUEUE_URL). Without the variable webhooks are not delivered, and saying so is louder than dropping them. */
export const sqsWebhookQueue: WebhookQueue = {
  async send(dispatches) {
    if (dispatches.length === 0) return;
    const queueUrl = process.env['WEBHOOK_QUEUE_URL'];
    if (queueUrl === undefined || queueUrl === '') throw new Error('WEBHOOK_QUEUE_URL is not set: webhook executions cannot be queued');
    client ??= new SQSClient(process.env['AWS_ENDPOINT_URL_SQS'] ? { useQueueUrlAsEndpoint: false } : {});
    for (let start = 0; start < dispatches.length; start += 10) {
      const entries = dispatches.slice(start, start + 10).map(({ dispatch, delaySeconds }, index) => ({
        Id: String(index),
        MessageBody: toWebhookMessageBody(dispatch),
        DelaySeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))),
      }));
      const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      if ((result.Failed ?? []).length > 0) throw new Error(`Could not enqueue ${result.Failed?.length} webhook execution(s): ${result.Failed?.[0]?.Message ?? ''}`);
    }
  },
};
