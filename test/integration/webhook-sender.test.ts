/**
 * The webhook sender against receivers on 127.0.0.1: what it delivers, and what it refuses to reach. Loopback is
 * exactly what a tenant must not reach, so most of these tests allow it explicitly and check that nothing else opens.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookPolicyFrom } from '../../shared/domain/webhooks/allowlist.ts';
import { sendWebhookRequest, type HostLookup, type ResolvedAddress } from '../../shared/delivery/webhook-sender.ts';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.on('error', () => undefined); // the sender hangs up on purpose in some tests
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

const ONE_MB = 1024 * 1024;

let receiver: Awaited<ReturnType<typeof listen>>;
let redirectTarget: Awaited<ReturnType<typeof listen>>;
let closedPort: number;

beforeAll(async () => {
  redirectTarget = await listen((_req, res) => res.writeHead(200).end('you followed the redirect'));
  receiver = await listen((req, res) => {
    switch (req.url) {
      case '/redirect':
        res.writeHead(302, { location: `http://127.0.0.1:${redirectTarget.port}/target` }).end();
        return;
      case '/big': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(16 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < ONE_MB) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        pump();
        return;
      }
      case '/accents':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('éééééééééé');
        return;
      case '/hang':
        return; // never answers
      default:
        res.writeHead(201, { 'X-Receiver': 'yes', 'Set-Cookie': ['a=1', 'b=2'] }).end('thanks');
    }
  });
  const closed = await listen(() => undefined);
  closedPort = closed.port;
  await new Promise<void>((resolve) => closed.server.close(() => resolve()));
});

afterAll(async () => {
  for (const { server } of [receiver, redirectTarget]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const HOSTS = 'PACT_BROKER_WEBHOOK_HOST_WHITELIST';
const SCHEMES = 'PACT_BROKER_WEBHOOK_SCHEME_WHITELIST';
const METHODS = 'PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST';
/** http to loopback, allowed by a CIDR entry. */
const loopbackAllowed = webhookPolicyFrom({ [HOSTS]: '127.0.0.0/8', [SCHEMES]: 'http', [METHODS]: 'POST PUT' });
/** http allowed, but no host allowlist: public addresses only. */
const httpOnlyPublic = webhookPolicyFrom({ [SCHEMES]: 'http https' });

const url = (path = '/hook', host = '127.0.0.1', port = receiver.port) => `http://${host}:${port}${path}`;
const post = (target: string, extra: { headers?: Record<string, string>; body?: string } = {}) => ({ method: 'POST', url: target, headers: extra.headers ?? {}, ...(extra.body === undefined ? {} : { body: extra.body }) });

/** A resolver that answers the given addresses and counts its calls. */
function fakeLookup(...answers: (readonly string[])[]): HostLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (host: string): Promise<ResolvedAddress[]> => {
    const answer = answers[Math.min(calls.length, answers.length - 1)] ?? [];
    calls.push(host);
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

const hitsOf = (path: string) => receiver.received.filter((request) => request.url === path).length;

describe('sendWebhookRequest delivers', () => {
  it('the method, headers and body, and returns the answer with lower-case header names', async () => {
    const body = JSON.stringify({ pact: 'published' });
    const outcome = await sendWebhookRequest(post(url('/delivered'), { headers: { 'Content-Type': 'application/json', 'X-Token': 'abc' }, body }), loopbackAllowed);
    expect(outcome).toMatchObject({ kind: 'response', status: 201, body: 'thanks', truncated: false, headers: { 'x-receiver': 'yes', 'set-cookie': 'a=1, b=2' } });
    const [seen] = receiver.received.filter((request) => request.url === '/delivered');
    expect(seen).toMatchObject({ method: 'POST', body, headers: { 'content-type': 'application/json', 'x-token': 'abc', 'user-agent': 'Pact Broker', host: `127.0.0.1:${receiver.port}` } });
    expect(seen?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it("keeps the request's own user agent, sends the method upper-cased, and keeps the Host header the URL's", async () => {
    const outcome = await sendWebhookRequest({ method: 'put', url: url('/own-headers'), headers: { 'User-Agent': 'my-ci-hook', Host: 'internal-admin.example', 'Content-Length': '999' }, body: 'x' }, loopbackAllowed);
    expect(outcome.kind).toBe('response');
    const [seen] = receiver.received.filter((request) => request.url === '/own-headers');
    expect(seen).toMatchObject({ method: 'PUT', body: 'x', headers: { 'user-agent': 'my-ci-hook', host: `127.0.0.1:${receiver.port}`, 'content-length': '1' } });
  });

  it('to the address it vetted: a name resolved once and pinned, the Host header still the name', async () => {
    // The second answer would rebind the name to the metadata service; it must never be asked for.
    const lookup = fakeLookup(['127.0.0.1'], ['169.254.169.254']);
    const policy = webhookPolicyFrom({ [HOSTS]: 'receiver.internal', [SCHEMES]: 'http' });
    const outcome = await sendWebhookRequest(post(url('/pinned', 'receiver.internal')), policy, { lookup });
    expect(outcome).toMatchObject({ kind: 'response', status: 201 });
    expect(lookup.calls).toEqual(['receiver.internal']);
    const [seen] = receiver.received.filter((request) => request.url === '/pinned');
    expect(seen?.headers.host).toBe(`receiver.internal:${receiver.port}`);
  });

  it('when the operator names the address exactly, that address only', async () => {
    const policy = webhookPolicyFrom({ [HOSTS]: '127.0.0.1', [SCHEMES]: 'http' });
    expect(await sendWebhookRequest(post(url('/exact')), policy)).toMatchObject({ kind: 'response', status: 201 });
    const other = await sendWebhookRequest(post(url('/exact-other', '127.0.0.2')), policy);
    expect(other).toMatchObject({ kind: 'refused', field: 'request.url' });
    expect(hitsOf('/exact-other')).toBe(0);
  });
});

describe('sendWebhookRequest refuses', () => {
  it.each([
    ['127.0.0.1', '/refused-ip', '127.0.0.1', undefined, /^127\.0\.0\.1 is a loopback address; the operator has not allowed it \(PACT_BROKER_WEBHOOK_HOST_WHITELIST\)$/],
    ['localhost (the system resolver)', '/refused-localhost', 'localhost', undefined, /^localhost resolves to [0-9a-f.:]+, which is a loopback address; the operator has not allowed it \(PACT_BROKER_WEBHOOK_HOST_WHITELIST\)$/],
    ['[::ffff:127.0.0.1]', '/refused-mapped', '[::ffff:127.0.0.1]', undefined, /loopback address \(it carries the IPv4 address 127\.0\.0\.1\)/],
    ['a name resolving to the metadata service', '/refused-metadata', 'hooks.example.com', ['169.254.169.254'], /^hooks\.example\.com resolves to 169\.254\.169\.254, which is a cloud metadata service address/],
    ['a name resolving to a private address', '/refused-private', 'hooks.example.com', ['10.0.0.1'], /resolves to 10\.0\.0\.1, which is a private address/],
    ['a name resolving to a public and a private address', '/refused-mixed', 'hooks.example.com', ['93.184.216.34', '10.0.0.1'], /resolves to 10\.0\.0\.1, which is a private address/],
    ['a name resolving to a public and an IPv6 loopback address', '/refused-mixed6', 'hooks.example.com', ['93.184.216.34', '::1'], /resolves to ::1, which is a loopback address/],
  ] as const)('%s when nothing allows it', async (_name, path, host, answer, reason) => {
    const outcome = await sendWebhookRequest(post(url(path, host)), httpOnlyPublic, answer === undefined ? {} : { lookup: fakeLookup(answer) });
    expect(outcome).toMatchObject({ kind: 'refused', field: 'request.url' });
    expect(outcome.kind === 'refused' ? outcome.reason : '').toMatch(reason);
    expect(hitsOf(path)).toBe(0);
  });

  it('a host the allowlist does not name, even when its address is allowed', async () => {
    const outcome = await sendWebhookRequest(post(url('/refused-host', 'localhost')), loopbackAllowed);
    expect(outcome).toMatchObject({ kind: 'refused', field: 'request.url' });
    expect(outcome.kind === 'refused' ? outcome.reason : '').toMatch(/host is not one .* \(PACT_BROKER_WEBHOOK_HOST_WHITELIST\)/);
    expect(hitsOf('/refused-host')).toBe(0);
  });

  it('an internal address behind a wildcard entry', async () => {
    const policy = webhookPolicyFrom({ [HOSTS]: '*.internal', [SCHEMES]: 'http' });
    const outcome = await sendWebhookRequest(post(url('/refused-wildcard', 'receiver.internal')), policy, { lookup: fakeLookup(['127.0.0.1']) });
    expect(outcome).toMatchObject({ kind: 'refused', field: 'request.url' });
    expect(hitsOf('/refused-wildcard')).toBe(0);
  });

  it('http under the default schemes', async () => {
    const outcome = await sendWebhookRequest(post(url('/refused-scheme')), webhookPolicyFrom({ [HOSTS]: '127.0.0.0/8' }));
    expect(outcome).toEqual({ kind: 'refused', field: 'request.url', reason: "request.url scheme must be https. The broker's operator allows webhooks only these schemes (PACT_BROKER_WEBHOOK_SCHEME_WHITELIST)." });
    expect(hitsOf('/refused-scheme')).toBe(0);
  });

  it('GET under the default methods', async () => {
    const outcome = await sendWebhookRequest({ method: 'GET', url: url('/refused-method'), headers: {} }, webhookPolicyFrom({ [HOSTS]: '127.0.0.0/8', [SCHEMES]: 'http' }));
    expect(outcome).toMatchObject({ kind: 'refused', field: 'request.method' });
    expect(outcome.kind === 'refused' ? outcome.reason : '').toMatch(/^request\.method must be POST\./);
    expect(hitsOf('/refused-method')).toBe(0);
  });
});

describe('sendWebhookRequest answers', () => {
  it('a redirect as it is, without following it', async () => {
    const outcome = await sendWebhookRequest(post(url('/redirect')), loopbackAllowed);
    expect(outcome).toMatchObject({ kind: 'response', status: 302, headers: { location: `http://127.0.0.1:${redirectTarget.port}/target` } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(redirectTarget.received).toHaveLength(0);
  });

  it('at most maxResponseBytes of a large body, closing the connection', async () => {
    const outcome = await sendWebhookRequest(post(url('/big')), loopbackAllowed);
    expect(outcome).toMatchObject({ kind: 'response', status: 200, truncated: true });
    if (outcome.kind !== 'response') return;
    expect(Buffer.byteLength(outcome.body)).toBeLessThanOrEqual(64 * 1024);
    expect(outcome.body).toMatch(/^a+$/);
    expect(outcome.durationMs).toBeLessThan(5_000);
  });

  it('a body cut at the cap without a broken character at its end', async () => {
    const outcome = await sendWebhookRequest(post(url('/accents')), loopbackAllowed, { maxResponseBytes: 5 });
    expect(outcome).toMatchObject({ kind: 'response', body: 'éé', truncated: true });
  });

  it('failed when the receiver never answers', async () => {
    const outcome = await sendWebhookRequest(post(url('/hang')), loopbackAllowed, { responseTimeoutMs: 300 });
    expect(outcome).toMatchObject({ kind: 'failed' });
    expect(outcome.kind === 'failed' ? outcome.reason : '').toMatch(/^response timeout: /);
    expect(outcome.kind === 'failed' ? outcome.durationMs : Infinity).toBeLessThan(5_000);
  });

  it('failed when the connection is refused', async () => {
    const outcome = await sendWebhookRequest(post(url('/', '127.0.0.1', closedPort)), loopbackAllowed);
    expect(outcome).toMatchObject({ kind: 'failed', reason: `connection refused by 127.0.0.1:${closedPort}` });
  });

  it('failed when the name does not resolve, or not in time', async () => {
    const policy = webhookPolicyFrom({ [SCHEMES]: 'https' });
    const notFound: HostLookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' });
    };
    expect(await sendWebhookRequest(post('https://nowhere.example/'), policy, { lookup: notFound })).toMatchObject({ kind: 'failed', reason: 'DNS lookup of nowhere.example failed: ENOTFOUND' });
    const never: HostLookup = () => new Promise(() => undefined);
    const outcome = await sendWebhookRequest(post('https://slow.example/'), policy, { lookup: never, connectTimeoutMs: 300 });
    expect(outcome).toMatchObject({ kind: 'failed' });
    expect(outcome.kind === 'failed' ? outcome.reason : '').toMatch(/^connect timeout: /);
    expect(await sendWebhookRequest(post('https://empty.example/'), policy, { lookup: fakeLookup([]) })).toMatchObject({ kind: 'failed', reason: 'DNS lookup of empty.example found no address' });
  });
});
