/**
 * The whole broker as one reusable construct: table, HTTP API, one Lambda per route-table entry, the authorizer, and
 * the roles. A platform team can embed it in its own CDK app; `BrokerStack` only instantiates it.
 *
 * Roles (shared, so the stack stays small):
 * - tenant routes run as a read or a write role with NO DynamoDB permission: per tenant they assume a tenant data
 *   role with a session policy limited to that tenant's partition keys (see shared/storage/tenant-scope.ts);
 * - the authorizer and the admin API (which look tokens up across tenants) run as an admin role with item-level
 *   DynamoDB access; no role anywhere may Scan.
 */
import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ArnPrincipal, Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes, type Access } from '../../shared/http/routes.ts';
import { BrokerFunction } from './broker-function.ts';
import { BrokerTable } from './broker-table.ts';

export interface PactBrokerProps {
  /** `dev` tables are destroyed with the stack; any other stage keeps and protects them. */
  readonly stage: string;
  /** Public URL for HAL links (a custom domain, say). By default the domain API Gateway reports. */
  readonly baseUrl?: string;
  /** SHA-256 (hex) of the admin credential that manages tenants and tokens. Without it the admin API refuses everyone. */
  readonly adminTokenSha256?: string;
}

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

const pascal = (operationId: string): string => operationId.charAt(0).toUpperCase() + operationId.slice(1);

export class PactBroker extends Construct {
  readonly api: HttpApi;
  readonly table: BrokerTable;

  constructor(scope: Construct, id: string, props: PactBrokerProps) {
    super(scope, id);
    this.table = new BrokerTable(this, 'Storage', { stage: props.stage });
    const table = this.table.table;
    const tableResources = [table.tableArn, `${table.tableArn}/index/*`];

    const lambdaRole = (roleId: string, description: string): Role =>
      new Role(this, roleId, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description,
        managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
      });
    const readRole = lambdaRole('ReadRole', 'Broker read routes: tenant data only through the tenant read data role');
    const writeRole = lambdaRole('WriteRole', 'Broker write routes: tenant data only through the tenant write data role');
    const adminRole = lambdaRole('AdminRole', 'Broker authorizer and admin API: token items across tenants');
    adminRole.addToPolicy(new PolicyStatement({ actions: [...READ_ACTIONS, ...WRITE_ACTIONS], resources: tableResources }));

    const dataRole = (roleId: string, actions: string[], assumedBy: IRole): Role => {
      const role = new Role(this, roleId, { assumedBy: new ArnPrincipal(assumedBy.roleArn), description: 'Assumed per tenant with a session policy on dynamodb:LeadingKeys' });
      role.addToPolicy(new PolicyStatement({ actions, resources: tableResources }));
      role.grantAssumeRole(assumedBy);
      return role;
    };
    const readDataRole = dataRole('TenantReadDataRole', READ_ACTIONS, readRole);
    const writeDataRole = dataRole('TenantWriteDataRole', [...READ_ACTIONS, ...WRITE_ACTIONS], writeRole);
    // The functions never get dynamodb:Scan; make that explicit for every role so no later grant can add it.
    for (const role of [readRole, writeRole, adminRole, readDataRole, writeDataRole]) {
      role.addToPolicy(new PolicyStatement({ effect: Effect.DENY, actions: ['dynamodb:Scan'], resources: ['*'] }));
    }

    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: props.stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN });
    const common: Record<string, string> = {
      TABLE_NAME: table.tableName,
      TABLE_ARN: table.tableArn,
      BROKER_AUTH: 'on',
      POWERTOOLS_SERVICE_NAME: 'pact-broker',
      ...(props.baseUrl === undefined ? {} : { BROKER_BASE_URL: props.baseUrl }),
    };
    const adminEnvironment = { ...common, ...(props.adminTokenSha256 === undefined ? {} : { BROKER_ADMIN_TOKEN_SHA256: props.adminTokenSha256 }) };
    const roleFor: Record<Access, { role: Role; environment: Record<string, string> }> = {
      read: { role: readRole, environment: { ...common, TENANT_DATA_ROLE_ARN: readDataRole.roleArn } },
      write: { role: writeRole, environment: { ...common, TENANT_DATA_ROLE_ARN: writeDataRole.roleArn } },
      admin: { role: adminRole, environment: adminEnvironment },
    };

    const authorizerFunction = new BrokerFunction(this, 'Authorizer', { entry: 'functions/auth/authorizer.ts', role: adminRole, environment: adminEnvironment, logGroup });
    // No identity source and no API Gateway cache: every request reaches the authorizer, whose verdict the handler
    // turns into a 401/403 with a body the CLIs can print. Valid verdicts are cached inside the authorizer instead.
    const authorizer = new HttpLambdaAuthorizer('TokenAuthorizer', authorizerFunction, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      resultsCacheTtl: Duration.seconds(0),
      identitySource: [],
    });

    this.api = new HttpApi(this, 'Api', { description: 'Pact Broker', createDefaultStage: true });
    for (const route of routes) {
      const { role, environment } = roleFor[route.access];
      const fn = new BrokerFunction(this, pascal(route.operationId), { entry: route.entry, role, environment, logGroup });
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(route.operationId)}Integration`, fn),
        authorizer: route.public ? new HttpNoneAuthorizer() : authorizer,
      });
    }
    new CfnOutput(this, 'BrokerApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the Pact Broker' });
  }
}
