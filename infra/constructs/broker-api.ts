/**
 * The HTTP API: one BrokerFunction and one API Gateway route per entry of the route table (shared/http/routes.ts),
 * and nothing else (no $default catch-all, so an unknown path is API Gateway's 404 and costs no invocation).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes as routeTable, type Access, type Route } from '../../shared/http/routes.ts';
import { BrokerFunction } from './broker-function.ts';

/** How the functions of one kind run: their shared role and the variables they get besides the table's. */
export interface FunctionSettings {
  readonly role: IRole;
  readonly environment: Readonly<Record<string, string>>;
}

export interface BrokerApiProps {
  readonly table: ITableV2;
  readonly logGroup: ILogGroup;
  /** Where the default stage writes one access log record per request. */
  readonly accessLogGroup: ILogGroup;
  /** Picked per route by `route.access`. */
  readonly functions: Readonly<Record<Access, FunctionSettings>>;
  /** The token authorizer in front of every non-public route. */
  readonly authorizer: FunctionSettings;
  /** Defaults to the route table; only tests should pass anything else. */
  readonly routes?: readonly Route[];
}

/**
 * The access log record: one JSON line per request, from HTTP API `$context` variables. No headers or query strings,
 * which may carry credentials; the authorizer's verdict (principal, tenant) says who made the request.
 */
export const ACCESS_LOG_FORMAT: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  authorizerError: '$context.authorizer.error',
  principal: '$context.authorizer.principal',
  tenantId: '$context.authorizer.tenantId',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
};

/**
 * Why each public route (no authorizer) may be public: acknowledged as cdk-nag AwsSolutions-APIG4 with this reason.
 * A new public route needs its reason here, or the cdk-nag test reports it.
 */
const PUBLIC_ROUTE_REASONS: Readonly<Record<string, string>> = {
  getHealth: 'Liveness check for monitors and load balancers, which hold no broker token: it needs no tenant and touches no data.',
  getUiAsset: 'The web UI script and stylesheet, loaded by browsers before any token is entered: static files built into the function, no tenant, no data.',
};

/** `getPacticipant` -> `GetPacticipant` (the construct id convention). */
export const constructIdOf = (operationId: string): string => operationId.charAt(0).toUpperCase() + operationId.slice(1);

export class BrokerApi extends Construct {
  readonly httpApi: HttpApi;
  readonly authorizerFunction: BrokerFunction;
  /** By operationId. */
  readonly functions: ReadonlyMap<string, BrokerFunction>;

  constructor(scope: Construct, id: string, props: BrokerApiProps) {
    super(scope, id);
    // Id `Default` is left out of logical ids, so the API keeps the logical id (and URL) it had before this construct
    // existed; the name would otherwise default to that id.
    this.httpApi = new HttpApi(this, 'Default', { apiName: id, description: 'Pact Broker', createDefaultStage: true });
    // HttpApi takes no access log settings for the stage it creates, so they go on its CloudFormation resource (a
    // property, not a raw override, so cdk-nag sees it). HTTP APIs write access logs through a service-linked role.
    const defaultStage = this.httpApi.defaultStage?.node.defaultChild;
    if (!(defaultStage instanceof CfnStage)) throw new Error('The HTTP API has no default stage to log access for');
    defaultStage.accessLogSettings = { destinationArn: props.accessLogGroup.logGroupArn, format: JSON.stringify(ACCESS_LOG_FORMAT) };

    this.authorizerFunction = new BrokerFunction(this, 'Authorizer', {
      entry: 'functions/auth/authorizer.ts',
      table: props.table,
      logGroup: props.logGroup,
      ...props.authorizer,
    });
    // No identity source and no API Gateway cache: every request reaches the authorizer, whose verdict the handler
    // turns into a 401/403 with a body the CLIs can print. Valid verdicts are cached inside the authorizer instead.
    const authorizer = new HttpLambdaAuthorizer('TokenAuthorizer', this.authorizerFunction, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      resultsCacheTtl: Duration.seconds(0),
      identitySource: [],
    });
    const noAuthorizer = new HttpNoneAuthorizer();

    const functions = new Map<string, BrokerFunction>();
    for (const route of props.routes ?? routeTable) {
      const constructId = constructIdOf(route.operationId);
      const fn = new BrokerFunction(this, constructId, { entry: route.entry, table: props.table, logGroup: props.logGroup, ...props.functions[route.access] });
      functions.set(route.operationId, fn);
      const apiRoutes = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        // v2 is the default; stated because the handlers read APIGatewayProxyEventV2 (rawQueryString, requestContext.http).
        integration: new HttpLambdaIntegration(`${constructId}Integration`, fn, { payloadFormatVersion: PayloadFormatVersion.VERSION_2_0 }),
        authorizer: route.public ? noAuthorizer : authorizer,
      });
      const publicReason = route.public ? PUBLIC_ROUTE_REASONS[route.operationId] : undefined;
      if (publicReason !== undefined) for (const apiRoute of apiRoutes) Validations.of(apiRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: publicReason });
    }
    this.functions = functions;
  }

  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
