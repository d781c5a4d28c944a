/**
 * Webhooks as the broker stores them: which events they listen to, which pacticipants they are scoped to, and the
 * request they send (a template: `${pactbroker.*}` parameters are expanded when an event fires). docs/webhooks.md §1.
 */

/** Every event a webhook can listen to (docs/webhooks.md §2). */
export const WEBHOOK_EVENT_NAMES = [
  'contract_content_changed',
  'contract_published',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

export const isWebhookEventName = (name: unknown): name is WebhookEventName => typeof name === 'string' && (WEBHOOK_EVENT_NAMES as readonly string[]).includes(name);

/** The event a webhook listens to when it names none (the reference's default). */
export const DEFAULT_WEBHOOK_EVENT: WebhookEventName = 'contract_content_changed';

/** A webhook's consumer or provider: one pacticipant by name, or every pacticipant with a label. */
export type PacticipantScope = { readonly name: string } | { readonly label: string };

/** The request a webhook sends, before its template parameters are expanded. */
export interface WebhookRequestTemplate {
  readonly method: string;
  readonly url: string;
  /** As given; names are compared case-insensitively when sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON value (sent as JSON) or a string (sent as it is); absent: no body. */
  readonly body?: unknown;
  readonly username?: string;
  readonly password?: string;
}

export interface Webhook {
  readonly uuid: string;
  readonly description?: string;
  readonly consumer?: PacticipantScope;
  readonly provider?: PacticipantScope;
  readonly enabled: boolean;
  readonly events: readonly WebhookEventName[];
  readonly request: WebhookRequestTemplate;
  /** PactFlow's team, kept and echoed (this broker has no teams). */
  readonly teamUuid?: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
  /** Increases with every update; updates are conditional on the revision read. */
  readonly revision: number;
}

/** What a create or update request defines (the request contract reads it; the service adds identity and times). */
export type WebhookDefinition = Omit<Webhook, 'uuid' | 'createdAt' | 'updatedAt' | 'revision'>;

/** A PUT may create a webhook with the caller's uuid: URL-safe and long enough not to be guessed (the reference's rule). */
export const WEBHOOK_UUID = /^[A-Za-z0-9_-]{16,100}$/;

/** What a webhook is matched against: the two pacticipants of the pact or verification, with their labels. */
export interface WebhookParties {
  readonly consumer: { readonly name: string; readonly labels: readonly string[] };
  readonly provider: { readonly name: string; readonly labels: readonly string[] };
}

const scopeMatches = (scope: PacticipantScope | undefined, party: { readonly name: string; readonly labels: readonly string[] }): boolean => {
  if (scope === undefined) return true;
  return 'name' in scope ? scope.name === party.name : party.labels.includes(scope.label);
};

/** Whether an event of `eventName` between these parties runs this webhook (docs/webhooks.md §2.2). */
export const webhookMatches = (webhook: Webhook, eventName: WebhookEventName, parties: WebhookParties): boolean =>
  webhook.enabled && webhook.events.includes(eventName) && scopeMatches(webhook.consumer, parties.consumer) && scopeMatches(webhook.provider, parties.provider);

/** The scopes a webhook names pacticipants by (for listing and deleting with a pacticipant). */
export const namedConsumer = (webhook: Webhook): string | undefined => (webhook.consumer !== undefined && 'name' in webhook.consumer ? webhook.consumer.name : undefined);
export const namedProvider = (webhook: Webhook): string | undefined => (webhook.provider !== undefined && 'name' in webhook.provider ? webhook.provider.name : undefined);

/** Shown in place of secrets: the password, and the values of credential headers (docs/webhooks.md §1.3). */
export const REDACTED = '**********';

/** Header names whose values are credentials (the reference's authorization and token, and a few more). */
const CREDENTIAL_HEADER = /authorization|token|secret|api[-_]?key|cookie|password/i;

const hasTemplateParameter = (text: string): boolean => /\$\{pactbroker\.\w+\}/.test(text);

/** A header value shown to people: credentials are masked unless the value holds a template parameter. */
export function redactHeaderValue(name: string, value: string): string {
  if (!CREDENTIAL_HEADER.test(name)) return value;
  return hasTemplateParameter(value) ? value : REDACTED;
}

/** The password as shown: masked, unless it holds a template parameter. */
export const redactPassword = (password: string): string => (hasTemplateParameter(password) ? password : REDACTED);

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), redactHeaderValue(name, value)]));
}

/** Masks every occurrence of the given secrets (credential header values, the password, its Basic form) in a text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  return result;
}

/** The secrets of a webhook request, to mask wherever its text (logs, errors) is shown. */
export function secretsOf(request: Pick<WebhookRequestTemplate, 'headers' | 'username' | 'password'>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (!CREDENTIAL_HEADER.test(name)) continue;
    secrets.push(value);
    // `Bearer abc`: the token alone also counts.
    const [, token] = /^\S+\s+(.+)$/.exec(value) ?? [];
    if (token !== undefined) secrets.push(token);
  }
  if (request.password !== undefined && request.password !== '') {
    secrets.push(request.password);
    secrets.push(Buffer.from(`${request.username ?? ''}:${request.password}`, 'utf8').toString('base64'));
  }
  return secrets;
}

/**
 * A replacement keeps the stored secrets the caller did not resend: the password when it is omitted or only `*`s, and
 * each header whose new value is empty or only `*`s (as shown masked), the name compared case-insensitively.
 */
export function keepStoredSecrets(next: WebhookRequestTemplate, stored: WebhookRequestTemplate): WebhookRequestTemplate {
  // Only to the same origin: re-pointing a webhook must not carry its stored credentials to another host.
  if (originOf(next.url) !== originOf(stored.url)) return next;
  const masked = (value: string | undefined) => value === undefined || /^\**$/.test(value);
  const storedHeaders = new Map(Object.entries(stored.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const headers = Object.fromEntries(Object.entries(next.headers).map(([name, value]) => [name, masked(value) ? (storedHeaders.get(name.toLowerCase()) ?? value) : value]));
  const password = masked(next.password) ? (stored.password ?? next.password) : next.password;
  const { password: _dropped, ...rest } = next;
  return { ...rest, headers, ...(password === undefined ? {} : { password }) };
}

const masked = (value: string | undefined): boolean => value !== undefined && /^\**$/.test(value) && value !== '';

/** The URL's scheme, host and port (template parameters cannot be there), or the text when it is no URL. */
function originOf(url: string): string {
  try {
    return new URL(url.replace(/\$\{[^{}]*\}/g, 'placeholder')).origin;
  } catch {
    return url;
  }
}

/**
 * The fields of a replacement that send a stored secret back masked (only `*`s) to another origin: they must be sent
 * again, or the stored credentials would go to a host they were not given for.
 */
export function secretsToResend(next: WebhookRequestTemplate, stored: WebhookRequestTemplate): string[] {
  if (originOf(next.url) === originOf(stored.url)) return [];
  const fields: string[] = [];
  if (masked(next.password) && stored.password !== undefined) fields.push('request.password');
  const storedHeaders = new Set(Object.keys(stored.headers).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(next.headers)) if (masked(value) && storedHeaders.has(name.toLowerCase())) fields.push('request.headers');
  return [...new Set(fields)];
}
