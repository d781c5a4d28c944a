/**
 * Broker contents as CloudFormation resources: environments, pacticipants (applications), webhooks, deployment and
 * release records, and a can-i-deploy gate. Each is a custom resource served by the stack's `BrokerContentsProvider`,
 * which calls the broker's HTTP API as the official CLI does (docs/wire-contract.md) with a token it reads from
 * Secrets Manager at run time; the template names only the secret.
 */
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import type { PactBroker } from '../constructs/pact-broker.ts';
import {
  RESOURCE_TYPES,
  type DeploymentKind,
  type EnvironmentSpec,
  type GateSpec,
  type PacticipantSpec,
  type ResourceKind,
  type ResourceProperties,
  type SecretReference,
  type WebhookSecrets,
  type WebhookSpec,
} from '../../functions/iac/properties.ts';
import { BrokerContentsProvider } from './provider.ts';

/** A token held in Secrets Manager: the whole secret string, or one key of a JSON secret. */
export interface BrokerSecret {
  readonly secret: ISecret;
  /** For a JSON secret, the key holding the value. */
  readonly field?: string;
}

/** Which broker a resource lives in. */
export interface BrokerTarget {
  /** The broker's base URL (https://…), e.g. `PactBroker.api.url` or a broker deployed elsewhere. */
  readonly url: string;
  /** A tenant token with the write role. Omit only for a broker without authentication. */
  readonly token?: BrokerSecret;
}

export const BrokerTarget = {
  /** A broker deployed elsewhere. */
  fromUrl: (url: string, token?: BrokerSecret): BrokerTarget => ({ url, ...(token === undefined ? {} : { token }) }),
  /** The `PactBroker` construct of this app (its API URL; the tenant token still comes from a secret). */
  fromPactBroker: (broker: PactBroker, token: BrokerSecret): BrokerTarget => ({ url: broker.api.url, token }),
};

export interface BrokerResourceProps {
  readonly broker: BrokerTarget;
  /**
   * What happens in the broker when the resource leaves the stack. DESTROY (the default) deletes it (records the
   * undeployment, for a deployment); RETAIN leaves the broker as it is (CloudFormation then never calls the handler).
   */
  readonly removalPolicy?: RemovalPolicy;
}

const reference = (token: BrokerSecret): SecretReference => ({ SecretArn: token.secret.secretArn, ...(token.field === undefined ? {} : { Field: token.field }) });

/** The custom resource under every construct here. */
abstract class BrokerResource extends Construct {
  readonly resource: CustomResource;

  protected constructor(scope: Construct, id: string, kind: ResourceKind, props: BrokerResourceProps, spec: object, extra: { secrets?: WebhookSecrets; serviceToken?: string } = {}) {
    super(scope, id);
    const provider = BrokerContentsProvider.of(this);
    provider.grantSecret(props.broker.token?.secret);
    const properties: ResourceProperties = {
      Broker: { Url: props.broker.url, ...(props.broker.token === undefined ? {} : { Token: reference(props.broker.token) }) },
      // toJsonString keeps tokens (a URL from another resource, say) resolvable inside the JSON.
      Spec: Stack.of(this).toJsonString(spec),
      ...(extra.secrets === undefined ? {} : { Secrets: extra.secrets }),
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: extra.serviceToken ?? provider.serviceToken,
      resourceType: RESOURCE_TYPES[kind],
      properties: properties as unknown as Record<string, unknown>,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
  }

  protected dependOn(...others: (string | Construct)[]): void {
    for (const other of others) if (typeof other !== 'string') this.node.addDependency(other);
  }
}

// ---- Environments ------------------------------------------------------------------------------------------------------

export interface BrokerEnvironmentProps extends BrokerResourceProps {
  /** Unique in the tenant; an existing environment of this name is adopted (and then owned: see removalPolicy). */
  readonly name: string;
  readonly displayName?: string;
  readonly production: boolean;
  readonly contacts?: readonly { readonly name: string; readonly details?: Readonly<Record<string, string>> }[];
}

export class BrokerEnvironment extends BrokerResource {
  readonly name: string;

  constructor(scope: Construct, id: string, props: BrokerEnvironmentProps) {
    const spec: EnvironmentSpec = {
      name: props.name,
      production: props.production,
      ...(props.displayName === undefined ? {} : { displayName: props.displayName }),
      ...(props.contacts === undefined ? {} : { contacts: props.contacts }),
    };
    super(scope, id, 'environment', props, spec);
    this.name = props.name;
  }

  /** The environment's uuid in the broker. */
  get uuid(): string {
    return this.resource.getAttString('Uuid');
  }
}

// ---- Pacticipants ------------------------------------------------------------------------------------------------------

export interface BrokerPacticipantProps extends BrokerResourceProps, Omit<PacticipantSpec, 'name'> {
  /** The pacticipant's name is its identity: renaming it is a new pacticipant (and deletes the old one, unless retained). */
  readonly name: string;
}

export class BrokerPacticipant extends BrokerResource {
  readonly name: string;

  constructor(scope: Construct, id: string, props: BrokerPacticipantProps) {
    const { broker: _broker, removalPolicy: _removalPolicy, ...spec } = props;
    super(scope, id, 'pacticipant', props, spec satisfies PacticipantSpec);
    this.name = props.name;
  }
}

// ---- Webhooks ----------------------------------------------------------------------------------------------------------

export type WebhookEvent =
  | 'contract_content_changed'
  | 'contract_published'
  | 'contract_requiring_verification_published'
  | 'provider_verification_published'
  | 'provider_verification_succeeded'
  | 'provider_verification_failed';

/** A side of a webhook's scope: a pacticipant (by construct or name) or a label. */
export type WebhookScope = BrokerPacticipant | { readonly name: string } | { readonly label: string };

export interface BrokerWebhookProps extends BrokerResourceProps {
  /** 16–100 of A-Za-z0-9_-. Default: derived from the construct's path, so it is stable across deployments. */
  readonly uuid?: string;
  readonly description?: string;
  readonly enabled?: boolean;
  /** Default: contract_content_changed (docs/webhooks.md §1). */
  readonly events?: readonly WebhookEvent[];
  readonly consumer?: WebhookScope;
  readonly provider?: WebhookScope;
  readonly request: {
    readonly method: string;
    /** May use the broker's template parameters, e.g. `${pactbroker.pactUrl}` (docs/webhooks.md §3). */
    readonly url: string;
    /** Header values for the template; secret ones belong in `secretHeaders`. */
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
    readonly username?: string;
    /** The basic-auth password, read from Secrets Manager when the resource is deployed. */
    readonly password?: BrokerSecret;
    /** Header values read from Secrets Manager when the resource is deployed (e.g. `Authorization`). */
    readonly secretHeaders?: Readonly<Record<string, BrokerSecret>>;
  };
}

const scopeOf = (scope: WebhookScope | undefined): WebhookSpec['consumer'] =>
  scope === undefined ? undefined : scope instanceof BrokerPacticipant ? { name: scope.name } : 'label' in scope ? { label: scope.label } : { name: scope.name };

export class BrokerWebhook extends BrokerResource {
  readonly uuid: string;

  constructor(scope: Construct, id: string, props: BrokerWebhookProps) {
    // Construct paths are unique in an app; the stack name keeps two apps' webhooks apart in one tenant.
    const uuid = props.uuid ?? createHash('sha256').update(`${Stack.of(scope).stackName}/${scope.node.path}/${id}`).digest('hex').slice(0, 32);
    const { password, secretHeaders, ...request } = props.request;
    const consumer = scopeOf(props.consumer);
    const provider = scopeOf(props.provider);
    const spec: WebhookSpec = {
      uuid,
      request,
      ...(props.description === undefined ? {} : { description: props.description }),
      ...(props.enabled === undefined ? {} : { enabled: props.enabled }),
      ...(props.events === undefined ? {} : { events: props.events }),
      ...(consumer === undefined ? {} : { consumer }),
      ...(provider === undefined ? {} : { provider }),
    };
    const headers = Object.fromEntries(Object.entries(secretHeaders ?? {}).map(([name, secret]) => [name, reference(secret)]));
    const secrets: WebhookSecrets = {
      ...(password === undefined ? {} : { Password: reference(password) }),
      ...(Object.keys(headers).length === 0 ? {} : { Headers: headers }),
    };
    super(scope, id, 'webhook', props, spec, Object.keys(secrets).length === 0 ? {} : { secrets });
    const contentsProvider = BrokerContentsProvider.of(this);
    contentsProvider.grantSecret(password?.secret);
    for (const secret of Object.values(secretHeaders ?? {})) contentsProvider.grantSecret(secret.secret);
    // The broker refuses a webhook naming a pacticipant that does not exist (docs/webhooks.md §1.2).
    for (const side of [props.consumer, props.provider]) if (side instanceof BrokerPacticipant) this.node.addDependency(side);
    this.uuid = uuid;
  }
}

// ---- Deployments and releases ------------------------------------------------------------------------------------------

export interface PactDeploymentProps extends BrokerResourceProps {
  readonly pacticipant: string | BrokerPacticipant;
  readonly version: string;
  /** The version is created on this branch if it does not exist yet. */
  readonly branch?: string;
  readonly environment: string | BrokerEnvironment;
  /** Deployments only. */
  readonly applicationInstance?: string;
  /** `deployment` (the default: one current version per slot) or `release` (many supported at once). */
  readonly kind?: DeploymentKind;
}

/**
 * Records that the stack deployed (or released) `pacticipant@version` to an environment. Make it depend on the
 * resources it stands for, so it is recorded last, once nothing can fail any more.
 */
export class PactDeployment extends BrokerResource {
  constructor(scope: Construct, id: string, props: PactDeploymentProps) {
    const name = (value: string | BrokerPacticipant | BrokerEnvironment): string => (typeof value === 'string' ? value : value.name);
    const spec = {
      kind: props.kind ?? 'deployment',
      pacticipant: name(props.pacticipant),
      version: props.version,
      environment: name(props.environment),
      ...(props.branch === undefined ? {} : { branch: props.branch }),
      ...(props.applicationInstance === undefined ? {} : { applicationInstance: props.applicationInstance }),
    };
    super(scope, id, 'deployment', props, spec);
    this.dependOn(props.pacticipant, props.environment);
  }

  /** The uuid of the deployed-version (or released-version) record. */
  get recordUuid(): string {
    return this.resource.getAttString('RecordUuid');
  }
}

// ---- The can-i-deploy gate ---------------------------------------------------------------------------------------------

export interface CanIDeployGateProps extends Omit<BrokerResourceProps, 'removalPolicy'> {
  readonly pacticipant: string | BrokerPacticipant;
  readonly version: string;
  readonly environment: string | BrokerEnvironment;
  readonly ignore?: readonly { readonly pacticipant: string; readonly version?: string }[];
  /** How long an unknown answer is waited for (like `--retry-while-unknown`). Default 10 minutes; with `interval`, at most 55. */
  readonly timeout?: Duration;
  /** Between two questions, in whole seconds. Default 10 seconds. */
  readonly interval?: Duration;
}

/**
 * Asks can-i-deploy for `pacticipant@version` into an environment before anything that depends on it deploys: waits
 * while the answer is unknown, and fails the stack with the broker's notices when it is no. Add the gate as a
 * dependency of the app's resources (`service.node.addDependency(gate)`).
 */
export class CanIDeployGate extends BrokerResource {
  constructor(scope: Construct, id: string, props: CanIDeployGateProps) {
    const timeout = props.timeout ?? Duration.minutes(10);
    const interval = props.interval ?? Duration.seconds(10);
    // The question that finds the timeout passed comes up to one interval after it, and CloudFormation waits an hour.
    if (timeout.toSeconds() + interval.toSeconds() > 55 * 60) throw new Error('CanIDeployGate: timeout plus interval may be at most 55 minutes (CloudFormation waits at most an hour)');
    if (interval.toSeconds() < 1) throw new Error('CanIDeployGate: interval must be at least a second');
    const name = (value: string | BrokerPacticipant | BrokerEnvironment): string => (typeof value === 'string' ? value : value.name);
    const spec: GateSpec = {
      pacticipant: name(props.pacticipant),
      version: props.version,
      environment: name(props.environment),
      timeoutSeconds: timeout.toSeconds(),
      ...(props.ignore === undefined ? {} : { ignore: props.ignore }),
    };
    // The framework's own timeout is a backstop a little later: the handler fails first, with the broker's notices.
    // The framework polls a whole number of intervals (it refuses a total that is not a multiple of the interval).
    const totalTimeout = Duration.seconds(Math.ceil((timeout.toSeconds() + 2 * interval.toSeconds() + 60) / interval.toSeconds()) * interval.toSeconds());
    super(scope, id, 'gate', props, spec, { serviceToken: BrokerContentsProvider.of(scope).gateServiceToken(totalTimeout, interval) });
    this.dependOn(props.pacticipant, props.environment);
  }
}
