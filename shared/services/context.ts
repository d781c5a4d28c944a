/**
 * What every use case needs, built once per request (or queue message) by the composition root
 * (`shared/composition/context.ts`): the tenant's repositories (already bound to the tenant's scoped client), the
 * time, fresh ids, the comparison queue and the retry deadline. Services never see a database client or pair a
 * tenant with one.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '#domain/time.ts';
import type { ComparisonQueue } from '#queue/publisher.ts';
import type { WebhookQueue } from '#queue/webhook-messages.ts';
import type { OperatorRepositories, ReadRepositories, Repositories } from './ports.ts';

/** What every context carries besides the repositories. */
export interface ContextBase {
  /** Comes only from the authenticated caller (or the local default), never from the request's path or body. */
  readonly tenantId: string;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Where comparison jobs go (the SQS queue in AWS). */
  readonly comparisonQueue: ComparisonQueue;
  /** Where webhook executions go (the dispatch queue in AWS). */
  readonly webhookQueue: WebhookQueue;
  /** The broker's public URL as this request reached it: where links recorded for later (webhook events) point. */
  readonly baseUrl?: string;
  /** When retries must stop (epoch ms): set from the function's remaining time, so contention ends in a 503, not a timeout. */
  readonly deadline?: number;
}

/** A write route's context: every repository method. */
export interface ServiceContext extends Repositories, ContextBase {}

/**
 * A read route's context: the repositories' reading methods only (a read route's IAM role can write nothing), so a
 * use case that takes a `ReadContext` cannot write, by type. A `ServiceContext` is also a `ReadContext`.
 */
export interface ReadContext extends ReadRepositories, ContextBase {}

export type ContextOptions = Partial<Pick<ContextBase, 'clock' | 'newId' | 'deadline' | 'webhookQueue' | 'baseUrl'>> & Pick<ContextBase, 'comparisonQueue'>;

/** A context built without a webhook queue (tests of other things) refuses to queue rather than drop executions. */
const noWebhookQueue: WebhookQueue = {
  async send(dispatches) {
    if (dispatches.length > 0) throw new Error('This context has no webhook queue');
  },
};

export function serviceContext<R extends ReadRepositories>(repositories: R, tenantId: string, options: ContextOptions): R & ContextBase {
  return {
    ...repositories,
    tenantId,
    clock: options.clock ?? systemClock,
    newId: options.newId ?? randomUUID,
    comparisonQueue: options.comparisonQueue,
    webhookQueue: options.webhookQueue ?? noWebhookQueue,
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  };
}

/** The operator's use cases (tenants and tokens, the authorizer's lookup): no tenant is bound. */
export interface OperatorContext extends OperatorRepositories {
  readonly clock: Clock;
  readonly newId: () => string;
}

export const operatorContext = (repositories: OperatorRepositories, options: Partial<Pick<OperatorContext, 'clock' | 'newId'>> = {}): OperatorContext => ({
  ...repositories,
  clock: options.clock ?? systemClock,
  newId: options.newId ?? randomUUID,
});

export const nowOf = (context: { readonly clock: Clock }): string => context.clock.now().toISOString();
