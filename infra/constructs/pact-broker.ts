/**
 * The whole broker as one reusable construct: table, HTTP API, one Lambda per route-table entry, the authorizer, and
 * the roles. A platform team can embed it in its own CDK app; `BrokerStack` only instantiates it.
 *
 * Roles (shared, so the stack stays small):
 * - tenant routes run as a read or a write role with NO DynamoDB permission: per tenant they assume a tenant data
 *   role with a session policy limited to that tenant's partition keys (see shared/storage/tenant-scope.ts);
 * - the authorizer (which looks tokens up across tenants) may only GetItem token items; the admin API may read and
 *   write tenant markers, environments and tokens, item by item; no role anywhere may Scan;
 * - the comparison worker runs as its own role and, like the tenant routes, reaches a message's tenant only through
 *   the tenant write data role; so do the webhook event router (which reads the table's stream) and the webhook
 *   dispatcher, each with a role of its own.
 * Function roles write logs to the one shared log group only (no AWSLambdaBasicExecutionRole, which allows every log
 * group in the account), and no grant names `index/*`: the table's indexes are listed by name.
 */
import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { ArnPrincipal, CompositePrincipal, Effect, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Access } from '../../shared/http/routes.ts';
import { BrokerApi, type FunctionSettings } from './broker-api.ts';
import { BrokerTable } from './broker-table.ts';
import { ComparisonQueue } from './comparison-queue.ts';
import { WebhookDelivery } from './webhook-delivery.ts';

export interface PactBrokerProps {
  /** `dev` tables are destroyed with the stack; any other stage keeps and protects them. */
  readonly stage: string;
  /** Overrides the stage's table removal policy (e.g. DESTROY for a short-lived preview stage). */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /** Public URL for HAL links (a custom domain, say); sets BROKER_BASE_URL on every function. By default the domain API Gateway reports. */
  readonly baseUrl?: string;
  /** SHA-256 (hex) of the admin credential that manages tenants and tokens. Without it the admin API refuses everyone. */
  readonly adminTokenSha256?: string;
  /** Hosts webhooks may call (PACT_BROKER_WEBHOOK_HOST_WHITELIST). By default none is listed. */
  readonly webhookHostWhitelist?: string[];
  /** URL schemes webhooks may use. Default ['https']. */
  readonly webhookSchemeWhitelist?: string[];
  /** HTTP methods webhooks may use. Default ['POST']. */
  readonly webhookHttpMethodWhitelist?: string[];
  /** Seconds to wait before each retry of a failed webhook call. Default [10, 60, 120, 300, 600, 1200]. */
  readonly webhookRetrySchedule?: number[];
}

export const DEFAULT_WEBHOOK_SCHEME_WHITELIST = ['https'];
export const DEFAULT_WEBHOOK_HTTP_METHOD_WHITELIST = ['POST'];
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = [10, 60, 120, 300, 600, 1200];

/** Item-level actions only. TransactGetItems/TransactWriteItems are authorized through these per-item actions. No Scan, no DescribeTable (unused). */
export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
export const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
/** The admin API: reads and writes tenant markers, environments and token items; never deletes, batches or uses indexes. */
export const ADMIN_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

export class PactBroker extends Construct {
  readonly table: BrokerTable;
  readonly api: BrokerApi;
  readonly comparisons: ComparisonQueue;
  readonly webhooks: WebhookDelivery;

  constructor(scope: Construct, id: string, props: PactBrokerProps) {
    super(scope, id);
    this.table = new BrokerTable(this, 'Storage', { stage: props.stage, ...(props.tableRemovalPolicy === undefined ? {} : { removalPolicy: props.tableRemovalPolicy }) });
    const table = this.table.table;
    const tableResources = [table.tableArn, ...this.table.indexArns];

    const logRemovalPolicy = props.stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: logRemovalPolicy });
    // API Gateway's access log records are not the functions' JSON logs: a group of their own keeps queries apart.
    const accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: logRemovalPolicy });

    const lambdaRole = (roleId: string, description: string): Role => {
      const role = new Role(this, roleId, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description });
      // CreateLogStream and PutLogEvents on the shared group: all a function with an existing log group needs.
      logGroup.grantWrite(role);
      return role;
    };
    const readRole = lambdaRole('ReadRole', 'Broker read routes: tenant data only through the tenant read data role');
    const writeRole = lambdaRole('WriteRole', 'Broker write routes: tenant data only through the tenant write data role');
    const adminRole = lambdaRole('AdminRole', 'Broker admin API: tenants and their tokens');
    const authorizerRole = lambdaRole('AuthorizerRole', 'Broker token authorizer: reads token items, nothing else');
    const workerRole = lambdaRole('WorkerRole', 'Comparison worker: tenant data only through the tenant write data role');
    const eventRouterRole = lambdaRole('EventRouterRole', "Webhook event router: reads the table's stream; tenant data only through the tenant write data role");
    const dispatcherRole = lambdaRole('WebhookDispatcherRole', 'Webhook dispatcher: tenant data only through the tenant write data role');
    // Exactly what the admin API does (tenant marker and environments, token items) and the authorizer does (one
    // GetItem of a token by its hash), checked against what they use in test/integration/aws-rules.test.ts.
    adminRole.addToPolicy(new PolicyStatement({ actions: ADMIN_ACTIONS, resources: [table.tableArn] }));
    authorizerRole.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#TOKENS'] } },
      }),
    );

    const dataRole = (roleId: string, actions: string[], assumedBy: IRole[]): Role => {
      const role = new Role(this, roleId, {
        assumedBy: new CompositePrincipal(...assumedBy.map((principal) => new ArnPrincipal(principal.roleArn))),
        description: 'Assumed per tenant with a session policy on dynamodb:LeadingKeys',
      });
      role.addToPolicy(new PolicyStatement({ actions, resources: tableResources }));
      for (const principal of assumedBy) role.grantAssumeRole(principal);
      return role;
    };
    const readDataRole = dataRole('TenantReadDataRole', READ_ACTIONS, [readRole]);
    const writeDataRole = dataRole('TenantWriteDataRole', [...READ_ACTIONS, ...WRITE_ACTIONS], [writeRole, workerRole, eventRouterRole, dispatcherRole]);
    // The functions never get dynamodb:Scan; make that explicit for every role so no later grant can add it.
    for (const role of [readRole, writeRole, adminRole, authorizerRole, workerRole, eventRouterRole, dispatcherRole, readDataRole, writeDataRole]) {
      role.addToPolicy(new PolicyStatement({ effect: Effect.DENY, actions: ['dynamodb:Scan'], resources: ['*'] }));
    }

    const common: Record<string, string> = {
      BROKER_AUTH: 'on',
      POWERTOOLS_SERVICE_NAME: 'pact-broker',
      ...(props.baseUrl === undefined ? {} : { BROKER_BASE_URL: props.baseUrl }),
    };
    this.comparisons = new ComparisonQueue(this, 'Comparisons', {
      table,
      logGroup,
      workerRole,
      environment: { ...common, TENANT_DATA_ROLE_ARN: writeDataRole.roleArn },
    });
    // Publications queue comparisons; can-i-deploy requests missing ones.
    this.comparisons.queue.grantSendMessages(readRole);
    this.comparisons.queue.grantSendMessages(writeRole);
    // Operator settings of webhook calls, space-separated. Without a host whitelist the variable is not set.
    const hosts = props.webhookHostWhitelist ?? [];
    const webhookSettings: Record<string, string> = {
      ...(hosts.length === 0 ? {} : { PACT_BROKER_WEBHOOK_HOST_WHITELIST: hosts.join(' ') }),
      PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: (props.webhookSchemeWhitelist ?? DEFAULT_WEBHOOK_SCHEME_WHITELIST).join(' '),
      PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: (props.webhookHttpMethodWhitelist ?? DEFAULT_WEBHOOK_HTTP_METHOD_WHITELIST).join(' '),
      PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: (props.webhookRetrySchedule ?? DEFAULT_WEBHOOK_RETRY_SCHEDULE).join(' '),
    };
    // Created after the comparisons, so the comparison worker's queue and mapping stay the template's first.
    this.webhooks = new WebhookDelivery(this, 'Webhooks', {
      table,
      logGroup,
      routerRole: eventRouterRole,
      dispatcherRole,
      environment: { ...common, ...webhookSettings, TENANT_DATA_ROLE_ARN: writeDataRole.roleArn },
    });
    // The "execute webhook" route calls a webhook inline, and may record its result through the dispatch queue.
    this.webhooks.queue.grantSendMessages(writeRole);
    const queued = { COMPARISON_QUEUE_URL: this.comparisons.queue.queueUrl, WEBHOOK_QUEUE_URL: this.webhooks.queue.queueUrl };
    const admin: FunctionSettings = {
      role: adminRole,
      environment: { ...common, ...(props.adminTokenSha256 === undefined ? {} : { BROKER_ADMIN_TOKEN_SHA256: props.adminTokenSha256 }) },
    };
    const functions: Record<Access, FunctionSettings> = {
      read: { role: readRole, environment: { ...common, ...queued, TENANT_DATA_ROLE_ARN: readDataRole.roleArn } },
      write: { role: writeRole, environment: { ...common, ...queued, ...webhookSettings, TENANT_DATA_ROLE_ARN: writeDataRole.roleArn } },
      admin,
    };

    this.api = new BrokerApi(this, 'Api', { table, logGroup, accessLogGroup, functions, authorizer: { ...admin, role: authorizerRole } });
    new CfnOutput(this, 'BrokerApiUrl', { value: this.api.url, description: 'Base URL of the Pact Broker' });
  }

  /** The HTTP API, for custom domains or throttling added by the embedding app (its default stage already logs access). */
  get httpApi(): HttpApi {
    return this.api.httpApi;
  }
}
