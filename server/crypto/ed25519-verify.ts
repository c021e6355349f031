/**
 * Ed25519 verification on the server with native `node:crypto` (speed: the sign-in path verifies
 * two signatures per connection). Keys are imported as JWK, which is ~15× cheaper than DER here.
 * Two ways to verify, one key import:
 * - `verifyEd25519` runs on libuv's thread pool so verifications proceed in parallel with the
 *   event loop (sign-in).
 * - `verifyEd25519Sync` runs on the calling thread, for callers that must not yield between
 *   checking and acting (the local chain verifies, simulates and executes a transaction in one
 *   turn so transactions land in arrival order).
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

/** An imported Ed25519 public key, reusable across verifications. */
export type Ed25519PublicKey = KeyObject;

/** Imports a raw 32-byte Ed25519 public key; `undefined` when it is malformed. */
export function importEd25519PublicKey(publicKey: Uint8Array): Ed25519PublicKey | undefined {
  if (publicKey.length !== PUBLIC_KEY_BYTES) return undefined;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encodeB64u(publicKey) }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** Verifies an Ed25519 signature. Resolves `false` for malformed keys or signatures; never rejects. */
export function verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const key = signature.length === SIGNATURE_BYTES ? importEd25519PublicKey(publicKey) : undefined;
  if (!key) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      verify(null, message, key, signature, (error, ok) => resolve(!error && ok));
    } catch {
      resolve(false);
    }
  });
}

/**
 * Verifies an Ed25519 signature with an imported key on the calling thread. `false` for a
 * malformed signature; never throws.
 */
export function verifyEd25519Sync(
  key: Ed25519PublicKey,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}
