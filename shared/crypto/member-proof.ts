/**
 * Free-room membership proof (DESIGN.md "Free rooms"): whoever knows the link secret S can compute
 * `HMAC-SHA256(HKDF-SHA256(S, info "anoghost/member-proof/v1"), bundle keys)`; the server, which
 * knows only the room id, cannot. Members ignore bundles whose proof does not verify.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeUtf8 } from '../encoding.ts';
import { abytes } from './bytes-assertions.ts';
import { equalBytesConstantTime } from './constant-time.ts';
import { LINK_SECRET_LENGTH } from './room-secret.ts';
import { wipe } from './wipe.ts';

export const MEMBER_PROOF_LENGTH = 32; // bytes
const PROOF_KEY_INFO = 'anoghost/member-proof/v1';
const PROOF_KEY_LENGTH = 32; // bytes

/** HKDF-SHA256(ikm = S, salt = none, info = "anoghost/member-proof/v1") → 32-byte MAC key. */
export function deriveMemberProofKey(linkSecret: Uint8Array): Uint8Array {
  const ikm = abytes(linkSecret, LINK_SECRET_LENGTH, 'linkSecret');
  return hkdf(sha256, ikm, undefined, encodeUtf8(PROOF_KEY_INFO), PROOF_KEY_LENGTH);
}

/** The proof over `provenBytes` (the bundle's version, flags and public keys). */
export function computeMemberProof(linkSecret: Uint8Array, provenBytes: Uint8Array): Uint8Array {
  const key = deriveMemberProofKey(linkSecret);
  try {
    return hmac(sha256, key, provenBytes);
  } finally {
    wipe(key);
  }
}

/** Recomputes the proof and compares in constant time. */
export function verifyMemberProof(
  linkSecret: Uint8Array,
  provenBytes: Uint8Array,
  proof: Uint8Array,
): boolean {
  const expected = computeMemberProof(linkSecret, provenBytes);
  return equalBytesConstantTime(expected, proof);
}
