/**
 * The local host for the SAME route table the CDK stack deploys: each request is matched to a route the way API
 * Gateway would match it (a literal segment beats a variable), turned into a payload-v2 event, and handed to
 * that route's handler module, loaded on first use.
 */
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routes, type Route } from '../../shared/http/routes.ts';
import { matchPath, specificity } from '../../shared/http/paths.ts';
import { lambdaContext, readBody, toAuthorizerEvent, toLambdaEvent, writeLambdaResult } from './lambda-event.ts';
import { authEnabled } from '../../shared/http/auth-config.ts';
import { handler as authorizer } from '../../functions/auth/authorizer.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** Routes ordered as API Gateway picks them: by specificity, then by path. */
export const orderedRoutes: readonly Route[] = [...routes].sort((a, b) => specificity(a.path).localeCompare(specificity(b.path)) || a.path.localeCompare(b.path));

export function resolveRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of orderedRoutes) {
    const params = matchPath(route.path, path);
    if (params === undefined) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

const handlers = new Map<string, Promise<Handler>>();

function loadHandler(route: Route): Promise<Handler> {
  let handler = handlers.get(route.entry);
  if (handler === undefined) {
    handler = import(pathToFileURL(resolve(projectRoot, route.entry)).href).then((module: { handler: Handler }) => module.handler);
    handlers.set(route.entry, handler);
  }
  return handler;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'Content-Type': 'application/json;charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export interface DevServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startDevServer(options: { port?: number; host?: string } = {}): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  let domainName = host;
  const server = createServer((request, response) => {
    void (async () => {
      try {
        const body = await readBody(request);
        const path = new URL(request.url ?? '/', 'http://local').pathname;
        const method = request.method ?? 'GET';
        const match = resolveRoute(method, path);
        if (match === undefined) return writeLambdaResult(response, json(404, { error: 'The requested document was not found on this server.' }));
        if ('allowed' in match) return writeLambdaResult(response, json(405, { error: `Method ${method} not allowed` }, { Allow: match.allowed.join(', ') }));
        const routeKey = `${match.route.method} ${match.route.path}`;
        const event = toLambdaEvent(request, body, routeKey, match.params, domainName);
        if (authEnabled() && !match.route.public) {
          // As API Gateway does: the authorizer runs first and its context reaches the handler.
          const verdict = await authorizer(toAuthorizerEvent(event));
          (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: verdict.context };
        }
        const handler = await loadHandler(match.route);
        const result = await handler(event, lambdaContext(match.route.operationId, event.requestContext.requestId));
        writeLambdaResult(response, result);
      } catch (error) {
        console.error(error);
        if (!response.headersSent) writeLambdaResult(response, json(500, { error: 'Internal error in the local server' }));
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
