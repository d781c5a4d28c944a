/**
 * Lambda, locally: each function of the template runs in execution environments of its own (worker threads, see
 * container.ts), one invocation at a time each, with the function's environment variables, its execution role's
 * credentials, its memory as the heap limit and its timeout. As in Lambda:
 * - an invocation payload over 6 MB is refused (RequestEntityTooLarge), and so is a response over 6 MB;
 * - an invocation that outlives the timeout is cut off (the environment is discarded, mid-write if it was writing);
 * - environments are reused while warm; a concurrent invocation gets a new one (up to a local cap, then it waits).
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ContainerData, ContainerReply, ContainerRequest } from './container.ts';
import type { FunctionSpec } from './deployment.ts';
import { functionBundle } from './bundles.ts';

/** Lambda's synchronous invocation limit, for the request and for the response. */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

export type InvokeResult =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string };

export interface RuntimeOptions {
  /** Environments per function at most (Lambda scales further; this machine has two cores). */
  readonly maxEnvironments?: number;
  /** Enforce payload limits and timeouts (BROKER_AWS_RULES=off turns them off for debugging). */
  readonly enforce: boolean;
}

const containerModule = new URL('./container.ts', import.meta.url);

/** The Node options of the function's NODE_OPTIONS that a worker accepts (`--enable-source-maps`, say). */
const nodeOptionsOf = (environment: Readonly<Record<string, string>>): string[] => (environment['NODE_OPTIONS'] ?? '').split(/\s+/).filter((option) => option.startsWith('--'));

interface Environment {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  busy: boolean;
  dead: boolean;
  pending?: { id: number; resolve: (result: InvokeResult) => void };
}

export class FunctionPool {
  private readonly environments: Environment[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 0;
  /** Resolved once: a pool runs one version of the code, as a deployed function does. */
  private bundle: Promise<string> | undefined;

  constructor(
    readonly spec: FunctionSpec,
    private readonly environmentVariables: Readonly<Record<string, string>>,
    private readonly options: RuntimeOptions,
  ) {}

  private start(bundle: string): Environment {
    const data: ContainerData = { bundle, functionName: this.spec.logicalId, memoryMb: this.spec.memoryMb };
    const worker = new Worker(containerModule, {
      workerData: data,
      env: { ...this.environmentVariables },
      execArgv: nodeOptionsOf(this.environmentVariables),
      resourceLimits: { maxOldGenerationSizeMb: this.spec.memoryMb },
      stdout: false,
      stderr: false,
    });
    let markReady: () => void = () => undefined;
    let failReady: (error: Error) => void = () => undefined;
    const environment: Environment = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failReady = reject;
      }),
      busy: false,
      dead: false,
    };
    environment.ready.catch(() => undefined);
    worker.on('message', (reply: ContainerReply) => {
      if ('type' in reply) {
        if (reply.type === 'ready') markReady();
        else failReady(Object.assign(new Error(reply.errorMessage), { name: reply.errorType }));
        return;
      }
      const pending = environment.pending;
      if (pending === undefined || pending.id !== reply.id) return;
      environment.pending = undefined;
      if (!reply.ok) return pending.resolve({ ok: false, errorType: reply.errorType, errorMessage: reply.errorMessage });
      const bytes = Buffer.byteLength(reply.payload);
      if (this.options.enforce && bytes > LAMBDA_PAYLOAD_LIMIT_BYTES) {
        console.error(JSON.stringify({ level: 'ERROR', message: 'AWS rules: response payload over 6 MB', function: this.spec.logicalId, bytes }));
        return pending.resolve({ ok: false, errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${LAMBDA_PAYLOAD_LIMIT_BYTES} bytes).` });
      }
      pending.resolve({ ok: true, payload: JSON.parse(reply.payload) as unknown });
    });
    const fail = (errorType: string, message: string): void => {
      environment.dead = true;
      failReady(new Error(message));
      const pending = environment.pending;
      environment.pending = undefined;
      pending?.resolve({ ok: false, errorType, errorMessage: message });
    };
    worker.on('error', (error) => fail((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'Runtime.OutOfMemory' : 'Runtime.ExitError', error.message));
    worker.on('exit', (code) => fail('Runtime.ExitError', `The environment exited (code ${code})`));
    this.environments.push(environment);
    return environment;
  }

  private async acquire(bundle: string): Promise<Environment> {
    for (;;) {
      this.environments.splice(0, this.environments.length, ...this.environments.filter((environment) => !environment.dead));
      const idle = this.environments.find((environment) => !environment.busy);
      if (idle !== undefined) {
        idle.busy = true;
        return idle;
      }
      if (this.environments.length < (this.options.maxEnvironments ?? 8)) {
        const started = this.start(bundle);
        started.busy = true;
        return started;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(environment: Environment): void {
    environment.busy = false;
    this.waiting.shift()?.();
  }

  async invoke(event: unknown): Promise<InvokeResult> {
    const eventText = JSON.stringify(event);
    if (this.options.enforce && Buffer.byteLength(eventText) > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      return { ok: false, errorType: 'RequestEntityTooLargeException', errorMessage: `${Buffer.byteLength(eventText)} byte payload is too large for the RequestResponse invocation type (limit ${LAMBDA_PAYLOAD_LIMIT_BYTES} bytes)` };
    }
    this.bundle ??= functionBundle(this.spec.entry);
    const environment = await this.acquire(await this.bundle);
    try {
      try {
        await environment.ready;
      } catch (error) {
        await environment.worker.terminate();
        return { ok: false, errorType: (error as Error).name || 'Runtime.ImportModuleError', errorMessage: (error as Error).message };
      }
      const timeoutMs = this.spec.timeoutSeconds * 1000;
      const id = ++this.nextId;
      const request: ContainerRequest = { id, event: JSON.parse(eventText) as unknown, deadline: Date.now() + timeoutMs, requestId: randomUUID() };
      return await new Promise<InvokeResult>((resolve) => {
        const timer = this.options.enforce
          ? setTimeout(() => {
              // As Lambda does: the invocation is stopped where it is and the environment is not reused.
              environment.pending = undefined;
              environment.dead = true;
              void environment.worker.terminate();
              console.error(JSON.stringify({ level: 'ERROR', message: 'AWS rules: function timed out', function: this.spec.logicalId, timeoutSeconds: this.spec.timeoutSeconds }));
              resolve({ ok: false, errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` });
            }, timeoutMs)
          : undefined;
        environment.pending = {
          id,
          resolve: (result) => {
            if (timer !== undefined) clearTimeout(timer);
            resolve(result);
          },
        };
        environment.worker.postMessage(request);
      });
    } finally {
      this.release(environment);
    }
  }

  async close(): Promise<void> {
    const all = this.environments.splice(0);
    for (const environment of all) environment.dead = true;
    await Promise.all(all.map((environment) => environment.worker.terminate()));
  }
}
