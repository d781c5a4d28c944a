/** Bounded concurrency for walking many independent items (deletions, comparisons across consumers). */

/**
 * Runs `work` on every item, at most `limit` at a time. With `until` (epoch ms), no item is started after that time:
 * the items in flight finish and the result says whether every item was done (the rest is for a retry).
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, until = Number.POSITIVE_INFINITY): Promise<boolean> {
  let next = 0;
  let complete = true;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      if (Date.now() >= until) {
        complete = false;
        return;
      }
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true; // The other workers start nothing new.
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  return complete && next >= items.length;
}
