/** Broker contents as code: the constructs a platform team imports into its CDK app (README "Broker contents as code (CDK)"). */
export {
  BrokerEnvironment,
  BrokerPacticipant,
  BrokerTarget,
  BrokerWebhook,
  CanIDeployGate,
  PactDeployment,
  type BrokerEnvironmentProps,
  type BrokerPacticipantProps,
  type BrokerResourceProps,
  type BrokerSecret,
  type BrokerWebhookProps,
  type CanIDeployGateProps,
  type PactDeploymentProps,
  type WebhookEvent,
  type WebhookScope,
} from './resources.ts';
export { BrokerContentsProvider } from './provider.ts';
