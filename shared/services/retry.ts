/** Optimistic concurrency: re-read and re-decide when a conditional write lost a race. */
import { ContentionExhausted, WriteConflict } from '#domain/errors.ts';
import { refused } from '#domain/messages.ts';

const MAX_ATTEMPTS = 100;

/**
 * Runs `attempt` until it completes without a WriteConflict. Each attempt must read what it depends on afresh.
 * Jittered back-off spreads contenders out. The budget ends at `deadline` (epoch ms; the request context sets it well
 * inside the function's timeout) or after MAX_ATTEMPTS, whichever comes first: the caller then gets a retryable error
 * (503 with Retry-After) instead of being cut off by the timeout.
 */
export async function withOptimisticRetry<T>(context: { readonly deadline?: number }, what: string, attempt: () => Promise<T>): Promise<T> {
  const deadline = context.deadline ?? Number.POSITIVE_INFINITY;
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      const ceiling = Math.min(200, 5 * 2 ** Math.min(round, 6));
      const pause = Math.random() * ceiling;
      if (Date.now() + pause >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
  throw new ContentionExhausted(refused.contention(what));
}
