import { describe, expect, it } from 'vitest';
import { BASE_DELAY_MS, computeReconnectDelay, MAX_DELAY_MS } from './reconnect-backoff.ts';

describe('computeReconnectDelay', () => {
  it('grows exponentially up to the cap', () => {
    expect(computeReconnectDelay(0, () => 0.999)).toBeLessThanOrEqual(BASE_DELAY_MS);
    expect(computeReconnectDelay(3, () => 0.999)).toBeGreaterThan(7_000);
    expect(computeReconnectDelay(50, () => 0.999)).toBeLessThanOrEqual(MAX_DELAY_MS);
  });

  it('is jittered and never below half the base delay', () => {
    expect(computeReconnectDelay(5, () => 0)).toBe(BASE_DELAY_MS / 2);
    expect(computeReconnectDelay(5, () => 0.5)).not.toBe(computeReconnectDelay(5, () => 0.9));
  });
});
