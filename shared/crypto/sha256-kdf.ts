/**
 * SHA-256, HMAC-SHA256 and HKDF-SHA256 (RFC 5869), synchronous, from `@noble/hashes`, for the code
 * outside the crypto modules that may not import `@noble/*` itself (STYLE.md §3): the MLS crypto
 * provider (shared/e2e/mls-crypto.ts) and the room derivations of docs/rooms-mls.md.
 *
 * Synchronous on purpose: WebCrypto makes every HMAC and HKDF step an `importKey` plus a promise,
 * which is where ts-mls's default provider spends half its time (docs/rooms-mls.md "Crypto provider").
 */
import { hkdf, expand as hkdfExpandNoble, extract as hkdfExtractNoble } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as sha256Noble } from '@noble/hashes/sha2.js';
import { abytes } from './bytes-assertions.ts';
import { equalBytesConstantTime } from './constant-time.ts';

export const SHA256_LENGTH = 32; // bytes
export const HKDF_SHA256_MAX_LENGTH = 255 * SHA256_LENGTH; // bytes, RFC 5869 §2.3

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  return sha256Noble(abytes(data, undefined, 'data'));
}

/** HMAC-SHA256 of `data` under `key` (any length, RFC 2104). */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(sha256Noble, abytes(key, undefined, 'key'), abytes(data, undefined, 'data'));
}

/** True when `mac` is HMAC-SHA256(key, data); compares in constant time. */
export function verifyHmacSha256(key: Uint8Array, mac: Uint8Array, data: Uint8Array): boolean {
  const expected = hmacSha256(key, data);
  return mac.length === expected.length && equalBytesConstantTime(expected, abytes(mac, undefined, 'mac'));
}

/** HKDF-Extract (RFC 5869 §2.2): PRK = HMAC(salt, ikm); an empty salt means 32 zero bytes. */
export function hkdfExtractSha256(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hkdfExtractNoble(sha256Noble, abytes(ikm, undefined, 'ikm'), abytes(salt, undefined, 'salt'));
}

/** HKDF-Expand (RFC 5869 §2.3) of a PRK to `length` bytes (1 … 8160). */
export function hkdfExpandSha256(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  checkLength(length);
  return hkdfExpandNoble(sha256Noble, abytes(prk, undefined, 'prk'), abytes(info, undefined, 'info'), length);
}

/** HKDF-SHA256 with no salt: Expand(Extract(0³², ikm), info, length), the room derivations' form. */
export function hkdfSha256(ikm: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  checkLength(length);
  return hkdf(sha256Noble, abytes(ikm, undefined, 'ikm'), undefined, abytes(info, undefined, 'info'), length);
}

function checkLength(length: number): void {
  if (!Number.isSafeInteger(length) || length < 1 || length > HKDF_SHA256_MAX_LENGTH) {
    throw new RangeError(`HKDF length must be 1 … ${HKDF_SHA256_MAX_LENGTH} bytes, got ${length}`);
  }
}
