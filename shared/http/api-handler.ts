/**
 * The middy stack every HTTP function shares, so a handler module is a few lines: read the request, call a service,
 * shape HAL. Order: Powertools logger context → access log → the request's composition (authorisation, tenant, the
 * context the route's access calls for) → JSON body → error mapping (registered last so its onError runs first).
 * Handlers pick their composition through `read-handler.ts`, `write-handler.ts` or `admin-handler.ts`.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { returnedBytes, type Body } from '#domain/validation.ts';
import { routes, type Route } from './routes.ts';
import { HAL_CONTENT_TYPE, Links, baseUrlOf } from './hal.ts';
import { matchPath } from './paths.ts';
import { parseQuery, type QueryPairs } from './query.ts';
import { bodyProblems, pathProblems, queryProblems } from './edge.ts';
import { HttpProblem, errorResponse, notFoundProblem } from './problem.ts';
import { logger } from './logger.ts';
import { withOriginalStack } from './stack-traces.ts';
import { authorise, type Principal } from '#domain/auth.ts';
import { DEFAULT_TENANT, WWW_AUTHENTICATE, authEnabled } from './auth-config.ts';
import { isUnavailableVerdict, principalFromContext } from './principal.ts';
import { edge } from '#domain/messages.ts';
import { wantsPage } from './ui-page.ts';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2;
export type BrokerLambdaContext = Context & { services?: unknown; body?: Body };

/** `C` is what the route's operation works with: a tenant's read or write context, or the operator's. */
export interface ApiRequest<C> {
  readonly event: ApiEvent;
  /** Path parameters, percent-decoded segment by segment. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: QueryPairs;
  /** The JSON request body (an object; `{}` when empty). */
  readonly body: Body;
  /** The request's context, built once by the composition (a public route has none: it throws on access). */
  readonly services: C;
  readonly links: Links;
  /** The URL that was requested (some resources use it as their `self`). */
  readonly requestUrl: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  /** A plain-text body instead of JSON (`text/plain`). */
  readonly text?: string;
  /** Any other body (the web UI's page and assets): its media type, and whether it is base64 (gzip, say). */
  readonly raw?: { readonly body: string; readonly contentType: string; readonly base64?: boolean };
  readonly headers?: Readonly<Record<string, string>>;
}

export type Operation<C> = (request: ApiRequest<C>) => Promise<ApiResponse>;

/**
 * How a route's context is built from the authenticated caller: the tenant (undefined for the admin credential) and
 * when retries must stop. Undefined means the route has no context (public routes).
 */
export type Composition<C> = (principal: { tenant: string | undefined }, deadline: number, baseUrl: string) => Promise<C | undefined>;

/** A tenant route's composition: the tenant's context when the caller is a tenant, none otherwise (public routes). */
export const tenantComposition =
  <C>(build: (tenant: string, options: { deadline: number; baseUrl: string }) => Promise<C>): Composition<C> =>
  ({ tenant }, deadline, baseUrl) =>
    tenant === undefined ? Promise.resolve(undefined) : build(tenant, { deadline, baseUrl });

/** Lambda's 6 MB response limit, less room for the headers and the JSON envelope of the response itself. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 - 64 * 1024;

/** Time kept back from the function's timeout for the last attempt and the response (of a 10 s timeout, 3 s; less of a shorter one). */
const RETRY_MARGIN_MS = 3000;

/** Who is calling: the authorizer's verdict when authentication is on, else the local default tenant. */
function principalOf(event: ApiEvent): Principal {
  // Without authentication (locally only) every request is the default tenant's, whatever the authorizer said.
  if (!authEnabled()) return { kind: 'tenant', tenant: process.env['DEFAULT_TENANT'] ?? DEFAULT_TENANT, role: 'write', tokenId: 'local' };
  const authorizer = (event.requestContext as { authorizer?: { lambda?: Record<string, unknown> } }).authorizer;
  if (isUnavailableVerdict(authorizer?.lambda)) throw new HttpProblem(503, { error: edge.credentialsUnavailable() }, { 'Retry-After': '2' });
  const fromAuthorizer = principalFromContext(authorizer?.lambda);
  return fromAuthorizer ?? { kind: 'anonymous', reason: 'no authorizer verdict' };
}

/**
 * The composition root of a request: authorises the caller for the route, resolves the tenant and builds the
 * request's service context once (repositories bound to the tenant's scoped client, clock, ids, queue, deadline).
 * The tenant comes only from the authenticated principal; the path, body and host never name it.
 */
function requestContext<C>(route: Route, compose: Composition<C>): MiddlewareObj<ApiEvent, ApiResult, Error, BrokerLambdaContext> {
  return {
    name: 'requestContext',
    before: async (request) => {
      if (route.public) return;
      // The UI's page holds no data; the page itself asks for a token (docs/web-ui.md §1).
      if (route.uiPage === true && wantsPage(request.event.headers?.['accept'])) return;
      const principal = principalOf(request.event);
      const decision = authorise(principal, route.access);
      if (!decision.allowed) {
        throw new HttpProblem(decision.status, { error: decision.message }, decision.status === 401 ? { 'WWW-Authenticate': WWW_AUTHENTICATE } : {});
      }
      if (principal.kind === 'tenant') logger.appendKeys({ tenant: principal.tenant });
      // Retries stop this long before the function's timeout, so the caller gets a 503 it can retry, never a cut-off.
      const remaining = request.context.getRemainingTimeInMillis();
      const deadline = Date.now() + remaining - Math.min(RETRY_MARGIN_MS, remaining * 0.3);
      request.context.services = await compose({ tenant: principal.kind === 'tenant' ? principal.tenant : undefined }, deadline, baseUrlOf(request.event));
    },
  };
}

const JSON_TYPES = ['application/json', 'application/hal+json', 'application/merge-patch+json'];

/** Parses a JSON object body. Empty bodies are `{}` (the CLIs post `{}` or nothing); other types get 415. */
function jsonBody(route: Route): MiddlewareObj<ApiEvent, ApiResult, Error, BrokerLambdaContext> {
  return {
    name: 'jsonBody',
    before: (request) => {
      if (route.body === 'none') return;
      const { event } = request;
      const raw = event.body === undefined || event.body === null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      if (raw.trim() === '') {
        request.context.body = {};
        return;
      }
      const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const accepted = route.body === 'merge-patch' ? ['application/merge-patch+json'] : JSON_TYPES;
      if (!accepted.includes(contentType)) {
        throw new HttpProblem(415, { error: edge.unsupportedContentType(contentType, accepted[0] ?? 'application/json') });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (error) {
        throw new HttpProblem(400, { errors: { body: [edge.invalidJson((error as Error).message)] } });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new HttpProblem(400, { errors: { body: [edge.notAnObject()] } });
      }
      const problems = bodyProblems(parsed);
      if (problems !== undefined) throw new HttpProblem(400, { errors: problems });
      request.context.body = parsed as Body;
    },
  };
}

/** Maps every error to a response; unexpected ones are logged with a reference the response carries. */
function problemErrors(): MiddlewareObj<ApiEvent, ApiResult, Error, BrokerLambdaContext> {
  return {
    name: 'problemErrors',
    onError: (request) => {
      if (request.response !== undefined && request.response !== null) return;
      const response = errorResponse(request.error);
      if (response.reference !== undefined) logger.error('Unexpected error', { reference: response.reference, error: withOriginalStack(request.error) as Error });
      request.response = { statusCode: response.statusCode, headers: response.headers, body: response.body };
    },
  };
}

/** The request id on every log line, and one line per request: method, path, status, duration. */
function accessLog(): MiddlewareObj<ApiEvent, ApiResult, Error, BrokerLambdaContext> {
  const started = new WeakMap<object, number>();
  const log = (request: { event: ApiEvent; response: ApiResult | null | undefined }) => {
    const startedAt = started.get(request.event);
    logger.info('request', {
      method: request.event.requestContext.http.method,
      path: request.event.rawPath,
      status: request.response?.statusCode,
      durationMs: startedAt === undefined ? undefined : Math.round(performance.now() - startedAt),
    });
  };
  return {
    name: 'accessLog',
    before: (request) => {
      // API Gateway's request id on every log line (Lambda's own id is added by injectLambdaContext).
      logger.setCorrelationId(request.event.requestContext.requestId);
      started.set(request.event, performance.now());
    },
    after: log,
    onError: log,
  };
}

export function routeOf(operationId: string): Route {
  const route = routes.find((candidate) => candidate.operationId === operationId);
  if (route === undefined) throw new Error(`No route with operationId ${operationId}`);
  return route;
}

/**
 * Turns an operation into a Lambda handler for the route `operationId` of the route table, its context built by
 * `compose`. Handlers use `readHandler`, `writeHandler` or `adminHandler`, which pick the composition for the
 * route's access (so a read route's bundle holds no write code).
 */
export function apiHandler<C>(operationId: string, compose: Composition<C>, operation: Operation<C>) {
  const route = routeOf(operationId);
  return middy<ApiEvent, ApiResult, Error, BrokerLambdaContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(accessLog())
    .use(requestContext(route, compose))
    .use(jsonBody(route))
    .use(problemErrors())
    .handler(async (event, context) => {
      const params = matchPathFromEnd(route.path, event.rawPath);
      if (params === undefined) throw notFoundProblem();
      const query = parseQuery(event.rawQueryString);
      const problems = pathProblems(params) ?? queryProblems(query);
      if (problems !== undefined) throw new HttpProblem(400, { errors: problems });
      const links = new Links(baseUrlOf(event));
      const services = context.services as C | undefined;
      const requestUrl = `${links.base}${event.rawPath.slice(pathPrefixLength(route.path, event.rawPath))}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
      const response = await operation({
        event,
        params,
        query,
        body: context.body ?? {},
        get services(): C {
          if (services === undefined) throw new Error(`${operationId} has no context: it serves no tenant`);
          return services;
        },
        links,
        requestUrl,
      });
      const body = response.raw?.body ?? response.text ?? (response.body === undefined ? undefined : JSON.stringify(response.body));
      // Lambda cannot return more than 6 MB: answer what the client can do instead of failing opaquely. Stored contracts
      // are bounded so that reading one back always fits; this catches listings that outgrow it.
      const bytes = body === undefined ? 0 : returnedBytes(body);
      if (bytes > MAX_RESPONSE_BYTES) throw new HttpProblem(400, { error: edge.responseTooLarge(bytes, MAX_RESPONSE_BYTES) });
      const contentType = response.raw?.contentType ?? (response.text === undefined ? HAL_CONTENT_TYPE : 'text/plain;charset=utf-8');
      return {
        statusCode: response.status,
        headers: { ...(body === undefined ? {} : { 'Content-Type': contentType }), ...response.headers },
        ...(body === undefined ? {} : { body }),
        ...(response.raw?.base64 === true ? { isBase64Encoded: true } : {}),
      };
    });
}

/**
 * Matches the route template against the last segments of the path, so a mapping prefix in front of the API
 * (a custom domain's base path) does not change what the parameters are.
 */
function matchPathFromEnd(template: string, rawPath: string): Record<string, string> | undefined {
  const prefix = pathPrefixLength(template, rawPath);
  return matchPath(template, rawPath.slice(prefix) || '/');
}

function pathPrefixLength(template: string, rawPath: string): number {
  const templateDepth = template === '/' ? 0 : template.split('/').length - 1;
  const segments = rawPath.replace(/\/+$/, '').split('/');
  const prefixSegments = segments.slice(0, Math.max(1, segments.length - templateDepth));
  return templateDepth === 0 ? rawPath.replace(/\/+$/, '').length : prefixSegments.join('/').length;
}

/** A required path parameter (the route template guarantees it). */
export function param(request: Pick<ApiRequest<unknown>, 'params'>, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`Route has no parameter ${name}`);
  return value;
}

export const ok = (body: unknown): ApiResponse => ({ status: 200, body });

/** 201 with a Location for something new, 200 for something that was already there. */
export const createdOrOk = (created: boolean, location: string, body: unknown): ApiResponse =>
  created ? { status: 201, headers: { Location: location }, body } : { status: 200, body };

export const noContent = (): ApiResponse => ({ status: 204 });
