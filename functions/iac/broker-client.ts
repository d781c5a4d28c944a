/**
 * The thin HTTP side of the broker-contents handler: one broker, its token (read by the injected fetcher at run time),
 * and the retries the official CLIs make (docs/wire-contract.md §1.9, §18.4): connection errors, 429 and 5xx are
 * retried with back-off, honouring `Retry-After`, within a time budget that ends well inside the function's timeout.
 */
import { brokerMessage, ResourceError, type Broker } from './plan.ts';
import type { SecretReference } from './properties.ts';

export type FetchSecret = (reference: SecretReference) => Promise<string>;

export interface BrokerResponse {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

export interface ClientOptions {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Total time the retries of one request may take. Default 120 s (the handler's timeout is 5 minutes). */
  readonly retryBudgetMs?: number;
}

const RETRIED = new Set([429, 500, 502, 503, 504]);
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class BrokerClient {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly retryBudgetMs: number;

  constructor(
    readonly broker: Broker,
    private readonly token: string | undefined,
    options: ClientOptions = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? wait;
    this.retryBudgetMs = options.retryBudgetMs ?? 120_000;
  }

  static async connect(broker: Broker, fetchSecret: FetchSecret, options: ClientOptions = {}): Promise<BrokerClient> {
    const token = broker.token === undefined ? undefined : await fetchSecret(broker.token);
    return new BrokerClient(broker, token, options);
  }

  async send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<BrokerResponse> {
    const headers: Record<string, string> = { Accept: 'application/hal+json, application/json', 'User-Agent': 'pact-broker-cdk' };
    if (this.token !== undefined) headers['Authorization'] = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = contentType;
    const deadline = Date.now() + this.retryBudgetMs;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await this.fetch(`${this.broker.url}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          redirect: 'manual',
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        const delay = Math.min(1000 * attempt, 10_000);
        if (Date.now() + delay < deadline && attempt < 8) {
          await this.sleep(delay);
          continue;
        }
        // The cause's message only (a refused connection, a DNS failure, a timeout): no stack.
        const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
        throw new ResourceError(`Could not reach the broker at ${this.broker.url} (${method} ${path}): ${cause}`);
      }
      const text = await response.text();
      if (RETRIED.has(response.status)) {
        const retryAfter = Number(response.headers.get('retry-after'));
        const delay = Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000 * attempt, 10_000);
        if (Date.now() + delay < deadline && attempt < 30) {
          await this.sleep(delay);
          continue;
        }
      }
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text };
    }
  }

  /** Sends, and fails with the broker's own message unless the status is one of `expected`. */
  async expect(expected: readonly number[], what: string, method: string, path: string, body?: unknown, contentType?: string): Promise<BrokerResponse> {
    const response = await this.send(method, path, body, contentType);
    if (!expected.includes(response.status)) throw this.failure(what, method, path, response);
    return response;
  }

  failure(what: string, method: string, path: string, response: BrokerResponse): ResourceError {
    return new ResourceError(`${what}: the broker answered ${response.status} to ${method} ${path}: ${brokerMessage(response.body, response.text)}`);
  }
}
