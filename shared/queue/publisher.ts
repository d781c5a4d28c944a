/**
 * Sends comparison jobs to the SQS queue named by COMPARISON_QUEUE_URL (in AWS the stack's queue, locally the
 * SQS emulator `npm start` runs). Without the variable, nothing is sent and comparisons are only made on demand.
 *
 * The queue is FIFO: each job's deduplication id is the hash of its tenant and pair, so however many publications and
 * polling can-i-deploy calls ask for the same comparison within SQS's five-minute window, it is enqueued once. Each
 * pair is its own message group, so the worker still processes different pairs in parallel.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ComparisonJob } from '#domain/model.ts';
import { createHash } from 'node:crypto';
import { toMessageBody } from './comparison-messages.ts';

export const deduplicationId = (job: ComparisonJob): string =>
  createHash('sha256').update(JSON.stringify([job.tenant, job.consumer, job.provider, job.pactSha, job.oasSha])).digest('hex');

export interface ComparisonQueue {
  send(jobs: readonly ComparisonJob[]): Promise<void>;
}

let client: SQSClient | undefined;

export const sqsComparisonQueue: ComparisonQueue = {
  async send(jobs) {
    const queueUrl = process.env['COMPARISON_QUEUE_URL'];
    if (queueUrl === undefined || queueUrl === '' || jobs.length === 0) return;
    // With a local endpoint (the emulator), address it directly rather than the host named in the queue URL.
    client ??= new SQSClient(process.env['AWS_ENDPOINT_URL_SQS'] ? { useQueueUrlAsEndpoint: false } : {});
    for (let start = 0; start < jobs.length; start += 10) {
      const entries = jobs.slice(start, start + 10).map((job, index) => ({
        Id: String(index),
        MessageBody: toMessageBody(job),
        MessageGroupId: deduplicationId(job),
        MessageDeduplicationId: deduplicationId(job),
      }));
      const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      if ((result.Failed ?? []).length > 0) throw new Error(`Could not enqueue ${result.Failed?.length} comparison(s): ${result.Failed?.[0]?.Message ?? ''}`);
    }
  },
};
