/** Exact u64 output in JSON-RPC answers. */
import { describe, expect, it } from 'vitest';
import { stringifyJsonWithBigInts } from './json-with-bigints.ts';

describe('stringifyJsonWithBigInts', () => {
  it('writes u64 values exactly and leaves strings alone', () => {
    expect(stringifyJsonWithBigInts({ rentEpoch: 18_446_744_073_709_551_615n, text: 'bigint:1', n: 2 })).toBe(
      '{"rentEpoch":18446744073709551615,"text":"bigint:1","n":2}',
    );
  });
});
