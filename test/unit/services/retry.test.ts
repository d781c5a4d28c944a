/** The optimistic-retry budget ends at the request's deadline with a retryable error, never at the function timeout. */
import { describe, expect, it } from 'vitest';
import { withOptimisticRetry } from '../../../shared/services/retry.ts';
import { WriteConflict } from '../../../shared/domain/errors.ts';
import { ContentionExhausted } from '../../../shared/domain/errors.ts';

describe('withOptimisticRetry', () => {
  it('retries lost races until one attempt wins', async () => {
    let attempts = 0;
    const result = await withOptimisticRetry({}, 'a slot', async () => {
      attempts++;
      if (attempts < 4) throw new WriteConflict();
      return 'done';
    });
    expect([result, attempts]).toEqual(['done', 4]);
  });

  it('gives up with ContentionExhausted (a 503 with Retry-After) once the deadline is near', async () => {
    const started = Date.now();
    await expect(withOptimisticRetry({ deadline: started + 150 }, 'a slot', async () => Promise.reject(new WriteConflict()))).rejects.toBeInstanceOf(ContentionExhausted);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('passes other errors through at once', async () => {
    await expect(withOptimisticRetry({ deadline: Date.now() + 10_000 }, 'a slot', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
