import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('allows the burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(50, 100, () => now);
    let taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(100);
    now += 1000;
    taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(50);
  });

  it('never refills above the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    now += 60_000;
    let taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(5);
  });
});
