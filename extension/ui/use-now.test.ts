import { describe, expect, it } from 'vitest';
import { formatCountdown } from './use-now.ts';

describe('formatCountdown', () => {
  it('rounds up to whole seconds and pads', () => {
    expect(formatCountdown(299_001)).toBe('5:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(3_600_000 + 5_000)).toBe('1:00:05');
  });
});
