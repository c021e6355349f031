/**
 * Member bundle (DESIGN.md "Member bundle", PROTOCOL.md §3 `bundle`): the public keys a member
 * joins a room with, and for free rooms a proof that it knows the link secret S.
 *
 * Layout (b64u on the wire, 66 or 98 bytes, well under `MAX_BUNDLE_BYTES`):
 * ```
 * offset size
 *   0     1   version = 0x01
 *   1     1   flags: bit 0 = proof present; other bits 0
 *   2    32   X25519 public key (pairwise `signal` seals)
 *  34    32   Ed25519 public key (signs room messages)
 *  66    32   proof = HMAC-SHA256(HKDF-SHA256(S, "anoghost/member-proof/v1"), bytes 0..65)  [if flag]
 * ```
 * In a free room (S known) a bundle counts only with a valid proof. In a paid room (no S) a bundle
 * is accepted with or without one; the safety code is what guards those.
 */

import {
  generateMemberKeys,
  isValidSigningPublicKey,
  type MemberKeys,
  type MemberPublicKeys,
  PUBLIC_KEY_LENGTH,
} from '../crypto/member-keys.ts';
import { computeMemberProof, MEMBER_PROOF_LENGTH, verifyMemberProof } from '../crypto/member-proof.ts';
import { decodeB64u, encodeB64u } from '../encoding.ts';
import { MAX_BUNDLE_BYTES } from '../protocol/limits.ts';

export const BUNDLE_VERSION = 0x01;
const FLAG_PROOF = 0x01;
const KEYS_END = 2 + 2 * PUBLIC_KEY_LENGTH; // 66 bytes: what the proof covers
const BUNDLE_LENGTH_WITH_PROOF = KEYS_END + MEMBER_PROOF_LENGTH; // 98 bytes

/** Why a bundle was not accepted. */
export type BundleRejection =
  | 'malformed'
  | 'unsupported_version'
  | 'invalid_keys'
  | 'missing_proof'
  | 'bad_proof';

export type BundleResult =
  | { ok: true; keys: MemberPublicKeys; hasProof: boolean }
  | { ok: false; reason: BundleRejection };

/**
 * Fresh keys for one membership and the bundle to send in `join`. Pass S for a free room, nothing
 * for a paid room. Hand `keys` to `createSenderKeyGroup`, which wipes them on `close()`.
 */
export function createMemberBundle(linkSecret?: Uint8Array): { keys: MemberKeys; bundle: string } {
  const keys = generateMemberKeys();
  return { keys, bundle: encodeMemberBundle(keys, linkSecret) };
}

/** Encodes public keys as a b64u bundle, with a proof when `linkSecret` is given. */
export function encodeMemberBundle(keys: MemberPublicKeys, linkSecret?: Uint8Array): string {
  const bytes = new Uint8Array(linkSecret ? BUNDLE_LENGTH_WITH_PROOF : KEYS_END);
  bytes[0] = BUNDLE_VERSION;
  bytes[1] = linkSecret ? FLAG_PROOF : 0;
  bytes.set(keys.agreementPublic, 2);
  bytes.set(keys.signingPublic, 2 + PUBLIC_KEY_LENGTH);
  if (linkSecret) bytes.set(computeMemberProof(linkSecret, bytes.subarray(0, KEYS_END)), KEYS_END);
  return encodeB64u(bytes);
}

/** Parses and checks a bundle; with `linkSecret` (free room) a valid proof is required. Never throws. */
export function parseMemberBundle(bundle: string, linkSecret?: Uint8Array): BundleResult {
  const bytes = decodeB64u(bundle);
  if (!bytes || bytes.length < KEYS_END || bytes.length > MAX_BUNDLE_BYTES) return reject('malformed');
  if (bytes[0] !== BUNDLE_VERSION) return reject('unsupported_version');
  const flags = bytes[1]!;
  if ((flags & ~FLAG_PROOF) !== 0) return reject('malformed');
  const hasProof = (flags & FLAG_PROOF) !== 0;
  if (bytes.length !== (hasProof ? BUNDLE_LENGTH_WITH_PROOF : KEYS_END)) return reject('malformed');
  const keys: MemberPublicKeys = {
    agreementPublic: bytes.slice(2, 2 + PUBLIC_KEY_LENGTH),
    signingPublic: bytes.slice(2 + PUBLIC_KEY_LENGTH, KEYS_END),
  };
  if (!isValidSigningPublicKey(keys.signingPublic)) return reject('invalid_keys');
  if (linkSecret) {
    if (!hasProof) return reject('missing_proof');
    const proven = bytes.subarray(0, KEYS_END);
    if (!verifyMemberProof(linkSecret, proven, bytes.subarray(KEYS_END))) return reject('bad_proof');
  }
  return { ok: true, keys, hasProof };
}

function reject(reason: BundleRejection): BundleResult {
  return { ok: false, reason };
}
