/** Optimistic concurrency: re-read and re-decide when a conditional write lost a race. */
import { ContentionExhausted } from '#domain/errors.ts';
import { WriteConflict } from '#storage/repositories/support.ts';

const MAX_ATTEMPTS = 100;

/**
 * Runs `attempt` until it completes without a WriteConflict. Each attempt must read what it depends on afresh.
 * Jittered back-off spreads contenders out; after MAX_ATTEMPTS the caller gets a retryable error (503).
 */
export async function withOptimisticRetry<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      const ceiling = Math.min(200, 5 * 2 ** Math.min(round, 6));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
  throw new ContentionExhausted(`Too many concurrent changes to ${what}; please retry`);
}
