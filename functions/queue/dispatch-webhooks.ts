/**
 * The webhook dispatcher: each SQS message is one attempt of one triggered webhook. The attempt is claimed with a
 * conditional write, so a message delivered twice is sent once; a failed attempt queues the next one from the retry
 * schedule (`PACT_BROKER_WEBHOOK_RETRY_SCHEDULE`). A message that cannot be handled (storage unavailable, say) is
 * reported failed and comes back; after a few receives it goes to the dead-letter queue.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseWebhookMessageBody } from '#queue/webhook-messages.ts';
import { deliverWebhook } from '#services/webhook-delivery.ts';
import { deliverySettings } from '#composition/webhook-delivery.ts';
import { forTenant } from '#composition/context.ts';
import { logger } from '#http/logger.ts';
import { withOriginalStack } from '#http/stack-traces.ts';

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const settings = deliverySettings();
  const outcomes = await Promise.allSettled(
    event.Records.map(async (record) => {
      const dispatch = parseWebhookMessageBody(record.body);
      const result = await deliverWebhook(await forTenant(dispatch.tenant), dispatch, settings);
      logger.info('webhook attempt', { tenant: dispatch.tenant, triggeredId: dispatch.triggeredId, attempt: dispatch.attempt, result });
    }),
  );
  const batchItemFailures = outcomes.flatMap((outcome, index) => {
    if (outcome.status === 'fulfilled') return [];
    const record = event.Records[index];
    logger.error('webhook attempt failed', { messageId: record?.messageId, error: withOriginalStack(outcome.reason) as Error });
    return record === undefined ? [] : [{ itemIdentifier: record.messageId }];
  });
  return { batchItemFailures };
}
