/** The broker's one DynamoDB table, built from the same key-schema data the tests use. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { brokerTableDefinition } from '../../shared/storage/table-definition.ts';

export interface BrokerTableProps {
  /** Outside `dev` the table is retained on stack deletion and protected against deletion. */
  readonly stage: string;
  /** Overrides the stage default (DESTROY in dev, RETAIN elsewhere), e.g. DESTROY for short-lived preview stages. */
  readonly removalPolicy?: RemovalPolicy;
}

export class BrokerTable extends Construct {
  readonly table: TableV2;
  /** One ARN per global index, by name: grants list them rather than `index/*`. */
  readonly indexArns: readonly string[];

  constructor(scope: Construct, id: string, props: BrokerTableProps) {
    super(scope, id);
    const definition = brokerTableDefinition;
    const removalPolicy = props.removalPolicy ?? (props.stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: definition.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey.name, type: AttributeType.STRING },
      globalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: index.sortKey.name, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      // New items only: the webhook event router reads the event items written (infra/constructs/webhook-delivery.ts).
      dynamoStream: StreamViewType.NEW_IMAGE,
      // Webhook events, triggered webhooks and their attempts expire (docs/webhooks.md §4); nothing else sets `ttl`.
      timeToLiveAttribute: 'ttl',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // A table the stack is told to destroy must not be protected, or deleting the stack would fail.
      deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy,
    });
    this.indexArns = definition.globalSecondaryIndexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`);
  }
}
