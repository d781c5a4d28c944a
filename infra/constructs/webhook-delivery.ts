/**
 * Webhook delivery: the table's stream feeds an event router (only INSERTs of event items reach it), which queues one
 * message per webhook to call; the dispatcher calls them and re-enqueues a failed call with the next delay of the retry
 * schedule itself (per-message DelaySeconds, which is why the dispatch queue is a standard queue: FIFO queues take no
 * per-message delay). Both reach tenant data only through the tenant write data role, like the comparison worker.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BrokerFunction } from './broker-function.ts';

export interface WebhookDeliveryProps {
  readonly table: ITableV2;
  readonly logGroup: ILogGroup;
  readonly routerRole: IRole;
  readonly dispatcherRole: IRole;
  /** Variables for both functions (the table's are added by BrokerFunction, WEBHOOK_QUEUE_URL here). */
  readonly environment: Readonly<Record<string, string>>;
}

/** Receives of a dispatch message before SQS dead-letters it (the dispatcher retries by re-enqueueing, not by redelivery). */
export const DISPATCH_MAX_RECEIVE_COUNT = 5;
const DISPATCHER_TIMEOUT = Duration.seconds(60);
/** The stream actions Lambda's event source mapping uses with the function's role. */
export const STREAM_READ_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
/** Only new event items (sort key `EVENT`) are routed. */
export const ROUTER_FILTER = { eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: ['EVENT'] } } } };

export class WebhookDelivery extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Where the router's mapping sends what still fails after its retries (Lambda's on-failure destination). */
  readonly routerFailures: Queue;
  readonly router: BrokerFunction;
  readonly dispatcher: BrokerFunction;

  constructor(scope: Construct, id: string, props: WebhookDeliveryProps) {
    super(scope, id);
    const streamArn = props.table.tableStreamArn;
    if (streamArn === undefined) throw new Error('Webhook delivery needs the table to have a stream');
    const queueSettings = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', { retentionPeriod: Duration.days(14), ...queueSettings });
    this.queue = new Queue(this, 'Queue', {
      // Six times the dispatcher's timeout, as Lambda's event source mapping advises.
      visibilityTimeout: Duration.seconds(DISPATCHER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: DISPATCH_MAX_RECEIVE_COUNT },
      ...queueSettings,
    });
    this.routerFailures = new Queue(this, 'RouterFailures', { retentionPeriod: Duration.days(14), ...queueSettings });
    Validations.of(this.routerFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "The on-failure destination of the router's stream event source mapping: it is the dead-letter queue of the stream, and nothing consumes it but an operator.",
    });
    const environment = { ...props.environment, WEBHOOK_QUEUE_URL: this.queue.queueUrl };

    this.router = new BrokerFunction(this, 'Router', { entry: 'functions/stream/route-webhook-events.ts', role: props.routerRole, table: props.table, environment, logGroup: props.logGroup });
    props.routerRole.addToPrincipalPolicy(new PolicyStatement({ actions: STREAM_READ_ACTIONS.filter((action) => action !== 'dynamodb:ListStreams'), resources: [streamArn] }));
    // ListStreams has no resource-level permissions in IAM (it is authorized on `*`); it reveals only stream ARNs.
    props.routerRole.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }));
    const routerPolicy = props.routerRole.node.tryFindChild('DefaultPolicy');
    if (routerPolicy !== undefined) {
      Validations.of(routerPolicy).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: "dynamodb:ListStreams, which Lambda's stream event source mapping calls, supports no resource-level permission: it can only be granted on *. It lists stream ARNs, no data.",
      });
    }
    this.queue.grantSendMessages(props.routerRole);
    // A plain mapping rather than DynamoEventSource, so the settings are stated here; SqsDlq grants the role SendMessage
    // on the failure queue.
    new EventSourceMapping(this, 'RouterEvents', {
      target: this.router,
      eventSourceArn: streamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      bisectBatchOnError: true,
      retryAttempts: 10,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.routerFailures),
      filters: [FilterCriteria.filter(ROUTER_FILTER)],
    });

    this.dispatcher = new BrokerFunction(this, 'Dispatcher', { entry: 'functions/queue/dispatch-webhooks.ts', role: props.dispatcherRole, table: props.table, environment, logGroup: props.logGroup, timeout: DISPATCHER_TIMEOUT });
    this.dispatcher.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));
    // The next attempt of a failed call is a new message with its delay.
    this.queue.grantSendMessages(props.dispatcherRole);
  }
}
