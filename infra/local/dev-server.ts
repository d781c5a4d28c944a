/**
 * API Gateway (HTTP API), locally, from the synthesized template: the template's routes (`RouteKey`s) are matched as
 * the HTTP API matches them (a literal segment beats a variable; no route means `{"message":"Not Found"}`), the
 * route's authorizer runs with the template's configuration (identity sources, result caching, simple responses), and
 * the route's function is invoked in its Lambda-like environment (infra/local/aws/). Failures answer what the HTTP API
 * answers: 413 for an event over Lambda's 6 MB, 500 `Internal Server Error` for a function error or timeout.
 */
import { createServer, type Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { matchPath, specificity } from '../../shared/http/paths.ts';
import { readBody, toAuthorizerEvent, toLambdaEvent, writeLambdaResult, type LambdaHttpResult } from './lambda-event.ts';
import type { LocalAws } from './aws/local-aws.ts';
import type { RouteSpec } from './aws/deployment.ts';

/** API Gateway HTTP API's largest request. */
const HTTP_API_REQUEST_LIMIT_BYTES = 10 * 1024 * 1024;

const message = (status: number, text: string, headers: Record<string, string> = {}): LambdaHttpResult => ({
  statusCode: status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify({ message: text }),
});

/** Routes ordered as API Gateway picks them: by specificity, then by path; `$default` last. */
export function orderRoutes(routes: readonly RouteSpec[]): RouteSpec[] {
  return [...routes].sort((a, b) => Number(a.path === '$default') - Number(b.path === '$default') || specificity(a.path).localeCompare(specificity(b.path)) || a.path.localeCompare(b.path));
}

export function resolveRoute(routes: readonly RouteSpec[], method: string, path: string): { route: RouteSpec; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.path === '$default') return { route, params: {} };
    if (route.method !== method && route.method !== 'ANY') continue;
    const params = matchPath(route.path, path);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

/** A function's payload-v2 response as API Gateway turns it into HTTP. */
function toHttpResult(payload: unknown): LambdaHttpResult {
  if (payload !== null && typeof payload === 'object' && 'statusCode' in payload) return payload as LambdaHttpResult;
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: typeof payload === 'string' ? payload : JSON.stringify(payload) };
}

export interface DevServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startDevServer(aws: LocalAws, options: { port?: number; host?: string } = {}): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const routes = orderRoutes(aws.deployment.routes);
  const verdictCache = new Map<string, { context: Record<string, unknown>; authorized: boolean; expires: number }>();
  let domainName = host;

  const authorize = async (route: RouteSpec, event: APIGatewayProxyEventV2): Promise<LambdaHttpResult | undefined> => {
    if (route.authorizerId === undefined) return undefined;
    const authorizer = aws.deployment.authorizers.get(route.authorizerId);
    if (authorizer === undefined) throw new Error(`Route ${route.routeKey} names an unknown authorizer`);
    const identity = authorizer.identitySource.map((source) => {
      const header = /^\$request\.header\.(.+)$/i.exec(source)?.[1];
      const query = /^\$request\.querystring\.(.+)$/i.exec(source)?.[1];
      return header !== undefined ? event.headers[header.toLowerCase()] : query !== undefined ? event.queryStringParameters?.[query] : undefined;
    });
    // With identity sources, a request missing one is refused before the authorizer runs.
    if (identity.some((value) => value === undefined || value === '')) return message(401, 'Unauthorized');
    const cacheKey = identity.join('\u0000');
    const cached = authorizer.ttlSeconds > 0 && identity.length > 0 ? verdictCache.get(cacheKey) : undefined;
    let verdict = cached !== undefined && cached.expires > Date.now() ? cached : undefined;
    if (verdict === undefined) {
      const result = await aws.invoke(authorizer.functionId, { ...toAuthorizerEvent(event), identitySource: identity as string[] });
      if (!result.ok) return message(500, 'Internal Server Error');
      const payload = (result.payload ?? {}) as { isAuthorized?: boolean; context?: Record<string, unknown> };
      if (!authorizer.simpleResponses) throw new Error('Only simple authorizer responses are emulated');
      verdict = { authorized: payload.isAuthorized === true, context: payload.context ?? {}, expires: Date.now() + authorizer.ttlSeconds * 1000 };
      if (authorizer.ttlSeconds > 0 && identity.length > 0) verdictCache.set(cacheKey, verdict);
    }
    if (!verdict.authorized) return message(403, 'Forbidden');
    (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: verdict.context };
    return undefined;
  };

  const server = createServer((request, response) => {
    void (async () => {
      try {
        const body = await readBody(request);
        if (body.length > HTTP_API_REQUEST_LIMIT_BYTES) return writeLambdaResult(response, message(413, 'Request Entity Too Large'));
        const path = new URL(request.url ?? '/', 'http://local').pathname;
        const method = request.method ?? 'GET';
        const match = resolveRoute(routes, method, path);
        if (match === undefined) return writeLambdaResult(response, message(404, 'Not Found'));
        const event = toLambdaEvent(request, body, match.route.routeKey, match.params, domainName);
        const refused = await authorize(match.route, event);
        if (refused !== undefined) return writeLambdaResult(response, refused);
        const result = await aws.invoke(match.route.functionId, event);
        if (!result.ok) {
          if (result.errorType === 'RequestEntityTooLargeException') return writeLambdaResult(response, message(413, 'Request Entity Too Large'));
          console.error(JSON.stringify({ level: 'ERROR', message: 'function failed', route: match.route.routeKey, errorType: result.errorType, errorMessage: result.errorMessage }));
          return writeLambdaResult(response, message(500, 'Internal Server Error'));
        }
        writeLambdaResult(response, toHttpResult(result.payload), { 'apigw-requestid': event.requestContext.requestId });
      } catch (error) {
        console.error(error);
        if (!response.headersSent) writeLambdaResult(response, message(500, 'Internal Server Error'));
      }
    })();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  domainName = `${host}:${port}`;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
