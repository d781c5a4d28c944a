/**
 * Webhook events: what a publication or a verification result fires (pure rules, docs/webhooks.md §2), the event
 * record the causing write stores in its own transaction (the outbox), and the triggered webhooks and delivery attempts
 * that follow from it.
 */
import type { WebhookEventName } from './definition.ts';

/** A provider version a new pact should be verified by (`contract_requiring_verification_published`). */
export interface RequiredProviderVersion {
  readonly number: string;
  readonly branch?: string;
  /** Why: "latest from main branch", "deployed in production", "released in production". */
  readonly descriptions: readonly string[];
}

export interface PactEventSubject {
  readonly kind: 'pact';
  readonly consumer: string;
  readonly provider: string;
  readonly consumerVersion: string;
  readonly sha: string;
  /** The consumer version's tags when it was published, and the branch the publication named. */
  readonly consumerVersionTags: readonly string[];
  readonly consumerVersionBranch?: string;
  /** The publication's build URL. */
  readonly buildUrl?: string;
  /** The provider versions that still need to verify this content, for `contract_requiring_verification_published`. */
  readonly requiredProviderVersions?: readonly RequiredProviderVersion[];
}

export interface VerificationEventSubject {
  readonly kind: 'verification';
  readonly consumer: string;
  readonly provider: string;
  readonly sha: string;
  readonly number: number;
  readonly providerVersion: string;
  readonly success: boolean;
  readonly buildUrl?: string;
  /** The consumer version whose pact was verified: the one the verified pact's URL names, else the newest with that content. */
  readonly consumerVersion?: string;
}

/** A bi-directional comparison of a pact with a provider contract: it fires what a verification result fires. */
export interface ComparisonEventSubject {
  readonly kind: 'comparison';
  readonly consumer: string;
  readonly provider: string;
  readonly sha: string;
  readonly oasSha: string;
  readonly success: boolean;
  /** The provider version whose contract was compared, when the request knew it. */
  readonly providerVersion?: string;
  /** The newest consumer version that published the pact. */
  readonly consumerVersion?: string;
}

export type WebhookEventSubject = PactEventSubject | VerificationEventSubject | ComparisonEventSubject;

/** One thing that happened, with every event name it fires. Stored once, in the transaction of the write that caused it. */
export interface WebhookEvent {
  readonly id: string;
  readonly names: readonly WebhookEventName[];
  readonly subject: WebhookEventSubject;
  readonly occurredAt: string;
  /** The broker's public URL when the event happened: the URLs in templates point there. */
  readonly baseUrl: string;
}

/** How long event records, triggered webhooks and their attempts are kept (DynamoDB's TTL removes them after). */
export const WEBHOOK_EVENT_RETENTION_DAYS = 7;
export const WEBHOOK_EXECUTION_RETENTION_DAYS = 30;

/** What a publication of one pact did, as the event rules need it. */
export interface PactPublicationFacts {
  /** `created`: a new publication; `changed`: the consumer version's pact was overwritten or merged into; `unchanged`: published again, same content. */
  readonly outcome: 'created' | 'changed' | 'unchanged';
  /**
   * The content of the previous pact for each of the consumer version's tags (or, with no tags, of the previous untagged
   * consumer version): a sha, or null when there is none.
   */
  readonly previousShas: readonly (string | null)[];
  readonly sha: string;
  /** Provider versions that still need to verify this content. */
  readonly requiredProviderVersions: readonly RequiredProviderVersion[];
}

/**
 * The events a publication fires (docs/webhooks.md §2.1): `contract_published` every time, republications included;
 * `contract_requiring_verification_published` when some provider version still needs to verify the content;
 * `contract_content_changed` when the consumer version's own pact changed, or a new pact differs from (or is the first
 * of) the previous pact of any of the consumer version's tags (of untagged versions, when it has none).
 */
export function pactPublicationEvents(facts: PactPublicationFacts): WebhookEventName[] {
  const names: WebhookEventName[] = ['contract_published'];
  const changed =
    facts.outcome === 'changed' ||
    (facts.outcome === 'created' && (facts.previousShas.length === 0 || facts.previousShas.some((previous) => previous === null || previous !== facts.sha)));
  // The reference's order: published, requiring verification, content changed.
  if (facts.requiredProviderVersions.length > 0) names.push('contract_requiring_verification_published');
  if (changed) names.push('contract_content_changed');
  return names;
}

/** The events a verification result fires: published, and succeeded or failed. */
export const verificationEvents = (success: boolean): WebhookEventName[] => ['provider_verification_published', success ? 'provider_verification_succeeded' : 'provider_verification_failed'];

export type TriggeredWebhookStatus = 'not_run' | 'retrying' | 'success' | 'failure';

/** One webhook run for one event (and, for `contract_requiring_verification_published`, one provider version). */
export interface TriggeredWebhook {
  readonly id: string;
  readonly webhookUuid: string;
  readonly webhookDescription?: string;
  readonly eventId: string;
  readonly eventName: WebhookEventName;
  readonly subject: WebhookEventSubject;
  /** The `${pactbroker.*}` values, fixed when the event was routed. */
  readonly params: Readonly<Record<string, string>>;
  /** The event's base URL (its log's context names it). */
  readonly baseUrl: string;
  readonly status: TriggeredWebhookStatus;
  /** Attempts finished so far. */
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt?: string;
  /** When the next attempt is due, while retrying. */
  readonly nextAttemptAt?: string;
}

/** What one attempt sent and got back; secrets are redacted before it is stored. */
export interface WebhookAttempt {
  readonly attempt: number;
  readonly claimedAt: string;
  readonly finishedAt?: string;
  readonly success?: boolean;
  readonly request?: { readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body?: string };
  readonly response?: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string; readonly truncated: boolean };
  readonly error?: string;
  readonly logs: string;
}

/** Whether a response counts as delivered: any 2xx (the reference's rule). */
export const deliveredStatus = (status: number): boolean => status >= 200 && status < 300;

/**
 * The retry schedule (`PACT_BROKER_WEBHOOK_RETRY_SCHEDULE`, seconds, space-separated; the reference's default): after
 * attempt n fails, attempt n+1 is due `schedule[n-1]` seconds later; after the last entry there is no further attempt.
 */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [10, 60, 120, 300, 600, 1200];

export function parseRetrySchedule(raw: string | undefined): readonly number[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_RETRY_SCHEDULE;
  const entries = raw.trim().split(/\s+/).map(Number);
  if (entries.some((seconds) => !Number.isFinite(seconds) || seconds < 0 || !Number.isInteger(seconds))) {
    throw new Error(`PACT_BROKER_WEBHOOK_RETRY_SCHEDULE must be whole seconds separated by spaces, got '${raw}'`);
  }
  return entries;
}

/** After a failed attempt: when the next one is due (seconds from now), or undefined when the schedule is spent. */
export function nextAttemptDelay(schedule: readonly number[], failedAttempt: number): number | undefined {
  return schedule[failedAttempt - 1];
}

/** SQS delays a message by at most 15 minutes; longer waits are re-enqueued on arrival until due. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

export const queueDelaySeconds = (dueAt: number, now: number): number => Math.max(0, Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil((dueAt - now) / 1000)));
