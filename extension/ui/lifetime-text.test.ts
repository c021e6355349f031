import { describe, expect, it } from 'vitest';
import { formatLifetime } from './lifetime-text.ts';

describe('lifetimes as people say them', () => {
  it('uses the largest whole unit', () => {
    expect(formatLifetime(86_400)).toBe('1-day');
    expect(formatLifetime(30 * 86_400)).toBe('30-day');
    expect(formatLifetime(7_200)).toBe('2-hour');
    expect(formatLifetime(90)).toBe('90-second');
    expect(formatLifetime(120)).toBe('2-minute');
  });
});
