/**
 * The HTTP API: one BrokerFunction and one API Gateway route per entry of the route table (shared/http/routes.ts),
 * and nothing else (no $default catch-all, so an unknown path is API Gateway's 404 and costs no invocation).
 */
import { Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
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
  /** Picked per route by `route.access`. */
  readonly functions: Readonly<Record<Access, FunctionSettings>>;
  /** The token authorizer in front of every non-public route. */
  readonly authorizer: FunctionSettings;
  /** Defaults to the route table; only tests should pass anything else. */
  readonly routes?: readonly Route[];
}

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
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        // v2 is the default; stated because the handlers read APIGatewayProxyEventV2 (rawQueryString, requestContext.http).
        integration: new HttpLambdaIntegration(`${constructId}Integration`, fn, { payloadFormatVersion: PayloadFormatVersion.VERSION_2_0 }),
        authorizer: route.public ? noAuthorizer : authorizer,
      });
    }
    this.functions = functions;
  }

  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
