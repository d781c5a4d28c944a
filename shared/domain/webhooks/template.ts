/**
 * `${pactbroker.*}` template parameters: their values for one triggered webhook, and a webhook's request with them
 * expanded (docs/webhooks.md §3). Pure: the facts are read by the services.
 */
import type { WebhookRequestTemplate } from './definition.ts';

/** The documented parameters, in the reference's order. */
export const TEMPLATE_PARAMETERS = [
  'consumerName',
  'providerName',
  'consumerVersionNumber',
  'providerVersionNumber',
  'providerVersionTags',
  'providerVersionDescriptions',
  'providerVersionBranch',
  'consumerVersionTags',
  'consumerVersionBranch',
  'pactUrl',
  'verificationResultUrl',
  'githubVerificationStatus',
  'bitbucketVerificationStatus',
  'azureDevOpsVerificationStatus',
  'gitlabVerificationStatus',
  'consumerLabels',
  'providerLabels',
  'eventName',
  'buildUrl',
] as const;

export type TemplateParameter = (typeof TEMPLATE_PARAMETERS)[number];
export type TemplateValues = Readonly<Record<TemplateParameter, string>>;

/** What the parameters are made of. Absent facts give empty strings (or "pending" statuses), never "undefined". */
export interface TemplateFacts {
  readonly eventName: string;
  readonly consumer: { readonly name: string; readonly labels: readonly string[] };
  readonly provider: { readonly name: string; readonly labels: readonly string[] };
  readonly consumerVersion?: { readonly number: string; readonly tags: readonly string[]; readonly branch?: string };
  readonly pactUrl: string;
  /** The verification the webhook reports on: the event's own, or the content's latest. */
  readonly verification?: { readonly url: string; readonly success: boolean; readonly providerVersion: string; readonly providerVersionTags: readonly string[]; readonly providerVersionBranch?: string };
  /** `contract_requiring_verification_published`: the provider version that should verify, and why. */
  readonly requiredProviderVersion?: { readonly number: string; readonly branch?: string; readonly descriptions: readonly string[] };
  readonly buildUrl?: string;
}

const list = (values: readonly string[] | undefined): string => (values ?? []).join(', ');

export function templateValues(facts: TemplateFacts): TemplateValues {
  const verification = facts.verification;
  const status = (success: string, failure: string, none: string): string => (verification === undefined ? none : verification.success ? success : failure);
  const required = facts.requiredProviderVersion;
  return {
    consumerName: facts.consumer.name,
    providerName: facts.provider.name,
    consumerVersionNumber: facts.consumerVersion?.number ?? '',
    providerVersionNumber: required?.number ?? verification?.providerVersion ?? '',
    providerVersionTags: list(verification?.providerVersionTags),
    providerVersionDescriptions: list(required?.descriptions),
    providerVersionBranch: required !== undefined ? (required.branch ?? '') : (verification?.providerVersionBranch ?? ''),
    consumerVersionTags: list(facts.consumerVersion?.tags),
    consumerVersionBranch: facts.consumerVersion?.branch ?? '',
    pactUrl: facts.pactUrl,
    verificationResultUrl: verification?.url ?? '',
    githubVerificationStatus: status('success', 'failure', 'pending'),
    bitbucketVerificationStatus: status('SUCCESSFUL', 'FAILED', 'INPROGRESS'),
    azureDevOpsVerificationStatus: status('succeeded', 'failed', 'pending'),
    gitlabVerificationStatus: status('success', 'failed', 'pending'),
    consumerLabels: list(facts.consumer.labels),
    providerLabels: list(facts.provider.labels),
    eventName: facts.eventName,
    buildUrl: facts.buildUrl ?? '',
  };
}

const PARAMETER = /\$\{pactbroker\.(\w+)\}/g;

/** Replaces each known parameter; unknown ones stay as they are (the reference's behaviour). */
function expand(text: string, values: Readonly<Record<string, string>>, encode: (value: string) => string): string {
  return text.replace(PARAMETER, (whole, name: string) => (Object.hasOwn(values, name) ? encode(values[name] as string) : whole));
}

/**
 * Form encoding, as the reference escapes values in URLs: only `A-Za-z0-9*-._` stay, a space is `+`. A lone surrogate
 * (a JSON body may carry one into a tag, branch or build URL) is encoded as U+FFFD: `encodeURIComponent` would throw,
 * and every attempt of the webhook with it.
 */
export const formEncode = (value: string): string =>
  encodeURIComponent(value.toWellFormed())
    .replace(/[!'()~]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');

/** Inside a JSON body a value goes into a JSON string: escaped, so no value can break the document (docs/webhooks.md §3.3). */
const jsonStringContent = (value: string): string => JSON.stringify(value).slice(1, -1);

export interface RenderedWebhookRequest {
  readonly method: string;
  readonly url: string;
  /** Names lower-cased; `content-type` set for JSON bodies and `authorization` for credentials unless given. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The request a webhook sends for these values. */
export function renderWebhookRequest(template: WebhookRequestTemplate, values: Readonly<Record<string, string>>): RenderedWebhookRequest {
  const raw = (text: string) => expand(text, values, (value) => value);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(template.headers)) headers[name.toLowerCase()] = raw(value);
  let body: string | undefined;
  if (typeof template.body === 'string') body = raw(template.body);
  else if (template.body !== undefined && template.body !== null) {
    body = expand(JSON.stringify(template.body), values, jsonStringContent);
    headers['content-type'] ??= 'application/json';
  }
  if (template.username !== undefined || template.password !== undefined) {
    headers['authorization'] ??= `Basic ${Buffer.from(`${raw(template.username ?? '')}:${raw(template.password ?? '')}`, 'utf8').toString('base64')}`;
  }
  return { method: template.method.toUpperCase(), url: expand(template.url, values, formEncode), headers, ...(body === undefined ? {} : { body }) };
}

/** Whether a text uses any template parameter (a secret that is one is shown, not masked). */
export const usesTemplateParameter = (text: string): boolean => /\$\{pactbroker\.\w+\}/.test(text);
