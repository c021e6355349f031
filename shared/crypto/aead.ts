/**
 * XChaCha20-Poly1305 with a fresh random 24-byte nonce per seal (STYLE.md §8). A sealed box is
 * `nonce (24) ‖ ciphertext ‖ tag (16)`; random nonces are safe at this size for any realistic
 * number of messages under one key.
 *
 * Safe by construction, in the manner of noble-ciphers' `managedNonce`: `createAead(key)` gives
 * `seal`/`open` with no nonce parameter, so no caller can reuse or hand-build a nonce; the nonce
 * is drawn inside `seal` and travels at the front of the box.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes } from '../encoding.ts';
import { abytes } from './bytes-assertions.ts';
import { generateRandomBytes } from './random-bytes.ts';

export const AEAD_KEY_LENGTH = 32; // bytes
export const NONCE_LENGTH = 24; // bytes
export const TAG_LENGTH = 16; // bytes

/** An AEAD bound to one key that makes its own nonces; it cannot be given one. */
export interface ManagedNonceAead {
  /** Encrypts `plaintext`, binding `aad`; returns `nonce ‖ ciphertext ‖ tag` with a fresh nonce. */
  seal(plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** Opens a box from `seal`; `undefined` when it is too short or does not authenticate. */
  open(box: Uint8Array, aad: Uint8Array): Uint8Array | undefined;
}

/**
 * Binds `key` (32 bytes, checked with `abytes`: `TypeError`/`RangeError` on a bad key, at once).
 * The AEAD keeps a reference to `key`, not a copy: whoever owns the key wipes it when done.
 */
export function createAead(key: Uint8Array): ManagedNonceAead {
  abytes(key, AEAD_KEY_LENGTH, 'key');
  return {
    seal(plaintext, aad) {
      abytes(plaintext, undefined, 'plaintext');
      abytes(aad, undefined, 'aad');
      const nonce = generateRandomBytes(NONCE_LENGTH);
      return concatBytes(nonce, xchacha20poly1305(key, nonce, aad).encrypt(plaintext));
    },
    open(box, aad) {
      abytes(box, undefined, 'box');
      abytes(aad, undefined, 'aad');
      if (box.length < NONCE_LENGTH + TAG_LENGTH) return undefined;
      try {
        return xchacha20poly1305(key, box.subarray(0, NONCE_LENGTH), aad).decrypt(box.subarray(NONCE_LENGTH));
      } catch {
        return undefined; // forged, corrupted, or sealed under another key or aad
      }
    },
  };
}

/** One-shot `createAead(key).seal(plaintext, aad)`: `nonce ‖ ciphertext ‖ tag`. */
export function sealAead(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  return createAead(key).seal(plaintext, aad);
}

/** One-shot `createAead(key).open(box, aad)`; `undefined` when it is too short or does not authenticate. */
export function openAead(key: Uint8Array, box: Uint8Array, aad: Uint8Array): Uint8Array | undefined {
  return createAead(key).open(box, aad);
}
