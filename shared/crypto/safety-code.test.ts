import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../encoding.ts';
import { deriveMemberKeys, generateMemberKeys } from './member-keys.ts';
import { computeSafetyCode } from './safety-code.ts';

const key = (a: number, s: number) =>
  deriveMemberKeys(new Uint8Array(32).fill(a), new Uint8Array(32).fill(s));
const A = key(1, 2);
const B = key(3, 4);
const C = key(5, 6);
const PINNED = '12490 72735 28478 47113 19559 45556';

/** Recomputes the code by hand: sorted 64-byte entries, u16 length prefixes, 5 bytes per group. */
function computeByHand(members: { agreementPublic: Uint8Array; signingPublic: Uint8Array }[]): string {
  const entries = members.map((m) => [...m.agreementPublic, ...m.signingPublic]);
  entries.sort((x, y) => {
    const i = x.findIndex((b, j) => b !== y[j]);
    return i < 0 ? 0 : x[i]! - y[i]!;
  });
  const input = [...encodeUtf8('anoghost/safety-code/v1'), ...entries.flatMap((e) => [0, 64, ...e])];
  const digest = sha256(Uint8Array.from(input));
  const groups = [];
  for (let g = 0; g < 6; g++) {
    const n = digest.subarray(g * 5, g * 5 + 5).reduce((acc, b) => acc * 256n + BigInt(b), 0n);
    groups.push(String(n % 100000n).padStart(5, '0'));
  }
  return groups.join(' ');
}

describe('safety code', () => {
  it('matches the pinned vector and an independent computation', () => {
    expect(computeSafetyCode([A, B, C])).toBe(PINNED);
    expect(computeByHand([A, B, C])).toBe(PINNED);
  });

  it('does not depend on member order', () => {
    expect(computeSafetyCode([C, A, B])).toBe(PINNED);
    expect(computeSafetyCode([B, C, A])).toBe(PINNED);
  });

  it('changes when any key changes, or a member is added or removed', () => {
    const swapped = { ...B, signingPublic: generateMemberKeys().signingPublic };
    expect(computeSafetyCode([A, swapped, C])).not.toBe(PINNED);
    expect(computeSafetyCode([A, B])).not.toBe(PINNED);
    expect(computeSafetyCode([A, B, C, generateMemberKeys()])).not.toBe(PINNED);
    expect(PINNED).toMatch(/^\d{5}( \d{5}){5}$/);
  });
});
