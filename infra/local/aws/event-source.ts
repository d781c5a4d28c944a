/**
 * An SQS event source mapping, as Lambda runs one: long-polls the queue with the function's execution role (five
 * pollers, as Lambda starts with), hands
 * batches of up to `BatchSize` records to the function, deletes what succeeded, and leaves failures (the whole batch
 * when the invocation failed, else the reported `batchItemFailures`) for redelivery after the visibility timeout —
 * and so, after `maxReceiveCount` receives, for the dead-letter queue.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { EventSourceSpec, LocalQueueName } from './deployment.ts';
import type { IssuedCredentials } from './iam.ts';
import type { InvokeResult } from './lambda-runtime.ts';

/** Lambda polls an SQS queue with five concurrent pollers to begin with. */
const POLLERS = 5;

export interface EventSourceMapping {
  stop(): Promise<void>;
}

export function startEventSourceMapping(options: {
  endpoint: string;
  region: string;
  credentials: IssuedCredentials;
  queue: LocalQueueName;
  source: EventSourceSpec;
  invoke: (event: SQSEvent) => Promise<InvokeResult>;
}): EventSourceMapping {
  const { queue, source } = options;
  const client = new SQSClient({ endpoint: options.endpoint, region: options.region, useQueueUrlAsEndpoint: false, credentials: options.credentials });
  let running = true;
  const poll = async (): Promise<void> => {
    while (running) {
      try {
        const received = await client.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: Math.min(10, source.batchSize), WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
        const messages = received.Messages ?? [];
        if (messages.length === 0 || !running) continue;
        const event: SQSEvent = {
          Records: messages.map((message) => ({
            messageId: message.MessageId as string,
            receiptHandle: message.ReceiptHandle as string,
            body: message.Body ?? '',
            attributes: {
              ApproximateReceiveCount: message.Attributes?.['ApproximateReceiveCount'] ?? '1',
              SentTimestamp: message.Attributes?.['SentTimestamp'] ?? String(Date.now()),
              SenderId: message.Attributes?.['SenderId'] ?? 'local',
              ApproximateFirstReceiveTimestamp: message.Attributes?.['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
              ...(message.Attributes?.['MessageGroupId'] ? { MessageGroupId: message.Attributes['MessageGroupId'] } : {}),
              ...(message.Attributes?.['MessageDeduplicationId'] ? { MessageDeduplicationId: message.Attributes['MessageDeduplicationId'] } : {}),
            },
            messageAttributes: {},
            md5OfBody: message.MD5OfBody ?? '',
            eventSource: 'aws:sqs',
            eventSourceARN: queue.arn,
            awsRegion: options.region,
          })),
        };
        const result = await options.invoke(event);
        let failed: Set<string>;
        if (!result.ok) failed = new Set(event.Records.map((record) => record.messageId));
        else if (source.reportBatchItemFailures) failed = new Set(((result.payload as SQSBatchResponse | null)?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        else failed = new Set();
        const done = messages.filter((message) => !failed.has(message.MessageId as string));
        if (done.length > 0) {
          await client.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle as string })) }));
        }
      } catch (error) {
        if (running) {
          console.error(JSON.stringify({ level: 'ERROR', message: 'event source mapping: poll failed', queue: queue.name, error: String(error) }));
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
  };
  const loops = Array.from({ length: POLLERS }, () => poll());
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      client.destroy();
    },
  };
}
