/**
 * The README's example (section "Broker contents as code (CDK)"), compiled and synthesized by test/iac/constructs.test.ts:
 * a team's stack declares what lives in the broker next to its own service, gates the service on can-i-deploy, and
 * records the deployment once the service is deployed.
 */
import { App, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { BrokerEnvironment, BrokerPacticipant, BrokerTarget, BrokerWebhook, CanIDeployGate, PactDeployment } from './index.ts';

export interface OrdersStackProps extends StackProps {
  /** The version being deployed, e.g. the git sha CI builds. */
  readonly version: string;
}

export class OrdersStack extends Stack {
  constructor(scope: Construct, id: string, props: OrdersStackProps) {
    super(scope, id, props);
    // A broker deployed elsewhere; a tenant token with the write role, kept in Secrets Manager as {"token": "pbt.…"}.
    const token = Secret.fromSecretNameV2(this, 'BrokerToken', 'pact-broker/acme-ci');
    const broker = BrokerTarget.fromUrl('https://pact.example.com', { secret: token, field: 'token' });

    // `production` exists in every tenant: it is adopted (so never deleted by this stack), and retained here as well.
    const production = new BrokerEnvironment(this, 'Production', { broker, name: 'production', displayName: 'Production', production: true, removalPolicy: RemovalPolicy.RETAIN });
    new BrokerEnvironment(this, 'Uat', { broker, name: 'uat', displayName: 'UAT', production: false, contacts: [{ name: 'Team Orders', details: { emailAddress: 'orders@example.com' } }] });

    const orders = new BrokerPacticipant(this, 'Orders', { broker, name: 'Orders', mainBranch: 'main', repositoryUrl: 'https://git.example.com/acme/orders' });
    const payments = new BrokerPacticipant(this, 'Payments', { broker, name: 'Payments', mainBranch: 'main' });

    // Tell Payments' CI when Orders publishes a changed pact; the CI token stays in Secrets Manager.
    new BrokerWebhook(this, 'VerifyChangedPact', {
      broker,
      description: 'Verify changed Orders pacts in the Payments pipeline',
      events: ['contract_requiring_verification_published'],
      consumer: orders,
      provider: payments,
      request: {
        method: 'POST',
        url: 'https://ci.example.com/api/pipelines/payments/verify',
        headers: { 'Content-Type': 'application/json' },
        body: { pactUrl: '${pactbroker.pactUrl}', providerVersion: '${pactbroker.providerVersionNumber}' },
        secretHeaders: { Authorization: { secret: Secret.fromSecretNameV2(this, 'CiToken', 'ci/payments-trigger') } },
      },
    });

    // Nothing of the service deploys unless the broker says this version of Orders can go to production.
    const gate = new CanIDeployGate(this, 'CanIDeploy', { broker, pacticipant: orders, version: props.version, environment: production, timeout: Duration.minutes(15) });

    const service = new LambdaFunction(this, 'OrdersService', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = async () => ({ statusCode: 200 });') });
    service.node.addDependency(gate);

    // Recorded last, once the service is deployed; a rollback records the previous version again, and deleting the
    // stack records the undeployment.
    const deployment = new PactDeployment(this, 'Deployed', { broker, pacticipant: orders, version: props.version, branch: 'main', environment: production });
    deployment.node.addDependency(service);
  }
}

export function exampleApp(version = '1.4.2', app = new App()): App {
  new OrdersStack(app, 'Orders', { version });
  return app;
}
