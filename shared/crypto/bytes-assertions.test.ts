import { describe, expect, it } from 'vitest';
import { NOT_BYTES, wrongLengths } from '../../tests/support/invalid-bytes.ts';
import { abytes } from './bytes-assertions.ts';

describe('abytes', () => {
  it('returns the very value it was given, of the right length or of any length', () => {
    const seed = new Uint8Array(32);
    expect(abytes(seed, 32, 'seed')).toBe(seed);
    expect(abytes(seed)).toBe(seed);
    const empty = new Uint8Array(0);
    expect(abytes(empty, 0, 'empty')).toBe(empty);
    const view = new Uint8Array(64).subarray(16, 48);
    expect(abytes(view, 32, 'view')).toBe(view);
  });

  it('names the parameter, the expected length and what it got', () => {
    expect(() => abytes(new Uint8Array(31), 32, 'seed')).toThrow(
      new RangeError('"seed" expected Uint8Array of length 32, got length=31'),
    );
    expect(() => abytes('abc', 32, 'seed')).toThrow(
      new TypeError('"seed" expected Uint8Array of length 32, got type=string'),
    );
    expect(() => abytes(null, undefined, 'key')).toThrow(
      new TypeError('"key" expected Uint8Array, got type=null'),
    );
    expect(() => abytes(new Uint16Array(4))).toThrow(
      new TypeError('expected Uint8Array, got type=Uint16Array'),
    );
    expect(() => abytes([1, 2])).toThrow(new TypeError('expected Uint8Array, got type=Array'));
  });

  describe.each(NOT_BYTES)('refuses %s with a TypeError', (_name, value) => {
    it('with a length', () => expect(() => abytes(value, 32, 'key')).toThrow(TypeError));
    it('without a length', () => expect(() => abytes(value, undefined, 'key')).toThrow(TypeError));
  });

  it.each(wrongLengths(32))('refuses %i bytes for 32 with a RangeError', (n) => {
    expect(() => abytes(new Uint8Array(n), 32, 'key')).toThrow(RangeError);
  });

  it.each(wrongLengths(0))('refuses %i bytes for 0 with a RangeError', (n) => {
    expect(() => abytes(new Uint8Array(n), 0, 'key')).toThrow(RangeError);
  });
});
