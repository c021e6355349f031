/**
 * Seals a wallet address under an epoch key (DESIGN.md "Identity"). XChaCha20-Poly1305 with a
 * random 128-bit nonce, zero-padded to XChaCha's 24 bytes: 128 random bits keep nonce collisions
 * negligible (< 2^-60 after 2^32 seals under one epoch key) while the ghostId stays ≤ 96 chars.
 * The clear header (version, epoch) is authenticated as associated data.
 *
 * This is the one seal that does not use `createAead` (shared/crypto/aead.ts): its nonce is drawn
 * here, on purpose shorter than the box format's 24 bytes, and never comes from a caller either.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { abytes } from '../../shared/crypto/bytes-assertions.ts';

export const EPOCH_KEY_BYTES = 32;
export const GHOST_NONCE_BYTES = 16;
const XCHACHA_NONCE_BYTES = 24;
const TAG_BYTES = 16;

/** Output layout: header ‖ nonce(16) ‖ ciphertext+tag. The key must be 32 bytes (`abytes`). */
export function sealUnderEpochKey(key: Uint8Array, header: Uint8Array, plaintext: Uint8Array): Uint8Array {
  abytes(key, EPOCH_KEY_BYTES, 'key');
  const nonce = randomBytes(GHOST_NONCE_BYTES);
  const sealed = xchacha20poly1305(key, padNonce(nonce), header).encrypt(plaintext);
  const out = new Uint8Array(header.length + GHOST_NONCE_BYTES + sealed.length);
  out.set(header, 0);
  out.set(nonce, header.length);
  out.set(sealed, header.length + GHOST_NONCE_BYTES);
  return out;
}

/** Opens what `sealUnderEpochKey` produced; `undefined` when it does not authenticate. */
export function openUnderEpochKey(
  key: Uint8Array,
  headerLength: number,
  sealed: Uint8Array,
): Uint8Array | undefined {
  abytes(key, EPOCH_KEY_BYTES, 'key');
  if (sealed.length < headerLength + GHOST_NONCE_BYTES + TAG_BYTES) return undefined;
  const header = sealed.subarray(0, headerLength);
  const nonce = sealed.subarray(headerLength, headerLength + GHOST_NONCE_BYTES);
  try {
    return xchacha20poly1305(key, padNonce(nonce), header).decrypt(
      sealed.subarray(headerLength + GHOST_NONCE_BYTES),
    );
  } catch {
    return undefined;
  }
}

/** A fresh random epoch key. */
export function generateEpochKey(): Uint8Array {
  return randomBytes(EPOCH_KEY_BYTES);
}

function padNonce(nonce: Uint8Array): Uint8Array {
  const full = new Uint8Array(XCHACHA_NONCE_BYTES);
  full.set(nonce);
  return full;
}
