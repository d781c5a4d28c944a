/**
 * Sends one expanded webhook request, enforcing the operator's webhook policy at the moment of sending
 * (`shared/domain/webhooks/allowlist.ts`): the allowlists are checked again (settings may have changed since the
 * webhook was created), the host is resolved once, every address it resolves to must be allowed, and the connection
 * goes to those vetted addresses only. Node's `lookup` hook is pinned to them, so no second resolution can answer
 * differently (DNS rebinding), while the Host header and the TLS server name stay the URL's host.
 *
 * Never follows redirects (a 3xx is the answer), reads at most `maxResponseBytes` of the body, bounds the connection
 * and the whole exchange in time, and uses an agent of its own: no connection reuse, no proxy from the environment.
 */
import { promises as dns } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { addressAllowed, parseIpAddress, webhookMethodProblems, webhookTarget, webhookUrlProblems, type IpFamily, type WebhookPolicy } from '../domain/webhooks/allowlist.ts';

export interface WebhookHttpRequest {
  readonly method: string;
  /** Expanded: no template parameters left. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: IpFamily;
}

/** Every address a host name resolves to. */
export type HostLookup = (host: string) => Promise<readonly ResolvedAddress[]>;

export interface WebhookSendOptions {
  /** Resolving the host and opening the TCP connection. */
  readonly connectTimeoutMs?: number;
  /** The whole exchange, from the start until the response is read (the reference's 15 s by default). */
  readonly responseTimeoutMs?: number;
  /** Body bytes kept; the connection is closed once more arrive. */
  readonly maxResponseBytes?: number;
  readonly lookup?: HostLookup;
}

export const WEBHOOK_SEND_DEFAULTS = { connectTimeoutMs: 5_000, responseTimeoutMs: 15_000, maxResponseBytes: 64 * 1024 } as const;

export type WebhookSendOutcome =
  /** The receiver answered (any status, redirects included). */
  | {
      readonly kind: 'response';
      readonly status: number;
      /** Lower-case names; repeated headers joined with ", ". */
      readonly headers: Readonly<Record<string, string>>;
      /** UTF-8, at most `maxResponseBytes` bytes of it. */
      readonly body: string;
      readonly truncated: boolean;
      readonly durationMs: number;
    }
  /** The policy does not allow this request: nothing was sent. */
  | { readonly kind: 'refused'; readonly reason: string; readonly field: 'request.url' | 'request.method' }
  /** Allowed, but no complete answer: DNS, connection, TLS or timeout. */
  | { readonly kind: 'failed'; readonly reason: string; readonly durationMs: number };

/** `dns.lookup` (the system resolver, as the rest of the process resolves), every address, in its order. */
const systemLookup: HostLookup = async (host) => (await dns.lookup(host, { all: true, order: 'verbatim' })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** Headers the sender owns: the target (Host), the framing (lengths, encodings, connection handling) and proxies. */
const OWN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'proxy-connection', 'proxy-authorization']);

const errorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function connectionFailure(error: unknown, where: string): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}`;
    case 'ECONNRESET':
      return `connection reset by ${where}`;
    case 'ETIMEDOUT':
      return `connect timeout: ${where} did not answer (ETIMEDOUT)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable (${code})`;
  }
  if (code !== undefined && /^(ERR_TLS_|ERR_SSL_|ERR_OSSL|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/.test(code)) return `TLS error with ${where}: ${errorText(error)} (${code})`;
  return `request to ${where} failed: ${errorText(error)}${code === undefined ? '' : ` (${code})`}`;
}

/** Resolves `promise`, or undefined once `ms` have passed (the lookup itself cannot be cancelled; its answer is dropped). */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise.then((value) => ({ value })), new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function sendWebhookRequest(request: WebhookHttpRequest, policy: WebhookPolicy, options: WebhookSendOptions = {}): Promise<WebhookSendOutcome> {
  const connectTimeoutMs = options.connectTimeoutMs ?? WEBHOOK_SEND_DEFAULTS.connectTimeoutMs;
  const responseTimeoutMs = options.responseTimeoutMs ?? WEBHOOK_SEND_DEFAULTS.responseTimeoutMs;
  const maxResponseBytes = options.maxResponseBytes ?? WEBHOOK_SEND_DEFAULTS.maxResponseBytes;
  const lookup = options.lookup ?? systemLookup;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (reason: string): WebhookSendOutcome => ({ kind: 'failed', reason, durationMs: elapsed() });

  const methodProblem = webhookMethodProblems(policy, request.method)[0];
  if (methodProblem !== undefined) return { kind: 'refused', reason: `request.method ${methodProblem}`, field: 'request.method' };
  const target = webhookTarget(request.url);
  if (target === undefined) return { kind: 'refused', reason: 'request.url is not a valid URL', field: 'request.url' };
  if (target.address !== undefined) {
    const verdict = addressAllowed(policy, target.host, target.host);
    if (!verdict.allowed) return { kind: 'refused', reason: verdict.reason, field: 'request.url' };
  }
  // The URL checks read `${…}` as a placeholder; they refuse one in the host, so the host they pass is this target's.
  const urlProblem = webhookUrlProblems(policy, request.url)[0];
  if (urlProblem !== undefined) return { kind: 'refused', reason: `request.url ${urlProblem}`, field: 'request.url' };
  const port = target.url.port === '' ? (target.scheme === 'https' ? 443 : 80) : Number(target.url.port);
  const where = `${target.url.hostname}:${port}`;

  let resolved: readonly ResolvedAddress[];
  if (target.address !== undefined) resolved = [{ address: target.host, family: target.address.family }];
  else {
    let answer: { value: readonly ResolvedAddress[] } | undefined;
    try {
      answer = await within(lookup(target.host), connectTimeoutMs);
    } catch (error) {
      return failed(`DNS lookup of ${target.host} failed: ${errorCode(error) ?? errorText(error)}`);
    }
    if (answer === undefined) return failed(`connect timeout: DNS lookup of ${target.host} took longer than ${connectTimeoutMs} ms`);
    if (answer.value.length === 0) return failed(`DNS lookup of ${target.host} found no address`);
    resolved = answer.value;
  }

  // One address the operator has not allowed refuses the whole request: which one a connection would use is not ours
  // to predict (happy eyeballs, retries), and an attacker's DNS can list a public address beside an internal one.
  const vetted: ResolvedAddress[] = [];
  for (const { address } of resolved) {
    const verdict = addressAllowed(policy, target.host, address);
    if (!verdict.allowed) return { kind: 'refused', reason: verdict.reason, field: 'request.url' };
    // The family is the address's, whatever the resolver said.
    const parsed = parseIpAddress(address);
    if (parsed !== undefined) vetted.push({ address, family: parsed.family });
  }

  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
    const wanted = family === 4 || family === 6 ? vetted.filter((entry) => entry.family === family) : vetted;
    const first = wanted[0];
    if (first === undefined) callback(Object.assign(new Error(`${target.host} has no vetted IPv${family ?? ''} address`), { code: 'ENOTFOUND' }), '');
    else if (lookupOptions.all === true) callback(null, wanted.map((entry) => ({ address: entry.address, family: entry.family })));
    else callback(null, first.address, first.family);
  };

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (!OWN_HEADERS.has(name.toLowerCase())) headers[name] = value;
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) headers['user-agent'] = 'Pact Broker';

  const secure = target.scheme === 'https';
  // An agent per request: nothing pooled is reused for another target, and an agent created without `proxyEnv`
  // ignores HTTP(S)_PROXY even where NODE_USE_ENV_PROXY sets up the global agents with them.
  const agent = secure ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false });
  const requestOptions: RequestOptions = {
    method: request.method.toUpperCase(),
    headers,
    agent,
    lookup: pinned,
    // SNI carries a name, never an address.
    ...(secure && target.address === undefined ? { servername: target.host.replace(/\.$/, '') } : {}),
  };

  return new Promise<WebhookSendOutcome>((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: WebhookSendOutcome) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      req?.destroy();
      agent.destroy();
      resolve(outcome);
    };
    const connectTimer = setTimeout(() => finish(failed(`connect timeout: no connection to ${where} within ${connectTimeoutMs} ms`)), Math.max(0, connectTimeoutMs - elapsed()));
    timers.push(connectTimer, setTimeout(() => finish(failed(`response timeout: no complete response from ${where} within ${responseTimeoutMs} ms`)), Math.max(0, responseTimeoutMs - elapsed())));

    try {
      req = (secure ? httpsRequest : httpRequest)(target.url, requestOptions);
    } catch (error) {
      // Node refuses a header name or value it cannot send (ERR_INVALID_HTTP_TOKEN, ERR_INVALID_CHAR) synchronously.
      finish(failed(`request to ${where} could not be built: ${errorText(error)}`));
      return;
    }
    req.on('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => clearTimeout(connectTimer));
      else clearTimeout(connectTimer);
    });
    req.on('error', (error) => finish(failed(connectionFailure(error, where))));
    req.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (truncated: boolean) => {
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        // `stream: true` holds back a multi-byte character cut at the cap instead of ending the text with U+FFFD.
        const body = new TextDecoder('utf-8').decode(Buffer.concat(chunks), { stream: truncated });
        finish({ kind: 'response', status: response.statusCode ?? 0, headers: responseHeaders, body, truncated, durationMs: elapsed() });
      };
      response.on('data', (chunk: Buffer) => {
        const room = maxResponseBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size = maxResponseBytes;
          answer(true);
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => answer(false));
      response.on('error', (error) => finish(failed(connectionFailure(error, where))));
      response.on('close', () => {
        if (!response.complete) finish(failed(`${where} closed the connection before the response was complete`));
      });
    });
    req.end(request.body);
  });
}
