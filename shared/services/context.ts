/** What every use case needs: where the data is, whose data it is, the time, and fresh ids. */
import { randomUUID } from 'node:crypto';
import type { Db } from '#storage/client.ts';
import { systemClock, type Clock } from '#domain/time.ts';
import { sqsComparisonQueue, type ComparisonQueue } from '#queue/publisher.ts';

export interface ServiceContext {
  readonly db: Db;
  /** Comes only from the authenticated caller (or the local default), never from the request's path or body. */
  readonly tenant: string;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Where comparison jobs go (the SQS queue by default). */
  readonly comparisonQueue: ComparisonQueue;
  /** When retries must stop (epoch ms): set from the function's remaining time, so contention ends in a 503, not a timeout. */
  readonly deadline?: number;
}

export function serviceContext(db: Db, tenant: string, overrides: Partial<Pick<ServiceContext, 'clock' | 'newId' | 'comparisonQueue' | 'deadline'>> = {}): ServiceContext {
  return {
    db,
    tenant,
    clock: overrides.clock ?? systemClock,
    newId: overrides.newId ?? randomUUID,
    comparisonQueue: overrides.comparisonQueue ?? sqsComparisonQueue,
    ...(overrides.deadline === undefined ? {} : { deadline: overrides.deadline }),
  };
}

export const nowOf = (context: ServiceContext): string => context.clock.now().toISOString();
