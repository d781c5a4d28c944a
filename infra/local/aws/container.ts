/**
 * One Lambda execution environment: a worker thread with its own module graph and its own `process.env` (the
 * function's variables from the template), loading the function's bundle and running one invocation at a time.
 * Loaded by lambda-runtime.ts; plain Node runs it (type annotations only, which Node strips).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

export interface ContainerData {
  /** The function's bundle (bundles.ts). */
  readonly bundle: string;
  readonly functionName: string;
  readonly memoryMb: number;
}

export type ContainerRequest = { readonly id: number; readonly event: unknown; readonly deadline: number; readonly requestId: string };
export type ContainerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly errorType: string; readonly errorMessage: string }
  | { readonly id: number; readonly ok: true; readonly payload: string }
  | { readonly id: number; readonly ok: false; readonly errorType: string; readonly errorMessage: string; readonly stack?: string };

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const data = workerData as ContainerData;
const port = parentPort;
if (port === null) throw new Error('container.ts runs as a worker thread');

let handler: Handler;
try {
  const module = (await import(pathToFileURL(data.bundle).href)) as { handler?: Handler };
  if (typeof module.handler !== 'function') throw new Error(`${data.bundle} exports no handler`);
  handler = module.handler;
  port.postMessage({ type: 'ready' } satisfies ContainerReply);
} catch (error) {
  port.postMessage({ type: 'init-error', errorType: 'Runtime.ImportModuleError', errorMessage: (error as Error).stack ?? String(error) } satisfies ContainerReply);
  throw error;
}

port.on('message', (request: ContainerRequest) => {
  const context: Context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: data.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env['AWS_REGION'] ?? 'us-east-1'}:000000000000:function:${data.functionName}`,
    memoryLimitInMB: String(data.memoryMb),
    awsRequestId: request.requestId,
    logGroupName: `/aws/lambda/${data.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  void (async () => {
    try {
      const result = await handler(request.event, context);
      // Lambda returns the JSON serialization of the result; its size is checked by the runtime.
      port.postMessage({ id: request.id, ok: true, payload: JSON.stringify(result ?? null) } satisfies ContainerReply);
    } catch (error) {
      const failure = error as Error;
      port.postMessage({ id: request.id, ok: false, errorType: failure.name ?? 'Error', errorMessage: failure.message ?? String(error), ...(failure.stack ? { stack: failure.stack } : {}) } satisfies ContainerReply);
    }
  })();
});
