/**
 * The CDK app. `npx cdk synth` needs no AWS account. Context: `stage` (dev), `baseUrl` (public URL for HAL links),
 * `adminTokenSha256` (SHA-256 hex of the admin credential).
 */
import { App } from 'aws-cdk-lib';
import { BrokerStack } from './broker-stack.ts';

const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'dev');
const baseUrl = app.node.tryGetContext('baseUrl') as string | undefined;
const adminTokenSha256 = app.node.tryGetContext('adminTokenSha256') as string | undefined;
new BrokerStack(app, `PactBroker-${stage}`, {
  stage,
  ...(baseUrl ? { baseUrl } : {}),
  ...(adminTokenSha256 ? { adminTokenSha256 } : {}),
  description: `Serverless Pact Broker (${stage})`,
});
app.synth();
