/**
 * Ed25519 verification on the server with native `node:crypto` (speed: the sign-in path verifies
 * two signatures per connection). Runs on libuv's thread pool so verifications proceed in parallel
 * with the event loop. Keys are imported as JWK, which is ~15× cheaper than DER here.
 */
import { createPublicKey, verify } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

/** Verifies an Ed25519 signature. Resolves `false` for malformed keys or signatures; never rejects. */
export function verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (publicKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES)
    return Promise.resolve(false);
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encodeB64u(publicKey) }, format: 'jwk' });
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    try {
      verify(null, message, key, signature, (error, ok) => resolve(!error && ok));
    } catch {
      resolve(false);
    }
  });
}
