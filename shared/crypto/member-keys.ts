/**
 * Per-membership key pairs (DESIGN.md "Member bundle"): a fresh X25519 key-agreement pair and a
 * fresh Ed25519 signing pair for every room membership. They live only in memory and are wiped
 * with `wipeMemberKeys` when the membership ends.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { abytes } from './bytes-assertions.ts';
import { generateRandomBytes } from './random-bytes.ts';
import { wipe } from './wipe.ts';

export const PUBLIC_KEY_LENGTH = 32; // bytes, both X25519 and Ed25519
export const SECRET_KEY_LENGTH = 32; // bytes, both X25519 and Ed25519 (an RFC 8032 seed)

/** The public half of a member's keys: what a bundle carries. */
export interface MemberPublicKeys {
  /** X25519 public key for pairwise `signal` seals. */
  agreementPublic: Uint8Array;
  /** Ed25519 public key that signs every room message. */
  signingPublic: Uint8Array;
}

/** A member's own keys for one room membership. Never persist; wipe when done. */
export interface MemberKeys extends MemberPublicKeys {
  agreementSecret: Uint8Array;
  /** RFC 8032 32-byte seed. */
  signingSeed: Uint8Array;
}

/** Generates fresh X25519 and Ed25519 key pairs for one membership. */
export function generateMemberKeys(): MemberKeys {
  const agreementSecret = generateRandomBytes(SECRET_KEY_LENGTH);
  const signingSeed = generateRandomBytes(SECRET_KEY_LENGTH);
  return deriveMemberKeys(agreementSecret, signingSeed);
}

/** Rebuilds the key pairs from given 32-byte secrets (fixed test vectors use this); keeps them, no copy. */
export function deriveMemberKeys(agreementSecret: Uint8Array, signingSeed: Uint8Array): MemberKeys {
  abytes(agreementSecret, SECRET_KEY_LENGTH, 'agreementSecret');
  abytes(signingSeed, SECRET_KEY_LENGTH, 'signingSeed');
  return {
    agreementSecret,
    agreementPublic: x25519.getPublicKey(agreementSecret),
    signingSeed,
    signingPublic: ed25519.getPublicKey(signingSeed),
  };
}

/** Overwrites the secret halves with zeros. */
export function wipeMemberKeys(keys: MemberKeys): void {
  wipe(keys.agreementSecret, keys.signingSeed);
}

/** True when `publicKey` decodes to a valid Ed25519 point (RFC 8032 §5.1.3). */
export function isValidSigningPublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== PUBLIC_KEY_LENGTH) return false;
  try {
    ed25519.Point.fromBytes(publicKey);
    return true;
  } catch {
    return false;
  }
}
