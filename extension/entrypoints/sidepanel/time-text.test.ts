import { describe, expect, it } from 'vitest';
import { dayKey, formatClock, formatDay, formatLeft } from './time-text.ts';

describe('panel times', () => {
  it('shows clock times without seconds', () => {
    expect(formatClock(new Date(2026, 11, 2, 14, 5, 33).getTime())).not.toMatch(/33/);
    expect(formatClock(new Date(2026, 11, 2, 14, 5, 33).getTime())).toMatch(/05/);
  });
  it('names today and yesterday', () => {
    const now = new Date(2026, 11, 2, 9, 0).getTime();
    expect(formatDay(new Date(2026, 11, 2, 1, 0).getTime(), now)).toBe('Today');
    expect(formatDay(new Date(2026, 11, 1, 23, 0).getTime(), now)).toBe('Yesterday');
    expect(formatDay(new Date(2026, 10, 20).getTime(), now)).not.toBe('Yesterday');
    expect(dayKey(now)).toBe(dayKey(now + 3_600_000));
  });
  it('says what is left in its largest unit', () => {
    expect(formatLeft(2 * 86_400_000 + 5)).toBe('2 d left');
    expect(formatLeft(5 * 3_600_000)).toBe('5 h left');
    expect(formatLeft(12 * 60_000 + 999)).toBe('12 min left');
    expect(formatLeft(-1)).toBe('0 s left');
  });
});
