/**
 * The session key (DESIGN.md "Identity"): an Ed25519 key the client generates once per sign-in.
 * The wallet's Sign-In-With-Solana message authorizes its public key; on every connection it signs
 * `anoghost/auth/v1:<nonce>` (PROTOCOL.md §2) so the wallet is not asked again until expiry.
 * Its 32-byte RFC 8032 seed is what the client stores with its credentials.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { abytes } from './bytes-assertions.ts';
import { generateRandomBytes } from './random-bytes.ts';

export const SESSION_SEED_LENGTH = 32; // bytes, RFC 8032 seed

/** Draws a fresh session key seed. */
export function generateSessionSeed(): Uint8Array {
  return generateRandomBytes(SESSION_SEED_LENGTH);
}

/** The 32-byte Ed25519 public key of a session seed; a seed that is not 32 bytes throws (`abytes`). */
export function deriveSessionPublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(abytes(seed, SESSION_SEED_LENGTH, 'seed'));
}

/** Signs `message` with the session key (deterministic, RFC 8032); checks the seed as above. */
export function signWithSessionKey(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(abytes(message, undefined, 'message'), abytes(seed, SESSION_SEED_LENGTH, 'seed'));
}
