/**
 * The comparison worker: an SQS-triggered Lambda (and, locally, the poller `npm start` runs). Each message is one
 * (pact, provider contract) pair; the complete result is written in one conditional put, so a duplicate delivery
 * changes nothing. Failed messages are reported individually (partial batch response) and retried by SQS; after a
 * few receives they go to the dead-letter queue.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseMessageBody } from '#queue/comparison-messages.ts';
import { runComparison } from '#services/comparison-engine.ts';
import { forTenant } from '#composition/context.ts';
import { logger } from '#http/logger.ts';
import { withOriginalStack } from '#http/stack-traces.ts';

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const outcomes = await Promise.allSettled(
    event.Records.map(async (record) => {
      const job = parseMessageBody(record.body);
      // The same composition root as a request: the message's tenant, bound once to its scoped client.
      const result = await runComparison(await forTenant(job.tenant), job);
      logger.info('comparison', { tenant: job.tenant, consumer: job.consumer, provider: job.provider, pactSha: job.pactSha, oasSha: job.oasSha, outcome: result === undefined ? 'content missing' : result.success ? 'compatible' : 'incompatible' });
    }),
  );
  const batchItemFailures = outcomes.flatMap((outcome, index) => {
    if (outcome.status === 'fulfilled') return [];
    const record = event.Records[index];
    logger.error('comparison failed', { messageId: record?.messageId, error: withOriginalStack(outcome.reason) as Error });
    return record === undefined ? [] : [{ itemIdentifier: record.messageId }];
  });
  return { batchItemFailures };
}
