/**
 * The comparison queue: SQS with a dead-letter queue, and the worker Lambda that runs pact-vs-OpenAPI comparisons,
 * reporting failures per message (partial batch response) so one bad message does not replay its batch.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BrokerFunction } from './broker-function.ts';

export interface ComparisonQueueProps {
  readonly table: ITableV2;
  readonly logGroup: ILogGroup;
  readonly workerRole: IRole;
  readonly environment: Readonly<Record<string, string>>;
}

/** Receives before a message is dead-lettered (the local emulator uses the same number). */
export const MAX_RECEIVE_COUNT = 3;
const WORKER_TIMEOUT = Duration.seconds(60);

export class ComparisonQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly worker: BrokerFunction;

  constructor(scope: Construct, id: string, props: ComparisonQueueProps) {
    super(scope, id);
    // FIFO for deduplication: repeated requests for one comparison within five minutes are one message. Each pair is
    // its own message group, so ordering never holds one pair behind another.
    // Both queues refuse requests not made over TLS (a queue policy denying aws:SecureTransport false).
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', { fifo: true, retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      // Six times the worker's timeout, as Lambda's event source mapping advises, so a slow batch is not redelivered.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.worker = new BrokerFunction(this, 'Worker', {
      entry: 'functions/queue/compare-contracts.ts',
      role: props.workerRole,
      table: props.table,
      environment: props.environment,
      logGroup: props.logGroup,
      timeout: WORKER_TIMEOUT,
    });
    // FIFO event sources take no batching window.
    this.worker.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));
  }
}
