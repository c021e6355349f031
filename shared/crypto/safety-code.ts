/**
 * Room safety code (DESIGN.md "Safety code"): 30 digits in six groups of five that every member
 * compares out of band. It is `SHA-256("anoghost/safety-code/v1" ‖ lp(keys₁) ‖ … ‖ lp(keysₙ))`
 * over each member's `X25519 public ‖ Ed25519 public` (64 bytes), sorted bytewise so that every
 * member, whatever order it learned the others in, computes the same code. Each group is 5 hash
 * bytes read as a big-endian number mod 100000 (as Signal's safety numbers). Any key swap changes it.
 *
 * Strength: a server that swaps keys must make two different key sets hash to the same 30 digits
 * (~100 bits, so ~2⁵⁰ work by birthday search) while the members are joining; keys are fresh per
 * membership, so it cannot precompute.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../encoding.ts';
import { encodeContext } from './derivation-context.ts';
import type { MemberPublicKeys } from './member-keys.ts';

const SAFETY_CODE_DOMAIN = 'anoghost/safety-code/v1';
const GROUP_COUNT = 6;
const GROUP_BYTES = 5; // bytes of hash per group
const GROUP_DIGITS = 5;

/** The safety code for a set of members (include yourself), e.g. `"01234 56789 …"`. */
export function computeSafetyCode(members: readonly MemberPublicKeys[]): string {
  const entries = members.map((m) => concatBytes(m.agreementPublic, m.signingPublic)).sort(compareBytes);
  const digest = sha256(encodeContext(SAFETY_CODE_DOMAIN, ...entries));
  const groups: string[] = [];
  for (let g = 0; g < GROUP_COUNT; g++) {
    let value = 0;
    for (let i = 0; i < GROUP_BYTES; i++) value = value * 256 + digest[g * GROUP_BYTES + i]!;
    groups.push(String(value % 10 ** GROUP_DIGITS).padStart(GROUP_DIGITS, '0'));
  }
  return groups.join(' ');
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
