/**
 * The one handler per stack behind every broker-contents resource: a Lambda bundled like the broker's functions
 * (NodejsFunction, esbuild, ESM, Node 24 on arm64; infra/constructs/broker-function.ts), one role that may read only the
 * secrets the stack's resources name, and the CDK provider framework in front: a synchronous provider for
 * environments, pacticipants, webhooks and deployments, and for gates one asynchronous provider per total timeout and
 * query interval (its `isComplete` polls can-i-deploy).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { resolve } from 'node:path';
import { BUNDLING, projectRoot } from '../constructs/broker-function.ts';

/** The handler module, relative to the repository root. */
export const HANDLER_ENTRY = 'functions/iac/handler.ts';
const PROVIDER_ID = 'PactBrokerContents';

export class BrokerContentsProvider extends Construct {
  /** The stack's provider, created on first use. */
  static of(scope: Construct): BrokerContentsProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as BrokerContentsProvider | undefined) ?? new BrokerContentsProvider(stack, PROVIDER_ID);
  }

  readonly role: Role;
  readonly onEventFunction: NodejsFunction;
  readonly isCompleteFunction: NodejsFunction;
  private readonly logGroup: LogGroup;
  private readonly granted = new Set<ISecret>();
  private syncProvider: Provider | undefined;
  private readonly gateProviders = new Map<string, Provider>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Pact Broker contents custom resources: calls the broker over HTTPS; reads only the named token secrets',
    });
    this.logGroup.grantWrite(this.role);
    const handler = (functionId: string, exportName: string): NodejsFunction =>
      new NodejsFunction(this, functionId, {
        entry: resolve(projectRoot, HANDLER_ENTRY),
        handler: exportName,
        projectRoot,
        depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: 256,
        // A pacticipant deletion with a long history answers 503 + Retry-After a few times; the client's retry budget is 2 minutes.
        timeout: Duration.minutes(5),
        role: this.role,
        logGroup: this.logGroup,
        loggingFormat: LoggingFormat.JSON,
        bundling: { format: OutputFormat.ESM, ...BUNDLING, mainFields: [...BUNDLING.mainFields], bundleAwsSDK: true },
      });
    this.onEventFunction = handler('OnEvent', 'onEvent');
    this.isCompleteFunction = handler('IsComplete', 'isComplete');
  }

  /** The role may read this secret (GetSecretValue and DescribeSecret on its ARN; decrypt with its key, if it has one). */
  grantSecret(secret: ISecret | undefined): void {
    if (secret === undefined || this.granted.has(secret)) return;
    this.granted.add(secret);
    secret.grantRead(this.role);
  }

  /** For environments, pacticipants, webhooks and deployments: onEvent does everything. */
  get serviceToken(): string {
    this.syncProvider ??= new Provider(this, 'Provider', { onEventHandler: this.onEventFunction });
    return this.syncProvider.serviceToken;
  }

  /** For gates: isComplete polls every `queryInterval` until the answer is known or `totalTimeout` has passed. */
  gateServiceToken(totalTimeout: Duration, queryInterval: Duration): string {
    const key = `${totalTimeout.toSeconds()}s${queryInterval.toSeconds()}s`;
    let provider = this.gateProviders.get(key);
    if (provider === undefined) {
      provider = new Provider(this, `GateProvider${key}`, {
        onEventHandler: this.onEventFunction,
        isCompleteHandler: this.isCompleteFunction,
        totalTimeout,
        queryInterval,
      });
      this.gateProviders.set(key, provider);
    }
    return provider.serviceToken;
  }
}
