import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './backoff.ts';

describe('computeBackoffDelay', () => {
  it('doubles the step per attempt, with the delay between half and all of it', () => {
    const low = [0, 1, 2, 3].map((a) => computeBackoffDelay(a, { baseMs: 100, maxMs: 10_000 }, () => 0));
    const high = [0, 1, 2, 3].map((a) =>
      computeBackoffDelay(a, { baseMs: 100, maxMs: 10_000 }, () => 0.999999),
    );
    expect(low).toEqual([50, 100, 200, 400]);
    expect(high).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the ceiling, even after many attempts', () => {
    for (const attempt of [10, 50, 1000]) {
      expect(
        computeBackoffDelay(attempt, { baseMs: 500, maxMs: 30_000 }, () => 0.999999),
      ).toBeLessThanOrEqual(30_000);
      expect(computeBackoffDelay(attempt, { baseMs: 500, maxMs: 30_000 }, () => 0)).toBe(15_000);
    }
  });

  it('spreads clients out (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoffDelay(4)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
