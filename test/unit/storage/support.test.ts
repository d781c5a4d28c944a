import { describe, expect, it } from 'vitest';
import { forEachBounded } from '../../../shared/domain/concurrency.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('forEachBounded', () => {
  it('does every item, never more than the bound at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const complete = await forEachBounded(Array.from({ length: 20 }, (_, index) => index), 3, async (item) => {
      running++;
      most = Math.max(most, running);
      await pause(2);
      done.push(item);
      running--;
    });
    expect(complete).toBe(true);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(most).toBe(3);
  });

  it('starts nothing after `until` and says the work is not complete', async () => {
    const done: number[] = [];
    const until = Date.now() + 15;
    const complete = await forEachBounded([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1, async (item) => {
      done.push(item);
      await pause(10);
    }, until);
    expect(complete).toBe(false);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(10);
    expect(await forEachBounded([1], 2, async () => undefined, Date.now() - 1)).toBe(false);
    expect(await forEachBounded([], 2, async () => undefined, Date.now() - 1)).toBe(true);
  });

  it('fails with the first error, after the items in flight, and starts nothing new', async () => {
    const started: number[] = [];
    await expect(
      forEachBounded([1, 2, 3, 4, 5, 6], 2, async (item) => {
        started.push(item);
        await pause(item === 1 ? 1 : 5);
        if (item === 1) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started.length).toBeLessThanOrEqual(3);
  });
});
