/** The deployable stack: it only instantiates the reusable PactBroker construct. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PactBroker, type PactBrokerProps } from './constructs/pact-broker.ts';

export interface BrokerStackProps extends StackProps, Pick<PactBrokerProps, 'webhookHostWhitelist' | 'webhookSchemeWhitelist' | 'webhookHttpMethodWhitelist' | 'webhookRetrySchedule'> {
  readonly stage: string;
  readonly baseUrl?: string;
  readonly adminTokenSha256?: string;
}

export class BrokerStack extends Stack {
  readonly broker: PactBroker;

  constructor(scope: Construct, id: string, props: BrokerStackProps) {
    super(scope, id, props);
    this.broker = new PactBroker(this, 'PactBroker', {
      stage: props.stage,
      ...(props.baseUrl === undefined ? {} : { baseUrl: props.baseUrl }),
      ...(props.adminTokenSha256 === undefined ? {} : { adminTokenSha256: props.adminTokenSha256 }),
      ...(props.webhookHostWhitelist === undefined ? {} : { webhookHostWhitelist: props.webhookHostWhitelist }),
      ...(props.webhookSchemeWhitelist === undefined ? {} : { webhookSchemeWhitelist: props.webhookSchemeWhitelist }),
      ...(props.webhookHttpMethodWhitelist === undefined ? {} : { webhookHttpMethodWhitelist: props.webhookHttpMethodWhitelist }),
      ...(props.webhookRetrySchedule === undefined ? {} : { webhookRetrySchedule: props.webhookRetrySchedule }),
    });
  }
}
