/**
 * The synthesized template read as a deployment: which functions exist (their source module, execution role,
 * environment, timeout), which API Gateway routes call which function behind which authorizer, which queues and which
 * table stream feed which function (event source mappings of either kind), and what every role's policies allow. CloudFormation intrinsics are resolved against local names
 * (`LocalBindings`), so the local runtime runs each function exactly as the stack configures it.
 */
import { ENTRY_METADATA } from '../../constructs/broker-function.ts';
import type { Template, TemplateResource } from './template.ts';

export type PolicyDocument = { readonly Version?: string; readonly Statement: readonly Record<string, unknown>[] };

export interface LocalQueueName {
  readonly url: string;
  readonly arn: string;
  readonly name: string;
}

/** The local names CloudFormation would have chosen. */
export interface LocalBindings {
  readonly region: string;
  readonly accountId: string;
  readonly tableName: string;
  /**
   * The label of the table's stream (DynamoDB Local's, e.g. `2026-05-28T10:00:00.000`): `Fn::GetAtt Table.StreamArn` is
   * `${tableArn}/stream/<label>`. Where no stream runs (checks of the roles only) the label is `unbound`.
   */
  readonly tableStreamLabel?: string;
  /** By the queue's logical id. */
  readonly queues: Readonly<Record<string, LocalQueueName>>;
}

export interface FunctionSpec {
  readonly logicalId: string;
  /** Repo-relative source module (template metadata `broker:entry`). */
  readonly entry: string;
  readonly roleArn: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export interface RoleSpec {
  readonly logicalId: string;
  readonly arn: string;
  /** Inline and attached (AWS::IAM::Policy) policies from the template. AWS-managed policies are not in a template. */
  readonly policies: readonly { readonly name: string; readonly document: PolicyDocument }[];
  readonly trustPolicy: PolicyDocument;
  readonly managedPolicyArns: readonly string[];
}

export interface RouteSpec {
  readonly routeKey: string;
  readonly method: string;
  readonly path: string;
  readonly functionId: string;
  readonly authorizerId?: string;
  /** The integration's timeout (API Gateway's default 30 s). */
  readonly timeoutMs: number;
}

export interface AuthorizerSpec {
  readonly logicalId: string;
  readonly functionId: string;
  readonly ttlSeconds: number;
  readonly identitySource: readonly string[];
  readonly simpleResponses: boolean;
}

export interface QueueSpec {
  readonly logicalId: string;
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  readonly messageRetentionSeconds?: number;
  readonly deduplicationScope?: string;
  readonly redrive?: { readonly deadLetterLogicalId: string; readonly maxReceiveCount: number };
}

/** An SQS event source mapping. */
export interface EventSourceSpec {
  readonly kind: 'queue';
  readonly functionId: string;
  readonly queueLogicalId: string;
  readonly batchSize: number;
  readonly reportBatchItemFailures: boolean;
}

/** A DynamoDB stream event source mapping, with Lambda's defaults where the template sets nothing. */
export interface StreamEventSourceSpec {
  readonly kind: 'stream';
  readonly logicalId: string;
  readonly functionId: string;
  /** Default 100. */
  readonly batchSize: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly bisectBatchOnFunctionError: boolean;
  /** -1 (the default): retried until the records expire. */
  readonly maximumRetryAttempts: number;
  /** -1 or absent: no limit. */
  readonly maximumRecordAgeSeconds?: number;
  readonly reportBatchItemFailures: boolean;
  /** FilterCriteria.Filters[].Pattern, as JSON text. */
  readonly filterPatterns: readonly string[];
  /** The OnFailure destination (an SQS queue; other destinations are not emulated). */
  readonly onFailureQueueLogicalId?: string;
}

export interface TableSpec {
  readonly logicalId: string;
  readonly partitionKey: string;
  /** The table's StreamSpecification.StreamViewType, when it has a stream. */
  readonly streamViewType?: string;
  /** Partition key attribute by index name. */
  readonly indexPartitionKeys: Readonly<Record<string, string>>;
}

export interface Deployment {
  readonly bindings: LocalBindings;
  readonly table: TableSpec;
  readonly tableArn: string;
  readonly functions: ReadonlyMap<string, FunctionSpec>;
  readonly roles: ReadonlyMap<string, RoleSpec>;
  readonly routes: readonly RouteSpec[];
  readonly authorizers: ReadonlyMap<string, AuthorizerSpec>;
  /** The SQS event source mappings, in template order. */
  readonly eventSources: readonly EventSourceSpec[];
  /** The DynamoDB stream event source mappings, in template order. */
  readonly streamEventSources: readonly StreamEventSourceSpec[];
  /** The table's stream as the template names it (`${tableArn}/stream/<label>`), when the table has one. */
  readonly tableStreamArn?: string;
}

const ofType = (template: Template, type: string): [string, TemplateResource][] => Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
const props = (resource: TemplateResource): Record<string, unknown> => (resource.Properties ?? {}) as Record<string, unknown>;

/** The queues the stack declares, so the local emulator can create them with the same settings. */
export function queueSpecs(template: Template): QueueSpec[] {
  return ofType(template, 'AWS::SQS::Queue').map(([logicalId, resource]) => {
    const p = props(resource);
    const redrive = p['RedrivePolicy'] as { deadLetterTargetArn?: unknown; maxReceiveCount?: number } | undefined;
    const target = redrive?.deadLetterTargetArn as { 'Fn::GetAtt'?: [string, string] } | undefined;
    return {
      logicalId,
      fifo: p['FifoQueue'] === true,
      visibilityTimeoutSeconds: Number(p['VisibilityTimeout'] ?? 30),
      ...(p['MessageRetentionPeriod'] === undefined ? {} : { messageRetentionSeconds: Number(p['MessageRetentionPeriod']) }),
      ...(typeof p['DeduplicationScope'] === 'string' ? { deduplicationScope: p['DeduplicationScope'] } : {}),
      ...(target?.['Fn::GetAtt'] === undefined ? {} : { redrive: { deadLetterLogicalId: target['Fn::GetAtt'][0], maxReceiveCount: Number(redrive?.maxReceiveCount ?? 10) } }),
    };
  });
}

/** The StreamViewType of the template's table, when it has a stream (so the local table is created with it). */
export function tableStreamViewType(template: Template): string | undefined {
  const [table] = [...ofType(template, 'AWS::DynamoDB::GlobalTable'), ...ofType(template, 'AWS::DynamoDB::Table')];
  return table === undefined ? undefined : (props(table[1])['StreamSpecification'] as { StreamViewType?: string } | undefined)?.StreamViewType;
}

/** Names for the template's queues where none run (checks that need the roles and functions, not the queues). */
export function placeholderQueues(template: Template, region: string, accountId: string): Record<string, LocalQueueName> {
  return Object.fromEntries(queueSpecs(template).map((queue) => [queue.logicalId, { url: `http://127.0.0.1/${accountId}/${queue.logicalId}`, arn: `arn:aws:sqs:${region}:${accountId}:${queue.logicalId}`, name: queue.logicalId }]));
}

/** The ARN of the template role whose logical id starts with `name` (CDK appends a hash: `PactBrokerReadRole…`). */
export function roleNamed(deployment: Deployment, name: string): string {
  const role = [...deployment.roles.values()].find((candidate) => candidate.logicalId.startsWith(name));
  if (role === undefined) throw new Error(`No role ${name} in the template`);
  return role.arn;
}

/** Resolves CloudFormation intrinsic functions against local names. */
export class IntrinsicResolver {
  constructor(
    private readonly template: Template,
    private readonly bindings: LocalBindings,
  ) {}

  arnOf(logicalId: string): string {
    const resource = this.resource(logicalId);
    const { region, accountId } = this.bindings;
    switch (resource.Type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${region}:${accountId}:table/${this.bindings.tableName}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${accountId}:role/${logicalId}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${accountId}:function:${logicalId}`;
      case 'AWS::SQS::Queue':
        return this.queue(logicalId).arn;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${accountId}:log-group:${logicalId}:*`;
      default:
        return `arn:aws:local:${region}:${accountId}:${logicalId}`;
    }
  }

  private resource(logicalId: string): TemplateResource {
    const resource = this.template.Resources[logicalId];
    if (resource === undefined) throw new Error(`The template has no resource ${logicalId}`);
    return resource;
  }

  private queue(logicalId: string): LocalQueueName {
    const queue = this.bindings.queues[logicalId];
    if (queue === undefined) throw new Error(`No local queue is bound to ${logicalId}`);
    return queue;
  }

  private ref(name: string): string {
    switch (name) {
      case 'AWS::Region':
        return this.bindings.region;
      case 'AWS::AccountId':
        return this.bindings.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'PactBroker-local';
    }
    const resource = this.resource(name);
    switch (resource.Type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return this.bindings.tableName;
      case 'AWS::SQS::Queue':
        return this.queue(name).url;
      default:
        return name; // roles, functions, APIs, log groups: the logical id is the local physical name
    }
  }

  streamArnOf(logicalId: string): string {
    const type = this.resource(logicalId).Type;
    if (type !== 'AWS::DynamoDB::GlobalTable' && type !== 'AWS::DynamoDB::Table') throw new Error(`Fn::GetAtt ${logicalId}.StreamArn: not a table`);
    return `${this.arnOf(logicalId)}/stream/${this.bindings.tableStreamLabel ?? 'unbound'}`;
  }

  private getAtt(logicalId: string, attribute: string): string {
    if (attribute === 'Arn') return this.arnOf(logicalId);
    if (attribute === 'StreamArn') return this.streamArnOf(logicalId);
    if (attribute === 'QueueUrl') return this.queue(logicalId).url;
    if (attribute === 'QueueName') return this.queue(logicalId).name;
    throw new Error(`Fn::GetAtt ${logicalId}.${attribute} is not known to the local runtime`);
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [only] = entries;
    if (entries.length === 1 && only !== undefined) {
      const [key, argument] = only;
      switch (key) {
        case 'Ref':
          return this.ref(argument as string);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(argument) ? (argument as [string, string]) : (String(argument).split('.') as [string, string]);
          return this.getAtt(logicalId, attribute);
        }
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Sub': {
          const [text, variables] = typeof argument === 'string' ? [argument, {}] : (argument as [string, Record<string, unknown>]);
          return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            if (name in variables) return String(this.resolve(variables[name]));
            const [logicalId, attribute] = name.split('.');
            return attribute === undefined ? this.ref(name) : this.getAtt(logicalId as string, attribute);
          });
        }
        case 'Fn::Select': {
          const [index, list] = argument as [number, unknown];
          return (this.resolve(list) as unknown[])[Number(index)];
        }
        case 'Fn::Split': {
          const [separator, text] = argument as [string, unknown];
          return String(this.resolve(text)).split(separator);
        }
      }
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item)]));
  }
}

const logicalIdIn = (value: unknown): string => {
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt !== undefined) return getAtt[0];
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined) return ref;
  throw new Error(`Expected a Ref or Fn::GetAtt, got ${JSON.stringify(value)}`);
};

/** The integration a route targets: `integrations/<Ref>` as a Join. */
const integrationOf = (target: unknown): string => {
  const join = (target as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const ref = join?.[1].find((part) => typeof part === 'object');
  if (ref === undefined) throw new Error(`Unexpected route target ${JSON.stringify(target)}`);
  return logicalIdIn(ref);
};

/** The function an authorizer URI invokes (`…/functions/<arn>/invocations`). */
const authorizerFunctionOf = (uri: unknown): string => {
  const join = (uri as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const getAtt = join?.[1].find((part) => typeof part === 'object' && part !== null && 'Fn::GetAtt' in part);
  if (getAtt === undefined) throw new Error(`Unexpected authorizer URI ${JSON.stringify(uri)}`);
  return logicalIdIn(getAtt);
};

export function describeDeployment(template: Template, bindings: LocalBindings): Deployment {
  const resolver = new IntrinsicResolver(template, bindings);
  const resolve = <T>(value: unknown): T => resolver.resolve(value) as T;

  const [tableEntry] = [...ofType(template, 'AWS::DynamoDB::GlobalTable'), ...ofType(template, 'AWS::DynamoDB::Table')];
  if (tableEntry === undefined) throw new Error('The template has no DynamoDB table');
  const [tableId, tableResource] = tableEntry;
  const hashOf = (schema: unknown): string => ((schema as { AttributeName: string; KeyType: string }[]).find((key) => key.KeyType === 'HASH') as { AttributeName: string }).AttributeName;
  const tableProps = props(tableResource);
  const streamViewType = (tableProps['StreamSpecification'] as { StreamViewType?: string } | undefined)?.StreamViewType;
  const table: TableSpec = {
    logicalId: tableId,
    partitionKey: hashOf(tableProps['KeySchema']),
    ...(streamViewType === undefined ? {} : { streamViewType }),
    indexPartitionKeys: Object.fromEntries(((tableProps['GlobalSecondaryIndexes'] ?? []) as { IndexName: string; KeySchema: unknown }[]).map((index) => [index.IndexName, hashOf(index.KeySchema)])),
  };

  const functions = new Map<string, FunctionSpec>();
  for (const [logicalId, resource] of ofType(template, 'AWS::Lambda::Function')) {
    const p = props(resource);
    const entry = resource.Metadata?.[ENTRY_METADATA];
    if (typeof entry !== 'string') continue; // not a broker function (none today)
    functions.set(logicalId, {
      logicalId,
      entry,
      roleArn: resolve<string>(p['Role']),
      environment: resolve<Record<string, string>>((p['Environment'] as { Variables?: unknown } | undefined)?.Variables ?? {}),
      timeoutSeconds: Number(p['Timeout'] ?? 3),
      memoryMb: Number(p['MemorySize'] ?? 128),
    });
  }

  const roles = new Map<string, RoleSpec>();
  const attached = new Map<string, { name: string; document: PolicyDocument }[]>();
  for (const [logicalId, resource] of ofType(template, 'AWS::IAM::Policy')) {
    const p = props(resource);
    for (const role of (p['Roles'] ?? []) as unknown[]) {
      const roleId = logicalIdIn(role);
      attached.set(roleId, [...(attached.get(roleId) ?? []), { name: logicalId, document: resolve<PolicyDocument>(p['PolicyDocument']) }]);
    }
  }
  for (const [logicalId, resource] of ofType(template, 'AWS::IAM::Role')) {
    const p = props(resource);
    const inline = ((p['Policies'] ?? []) as { PolicyName: string; PolicyDocument: unknown }[]).map((policy) => ({ name: policy.PolicyName, document: resolve<PolicyDocument>(policy.PolicyDocument) }));
    const arn = resolver.arnOf(logicalId);
    roles.set(arn, {
      logicalId,
      arn,
      policies: [...inline, ...(attached.get(logicalId) ?? [])],
      trustPolicy: resolve<PolicyDocument>(p['AssumeRolePolicyDocument']),
      managedPolicyArns: resolve<string[]>(p['ManagedPolicyArns'] ?? []),
    });
  }

  const integrations = new Map(ofType(template, 'AWS::ApiGatewayV2::Integration').map(([id, resource]) => [id, props(resource)]));
  const routes: RouteSpec[] = ofType(template, 'AWS::ApiGatewayV2::Route').map(([, resource]) => {
    const p = props(resource);
    const routeKey = String(p['RouteKey']);
    const integration = integrations.get(integrationOf(p['Target']));
    if (integration === undefined) throw new Error(`Route ${routeKey} has no integration`);
    const [method, path] = routeKey === '$default' ? ['ANY', '$default'] : (routeKey.split(' ') as [string, string]);
    return {
      routeKey,
      method,
      path,
      functionId: logicalIdIn(integration['IntegrationUri']),
      ...(p['AuthorizationType'] === 'CUSTOM' ? { authorizerId: logicalIdIn(p['AuthorizerId']) } : {}),
      timeoutMs: Number(integration['TimeoutInMillis'] ?? 30_000),
    };
  });

  const authorizers = new Map<string, AuthorizerSpec>();
  for (const [logicalId, resource] of ofType(template, 'AWS::ApiGatewayV2::Authorizer')) {
    const p = props(resource);
    authorizers.set(logicalId, {
      logicalId,
      functionId: authorizerFunctionOf(p['AuthorizerUri']),
      ttlSeconds: Number(p['AuthorizerResultTtlInSeconds'] ?? 300),
      identitySource: (p['IdentitySource'] ?? []) as string[],
      simpleResponses: p['EnableSimpleResponses'] === true,
    });
  }

  const eventSources: EventSourceSpec[] = [];
  const streamEventSources: StreamEventSourceSpec[] = [];
  for (const [logicalId, resource] of ofType(template, 'AWS::Lambda::EventSourceMapping')) {
    const spec = eventSourceOf(template, logicalId, props(resource));
    if (spec.kind === 'queue') eventSources.push(spec);
    else streamEventSources.push(spec);
  }

  return {
    bindings,
    table,
    tableArn: resolver.arnOf(tableId),
    functions,
    roles,
    routes,
    authorizers,
    eventSources,
    streamEventSources,
    ...(streamViewType === undefined ? {} : { tableStreamArn: resolver.streamArnOf(tableId) }),
  };
}

/** Properties of an event source mapping the local runtime does not emulate: refused rather than ignored. */
const UNEMULATED_MAPPING_PROPERTIES = ['TumblingWindowInSeconds', 'ParallelizationFactor', 'StartingPositionTimestamp', 'SelfManagedEventSource', 'Topics', 'Queues', 'ScalingConfig', 'ProvisionedPollerConfig', 'DocumentDBEventSourceConfig'];

function eventSourceOf(template: Template, logicalId: string, p: Record<string, unknown>): EventSourceSpec | StreamEventSourceSpec {
  const functionId = logicalIdIn(p['FunctionName']);
  const responseTypes = (p['FunctionResponseTypes'] ?? []) as string[];
  const filterPatterns = ((p['FilterCriteria'] as { Filters?: { Pattern?: unknown }[] } | undefined)?.Filters ?? []).map((filter) => String(filter.Pattern));
  const sourceArn = p['EventSourceArn'] as { 'Fn::GetAtt'?: [string, string] };
  const [sourceId, attribute] = sourceArn['Fn::GetAtt'] ?? [logicalIdIn(sourceArn), 'Arn'];
  const sourceType = template.Resources[sourceId]?.Type;
  const unemulated = UNEMULATED_MAPPING_PROPERTIES.filter((name) => p[name] !== undefined && !(name === 'ParallelizationFactor' && Number(p[name]) === 1));
  if (unemulated.length > 0) throw new Error(`Event source mapping ${logicalId}: ${unemulated.join(', ')} not emulated locally`);
  if (p['Enabled'] === false) throw new Error(`Event source mapping ${logicalId} is disabled: not emulated locally`);

  if (sourceType === 'AWS::SQS::Queue') {
    if (filterPatterns.length > 0) throw new Error(`Event source mapping ${logicalId}: FilterCriteria on an SQS source are not emulated locally`);
    return { kind: 'queue', functionId, queueLogicalId: sourceId, batchSize: Number(p['BatchSize'] ?? 10), reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures') };
  }
  if ((sourceType === 'AWS::DynamoDB::GlobalTable' || sourceType === 'AWS::DynamoDB::Table') && attribute === 'StreamArn') {
    const startingPosition = String(p['StartingPosition'] ?? '');
    if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST') throw new Error(`Event source mapping ${logicalId}: StartingPosition ${startingPosition || '(none)'} is not one a stream takes`);
    const onFailure = (p['DestinationConfig'] as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure?.Destination;
    let onFailureQueueLogicalId: string | undefined;
    if (onFailure !== undefined) {
      onFailureQueueLogicalId = logicalIdIn(onFailure);
      if (template.Resources[onFailureQueueLogicalId]?.Type !== 'AWS::SQS::Queue') throw new Error(`Event source mapping ${logicalId}: only an SQS queue is emulated as the on-failure destination`);
    }
    const maximumRecordAge = p['MaximumRecordAgeInSeconds'] === undefined ? undefined : Number(p['MaximumRecordAgeInSeconds']);
    return {
      kind: 'stream',
      logicalId,
      functionId,
      batchSize: Number(p['BatchSize'] ?? 100),
      startingPosition,
      bisectBatchOnFunctionError: p['BisectBatchOnFunctionError'] === true,
      maximumRetryAttempts: Number(p['MaximumRetryAttempts'] ?? -1),
      ...(maximumRecordAge === undefined || maximumRecordAge < 0 ? {} : { maximumRecordAgeSeconds: maximumRecordAge }),
      reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
      filterPatterns,
      ...(onFailureQueueLogicalId === undefined ? {} : { onFailureQueueLogicalId }),
    };
  }
  throw new Error(`Event source mapping ${logicalId}: source ${sourceId}.${attribute} (${sourceType ?? 'unknown'}) is not emulated locally`);
}
