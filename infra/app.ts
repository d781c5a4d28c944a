/**
 * The CDK app. `npx cdk synth` needs no AWS account. Context: `stage` (dev), `baseUrl` (public URL for HAL links),
 * `adminTokenSha256` (SHA-256 hex of the admin credential), `webhookHostWhitelist` (space-separated hosts webhooks may
 * call; none by default).
 * cdk-nag's AWS Solutions pack checks every synth (an error finding fails it, a warning is printed). Deliberate
 * exceptions are acknowledged, with their reason, in the constructs (Validations.of(...).acknowledge), so apps
 * embedding PactBroker inherit them.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BrokerStack } from './broker-stack.ts';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
const stage = String(app.node.tryGetContext('stage') ?? 'dev');
const baseUrl = app.node.tryGetContext('baseUrl') as string | undefined;
const adminTokenSha256 = app.node.tryGetContext('adminTokenSha256') as string | undefined;
const webhookHosts = String(app.node.tryGetContext('webhookHostWhitelist') ?? '').split(/\s+/).filter((host) => host !== '');
new BrokerStack(app, `PactBroker-${stage}`, {
  stage,
  ...(baseUrl ? { baseUrl } : {}),
  ...(adminTokenSha256 ? { adminTokenSha256 } : {}),
  ...(webhookHosts.length > 0 ? { webhookHostWhitelist: webhookHosts } : {}),
  description: `Serverless Pact Broker (${stage})`,
});
app.synth();
