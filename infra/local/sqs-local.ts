/**
 * The comparison queue, locally: an SQS emulator (fauxqs) listening on loopback, a queue with a dead-letter queue, and
 * a poller that hands batches to the worker handler the way Lambda's event source mapping does (long polling,
 * visibility timeout, partial batch failures left for redelivery, DLQ after a few receives). The broker sends real
 * SQS `SendMessage` calls to it; nothing skips the SQS client.
 */
import { randomUUID } from 'node:crypto';
import { buildApp } from 'fauxqs';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export interface LocalQueue {
  readonly endpoint: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  stop(): Promise<void>;
}

/** Receives before a message goes to the dead-letter queue (as configured in the CDK stack). */
export const MAX_RECEIVE_COUNT = 3;

export async function startLocalQueue(options: { visibilityTimeoutSeconds?: number } = {}): Promise<LocalQueue> {
  const app = buildApp({ logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = address.replace('localhost', '127.0.0.1');
  const client = sqsClient(endpoint);
  const name = `comparisons-${randomUUID().slice(0, 8)}`;
  // FIFO, as in the stack: deduplication ids make repeated requests for one comparison a single message.
  const deadLetter = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: { FifoQueue: 'true' } }));
  const deadLetterArn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: deadLetter.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.['QueueArn'];
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
      },
    }),
  );
  return { endpoint, queueUrl: queue.QueueUrl as string, deadLetterQueueUrl: deadLetter.QueueUrl as string, stop: () => app.close() };
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, useQueueUrlAsEndpoint: false, region: process.env['AWS_REGION'] ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

export interface Poller {
  stop(): Promise<void>;
}

/** Polls the queue and calls the handler with SQS events of up to 10 records, deleting what it handled. */
export function startPoller(endpoint: string, queueUrl: string, handler: (event: SQSEvent) => Promise<SQSBatchResponse>): Poller {
  const client = sqsClient(endpoint);
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const received = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
        const messages = received.Messages ?? [];
        if (messages.length === 0) continue;
        const event: SQSEvent = {
          Records: messages.map((message) => ({
            messageId: message.MessageId as string,
            receiptHandle: message.ReceiptHandle as string,
            body: message.Body ?? '',
            attributes: {
              ApproximateReceiveCount: message.Attributes?.['ApproximateReceiveCount'] ?? '1',
              SentTimestamp: String(Date.now()),
              SenderId: 'local',
              ApproximateFirstReceiveTimestamp: String(Date.now()),
            },
            messageAttributes: {},
            md5OfBody: message.MD5OfBody ?? '',
            eventSource: 'aws:sqs',
            eventSourceARN: `arn:aws:sqs:local:000000000000:${queueUrl.split('/').at(-1) ?? 'queue'}`,
            awsRegion: 'local',
          })),
        };
        let failed = new Set<string>();
        try {
          const response = await handler(event);
          failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        } catch {
          failed = new Set(event.Records.map((record) => record.messageId)); // the whole batch failed: all are retried
        }
        const done = messages.filter((message) => !failed.has(message.MessageId as string));
        if (done.length > 0) {
          await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle as string })) }));
        }
      } catch (error) {
        if (running) await new Promise((resolve) => setTimeout(resolve, 500)); // the emulator is starting or stopping
        void error;
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      client.destroy();
    },
  };
}
