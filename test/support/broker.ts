/**
 * A broker for end-to-end tests: the local broker (the synthesized template's routes, functions, roles and queues,
 * under AWS's rules) on an ephemeral loopback port, backed by a fresh table in the run's DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { assertLoopbackEndpoint, useLocalAwsSettings } from '../../infra/local/dynamodb-local.ts';
import { startLocalBroker, type LocalBroker, type LocalBrokerOptions } from '../../infra/local/local-broker.ts';

export type TestBroker = LocalBroker;

/**
 * `expectDenials`: the suite provokes IAM refusals on purpose. Otherwise closing the broker fails the suite if any call
 * was refused: every suite is also a check that the template grants what the code needs.
 */
export async function startTestBroker(options: Partial<Omit<LocalBrokerOptions, 'dynamoDbEndpoint'>> & { expectDenials?: boolean } = {}): Promise<TestBroker> {
  const endpoint = inject('dynamoDbEndpoint');
  assertLoopbackEndpoint(endpoint);
  useLocalAwsSettings(endpoint);
  process.env['LOG_LEVEL'] ??= 'WARN';
  const { expectDenials, ...brokerOptions } = options;
  const broker = await startLocalBroker({ dynamoDbEndpoint: endpoint, tableName: `broker-e2e-${randomUUID()}`, auth: false, host: '127.0.0.1', port: 0, ...brokerOptions });
  return {
    ...broker,
    close: async () => {
      await broker.close();
      const denials = broker.aws.endpoint.denials;
      if (!expectDenials && denials.length > 0) throw new Error(`AWS rules refused ${denials.length} call(s) the code made, e.g. ${JSON.stringify(denials[0])}`);
    },
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape; tests assert on it
  readonly text: string;
}

/** A small HTTP client for asserting on the broker's responses. */
export async function http(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const url = path.startsWith('http') ? path : `${baseUrl}${path}`;
  const init: RequestInit = { method, headers: { Accept: 'application/hal+json, application/json', ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
