/**
 * The broker's AWS account, locally, built from the synthesized template: the IAM-enforcing AWS endpoint in front of
 * DynamoDB Local and the SQS emulator, the template's table (with its stream) and queues, every function in
 * Lambda-like environments with its own role credentials and variables, and the template's event source mappings (SQS
 * queues and the table's stream) polling with the function's role.
 * `npm start`, the test harness and the bench all run the broker through this.
 *
 * `BROKER_AWS_RULES=off` turns off IAM evaluation, payload limits and timeouts (for debugging); on by default.
 */
import { randomUUID } from 'node:crypto';
import { buildApp } from 'fauxqs';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startAwsEndpoint, type AwsEndpoint } from './aws-endpoint.ts';
import { describeDeployment, queueSpecs, tableStreamViewType, type Deployment, type FunctionSpec, type LocalQueueName } from './deployment.ts';
import type { IamPrincipal, IssuedCredentials } from './iam.ts';
import { FunctionPool, type InvokeResult } from './lambda-runtime.ts';
import { DEPLOY_TIME_PLACEHOLDER, loadTemplate, type Template } from './template.ts';
import { startEventSourceMapping, type EventSourceMapping } from './event-source.ts';
import { startStreamEventSourceMapping } from './stream-source.ts';
import { ensureTable } from '../dynamodb-local.ts';

export const LOCAL_ACCOUNT = '000000000000';

export function awsRulesEnabled(): boolean {
  return !['off', 'false', '0'].includes((process.env['BROKER_AWS_RULES'] ?? '').toLowerCase());
}

/**
 * Settings the local operator chooses. Variables the template defines get these values (a placeholder the template
 * carries is removed when no value is given); the debugging knobs are added to every function.
 */
export interface LocalSettings {
  readonly tableName: string;
  readonly auth: boolean;
  readonly baseUrl?: string;
  readonly adminTokenSha256?: string;
  /**
   * The webhook settings (PACT_BROKER_WEBHOOK_HOST_WHITELIST, _SCHEME_WHITELIST, _HTTP_METHOD_WHITELIST,
   * _RETRY_SCHEDULE; space-separated), on the functions the template gives them to. Unset ones keep the template's
   * value; the host whitelist, which the template leaves to the deployment, is then not set.
   */
  readonly webhooks?: Readonly<Partial<Record<WebhookSetting, string>>>;
  /** LOG_LEVEL, AUTH_CACHE_TTL_MS, DEFAULT_TENANT, COMPARISON_RECENT_BRANCH_DAYS, when set. */
  readonly extra?: Readonly<Record<string, string>>;
}

export const WEBHOOK_SETTINGS = ['PACT_BROKER_WEBHOOK_HOST_WHITELIST', 'PACT_BROKER_WEBHOOK_SCHEME_WHITELIST', 'PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST', 'PACT_BROKER_WEBHOOK_RETRY_SCHEDULE'] as const;
export type WebhookSetting = (typeof WEBHOOK_SETTINGS)[number];

/** The webhook settings set in this process (`npm start`), to give the functions that take them. */
export function webhookSettingsFromEnvironment(): Partial<Record<WebhookSetting, string>> {
  return Object.fromEntries(WEBHOOK_SETTINGS.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name] as string]])));
}

export interface LocalAws {
  readonly deployment: Deployment;
  readonly endpoint: AwsEndpoint;
  readonly enforce: boolean;
  /** Credentials that may do anything: the local operator (creating tables, seeding the default tenant, tests' checks). */
  readonly operatorCredentials: IssuedCredentials;
  /** Credentials of a role's session as a given caller would hold them (tests use them to probe the policies). */
  credentialsFor(roleArn: string, label: string, sessionPolicy?: string): IssuedCredentials;
  invoke(functionId: string, event: unknown): Promise<InvokeResult>;
  readonly queueUrls: Readonly<Record<string, string>>;
  /** DynamoDB Local's ARN of the table's stream (the template's form is `deployment.tableStreamArn`). */
  readonly localStreamArn?: string;
  close(): Promise<void>;
}

const DEBUG_SETTINGS = ['LOG_LEVEL', 'AUTH_CACHE_TTL_MS', 'DEFAULT_TENANT', 'COMPARISON_RECENT_BRANCH_DAYS', 'POWERTOOLS_LOG_LEVEL'];

/** The debugging knobs set in this process, to pass on to the functions. */
export function debugSettingsFromEnvironment(): Record<string, string> {
  return Object.fromEntries(DEBUG_SETTINGS.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name] as string]])));
}

/** A function's variables: the template's with the local settings applied, and what Lambda itself sets. */
export function functionEnvironment(spec: FunctionSpec, settings: LocalSettings, credentials: IssuedCredentials, endpoint: string, region: string): Record<string, string> {
  const variables: Record<string, string> = { ...spec.environment };
  const replace = (name: string, value: string | undefined): void => {
    if (!(name in variables)) return;
    if (value === undefined || value === '') delete variables[name];
    else variables[name] = value;
  };
  replace('BROKER_BASE_URL', settings.baseUrl);
  replace('BROKER_ADMIN_TOKEN_SHA256', settings.adminTokenSha256);
  replace('BROKER_AUTH', settings.auth ? 'on' : 'off');
  for (const name of WEBHOOK_SETTINGS) if (settings.webhooks?.[name] !== undefined) replace(name, settings.webhooks[name]);
  for (const [name, value] of Object.entries(variables)) if (value === DEPLOY_TIME_PLACEHOLDER) delete variables[name];
  return {
    ...variables,
    ...settings.extra,
    // What Lambda itself sets, and the local endpoints every SDK client picks up.
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: spec.logicalId,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_SQS: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
    TZ: 'UTC',
  };
}

export interface LocalAwsOptions {
  readonly dynamoDbEndpoint: string;
  readonly settings: LocalSettings;
  readonly region?: string;
  /**
   * Tests only: a shorter visibility timeout than the template's (six minutes), so redelivery and dead-lettering can
   * be watched in seconds. Nothing else of the template can be overridden.
   */
  readonly queueVisibilityTimeoutSeconds?: number;
  /** Tests only: sees every invocation (function logical id and event) before it runs. */
  readonly onInvoke?: (functionId: string, event: unknown) => void;
  /** Tests only: a modified copy of the synthesized template (to prove the suites fail when the template is wrong). */
  readonly template?: Template;
}

/** A session of a template role, as Lambda (execution role) or STS (assumed role) would hand it out. */
export function roleSessionPrincipal(deployment: Deployment, roleArn: string, label: string, sessionPolicy?: string): IamPrincipal {
  const role = deployment.roles.get(roleArn);
  if (role === undefined) throw new Error(`No role ${roleArn} in the template`);
  return {
    arn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${role.logicalId}/${label}`,
    roleArn,
    accountId: LOCAL_ACCOUNT,
    policies: role.policies,
    ...(sessionPolicy === undefined ? {} : { sessionPolicy: JSON.parse(sessionPolicy) as IamPrincipal['sessionPolicy'] }),
    label,
  };
}

export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const region = options.region ?? 'us-east-1';
  const enforce = awsRulesEnabled();
  const template = options.template ?? (await loadTemplate());
  const endpoint = await startAwsEndpoint({ dynamoDbEndpoint: options.dynamoDbEndpoint, region, accountId: LOCAL_ACCOUNT, enforce });
  const operator: IamPrincipal = { arn: `arn:aws:iam::${LOCAL_ACCOUNT}:user/local-operator`, roleArn: '', accountId: LOCAL_ACCOUNT, policies: [], label: 'local operator', unrestricted: true };
  const operatorCredentials = endpoint.issue(operator);
  // The table as CloudFormation creates it (with the template's stream), while the queues are made.
  const streamViewType = tableStreamViewType(template);
  const table = ensureTable(options.dynamoDbEndpoint, options.settings.tableName, streamViewType === undefined ? {} : { streamViewType });
  table.catch(() => undefined); // awaited below

  // The template's queues, created as CloudFormation would (dead-letter queues first).
  const sqs = buildApp({ logger: false });
  const sqsAddress = (await sqs.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  endpoint.setSqsEndpoint(sqsAddress);
  const operatorSqs = new SQSClient({ endpoint: endpoint.url, region, useQueueUrlAsEndpoint: false, credentials: operatorCredentials });
  const queues: Record<string, LocalQueueName> = {};
  const specs = queueSpecs(template).sort((a, b) => Number(a.redrive !== undefined) - Number(b.redrive !== undefined));
  const suffix = randomUUID().slice(0, 8);
  for (const spec of specs) {
    const name = `${spec.logicalId.slice(0, 60)}-${suffix}${spec.fifo ? '.fifo' : ''}`;
    const attributes: Record<string, string> = { VisibilityTimeout: String(options.queueVisibilityTimeoutSeconds ?? spec.visibilityTimeoutSeconds) };
    if (spec.fifo) attributes['FifoQueue'] = 'true';
    if (spec.messageRetentionSeconds !== undefined) attributes['MessageRetentionPeriod'] = String(spec.messageRetentionSeconds);
    if (spec.redrive !== undefined) {
      const deadLetter = queues[spec.redrive.deadLetterLogicalId];
      if (deadLetter === undefined) throw new Error(`Dead-letter queue ${spec.redrive.deadLetterLogicalId} is not in the template`);
      attributes['RedrivePolicy'] = JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: spec.redrive.maxReceiveCount });
    }
    const created = await operatorSqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const url = created.QueueUrl as string;
    const arn = (await operatorSqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.['QueueArn'] as string;
    queues[spec.logicalId] = { url, arn, name };
    endpoint.queueArns.set(url, arn);
  }
  operatorSqs.destroy();

  const { streamArn: localStreamArn } = await table;
  const tableStreamLabel = localStreamArn?.slice(localStreamArn.indexOf('/stream/') + '/stream/'.length);
  const deployment = describeDeployment(template, { region, accountId: LOCAL_ACCOUNT, tableName: options.settings.tableName, queues, ...(tableStreamLabel === undefined ? {} : { tableStreamLabel }) });
  endpoint.register(deployment);
  const principalFor = (roleArn: string, label: string, sessionPolicy?: string): IamPrincipal => roleSessionPrincipal(deployment, roleArn, label, sessionPolicy);

  const routeKeys = new Map<string, string>();
  for (const route of deployment.routes) routeKeys.set(route.functionId, route.routeKey);
  const pools = new Map<string, FunctionPool>();
  for (const spec of deployment.functions.values()) {
    const label = routeKeys.has(spec.logicalId) ? `${spec.logicalId} (${routeKeys.get(spec.logicalId)})` : spec.logicalId;
    // The execution role's credentials, as Lambda hands them to the function in its environment.
    const credentials = endpoint.issue(principalFor(spec.roleArn, label));
    pools.set(spec.logicalId, new FunctionPool(spec, functionEnvironment(spec, options.settings, credentials, endpoint.url, region), { enforce, ...(process.env['BROKER_LAMBDA_ENVIRONMENTS'] ? { maxEnvironments: Number(process.env['BROKER_LAMBDA_ENVIRONMENTS']) } : {}) }));
  }
  const invoke = (functionId: string, event: unknown): Promise<InvokeResult> => {
    const pool = pools.get(functionId);
    if (pool === undefined) throw new Error(`No function ${functionId} in the template`);
    options.onInvoke?.(functionId, event);
    return pool.invoke(event);
  };

  // Lambda's event source mappings poll with the function's execution role.
  const mappings: EventSourceMapping[] = deployment.eventSources.map((source) => {
    const spec = deployment.functions.get(source.functionId);
    const queue = queues[source.queueLogicalId];
    if (spec === undefined || queue === undefined) throw new Error(`Event source for ${source.functionId} names unknown resources`);
    const credentials = endpoint.issue(principalFor(spec.roleArn, `${spec.logicalId} (event source mapping)`));
    return startEventSourceMapping({ endpoint: endpoint.url, region, credentials, queue, source, invoke: (event) => invoke(source.functionId, event) });
  });
  // The table's stream, read as Lambda reads it (in order per shard, filtered, retried, failures to the destination).
  const streamMappings = deployment.streamEventSources.map((source) => {
    const spec = deployment.functions.get(source.functionId);
    const streamArn = deployment.tableStreamArn;
    const onFailureQueue = source.onFailureQueueLogicalId === undefined ? undefined : queues[source.onFailureQueueLogicalId];
    if (spec === undefined || streamArn === undefined || (source.onFailureQueueLogicalId !== undefined && onFailureQueue === undefined)) throw new Error(`Stream event source ${source.logicalId} names unknown resources`);
    const credentials = endpoint.issue(principalFor(spec.roleArn, `${spec.logicalId} (event source mapping)`));
    return startStreamEventSourceMapping({
      endpoint: endpoint.url,
      region,
      credentials,
      streamArn,
      source,
      functionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${spec.logicalId}`,
      ...(onFailureQueue === undefined ? {} : { onFailureQueue }),
      invoke: (event) => invoke(source.functionId, event),
    });
  });
  await Promise.all(streamMappings.map((mapping) => mapping.ready));

  return {
    deployment,
    endpoint,
    enforce,
    operatorCredentials,
    credentialsFor: (roleArn, label, sessionPolicy) => endpoint.issue(principalFor(roleArn, label, sessionPolicy), 900),
    invoke,
    queueUrls: Object.fromEntries(Object.entries(queues).map(([id, queue]) => [id, queue.url])),
    ...(localStreamArn === undefined ? {} : { localStreamArn }),
    close: async () => {
      await Promise.all([...mappings, ...streamMappings].map((mapping) => mapping.stop()));
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      await sqs.close();
      await endpoint.close();
    },
  };
}
