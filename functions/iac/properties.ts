/**
 * What the broker-contents custom resources (infra/iac/) put in the template and what their handler reads back: the
 * resource types and the wire shape of `ResourceProperties`. Pure data, no imports, so the CDK constructs and the
 * Lambda handler share one definition without the handler's bundle carrying CDK.
 *
 * Each resource's desired state travels as one JSON string (`Spec`): CloudFormation stringifies every scalar of a
 * custom resource's properties (`true` arrives as "true"), and a string that the handler parses keeps booleans,
 * numbers and nesting as the construct wrote them.
 */

export const RESOURCE_TYPES = {
  environment: 'Custom::PactBrokerEnvironment',
  pacticipant: 'Custom::PactBrokerPacticipant',
  webhook: 'Custom::PactBrokerWebhook',
  deployment: 'Custom::PactBrokerDeployment',
  gate: 'Custom::PactBrokerCanIDeployGate',
} as const;

export type ResourceKind = keyof typeof RESOURCE_TYPES;

/** A value held in Secrets Manager: the secret's ARN and, for a JSON secret, the key holding the value. */
export interface SecretReference {
  readonly SecretArn: string;
  readonly Field?: string;
}

/** Which broker to call. The token is never in the template: only the secret holding it. */
export interface BrokerProperties {
  readonly Url: string;
  readonly Token?: SecretReference;
}

/** `ResourceProperties` of every broker-contents resource (besides `ServiceToken`, which CloudFormation adds). */
export interface ResourceProperties {
  readonly Broker: BrokerProperties;
  /** JSON of the kind's spec below. */
  readonly Spec: string;
  /** Webhooks only: values read from Secrets Manager at run time and put into the request the broker stores. */
  readonly Secrets?: WebhookSecrets;
}

export interface EnvironmentSpec {
  readonly name: string;
  readonly displayName?: string;
  readonly production: boolean;
  /** As the broker stores them (docs/rules.md §2.1): `[{name, details?}]`. */
  readonly contacts?: readonly { readonly name: string; readonly details?: Readonly<Record<string, string>> }[];
}

export interface PacticipantSpec {
  readonly name: string;
  readonly displayName?: string;
  readonly mainBranch?: string;
  readonly repositoryUrl?: string;
  readonly repositoryName?: string;
  readonly repositoryNamespace?: string;
}

/** The webhook as `PUT /webhooks/{uuid}` takes it (docs/webhooks.md §1), plus its uuid. */
export interface WebhookSpec {
  readonly uuid: string;
  readonly description?: string;
  readonly enabled?: boolean;
  readonly events?: readonly string[];
  readonly consumer?: { readonly name?: string; readonly label?: string };
  readonly provider?: { readonly name?: string; readonly label?: string };
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
    readonly username?: string;
  };
}

export interface WebhookSecrets {
  readonly Password?: SecretReference;
  /** Header name → the secret holding its value. */
  readonly Headers?: Readonly<Record<string, SecretReference>>;
}

export type DeploymentKind = 'deployment' | 'release';

export interface DeploymentSpec {
  readonly kind: DeploymentKind;
  readonly pacticipant: string;
  readonly version: string;
  /** The version is created on this branch when it does not exist (and put on it when it does). */
  readonly branch?: string;
  readonly environment: string;
  /** Deployments only; absent (or "") means no application instance (docs/rules.md §3.1). */
  readonly applicationInstance?: string;
}

export interface GateSpec {
  readonly pacticipant: string;
  readonly version: string;
  readonly environment: string;
  readonly ignore?: readonly { readonly pacticipant: string; readonly version?: string }[];
  /** How long an unknown answer is waited for, from the first check. */
  readonly timeoutSeconds: number;
}
