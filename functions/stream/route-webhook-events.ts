/**
 * The webhook event router: the table's stream delivers each new event item (the outbox written with the publication
 * or verification that caused it; the event source mapping filters out everything else). Each event becomes triggered
 * webhooks and queued first attempts; routing an event again creates nothing twice. A record that fails is reported
 * by its sequence number, so the stream retries from there (in order), and after the mapping's retries it goes to the
 * on-failure queue.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { webhookEventOfItem } from '#composition/webhook-delivery.ts';
import { routeWebhookEvent } from '#services/webhook-routing.ts';
import { forTenant } from '#composition/context.ts';
import { logger } from '#http/logger.ts';
import { withOriginalStack } from '#http/stack-traces.ts';

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  // In order: the first failure stops the batch, and everything from it is retried.
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    try {
      const stored = image === undefined ? undefined : webhookEventOfItem(unmarshall(image as Record<string, AttributeValue>));
      if (stored === undefined) continue;
      const routed = await routeWebhookEvent(await forTenant(stored.tenant), stored.event);
      logger.info('webhook event routed', { tenant: stored.tenant, eventId: stored.event.id, names: stored.event.names, ...routed });
    } catch (error) {
      logger.error('webhook event routing failed', { eventID: record.eventID, error: withOriginalStack(error) as Error });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
