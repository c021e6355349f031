import { describe, expect, it } from 'vitest';
import { wipe } from './wipe.ts';

describe('wipe', () => {
  it('zero-fills every array it is given and skips undefined', () => {
    const a = new Uint8Array(32).fill(0xaa);
    const b = Uint8Array.of(1, 2, 3);
    wipe(a, undefined, b);
    expect(a).toEqual(new Uint8Array(32));
    expect(b).toEqual(new Uint8Array(3));
    expect(() => wipe()).not.toThrow();
    expect(() => wipe(undefined)).not.toThrow();
  });

  it('wipes only the window of a subarray', () => {
    const whole = new Uint8Array(8).fill(9);
    wipe(whole.subarray(2, 6));
    expect([...whole]).toEqual([9, 9, 0, 0, 0, 0, 9, 9]);
  });
});
