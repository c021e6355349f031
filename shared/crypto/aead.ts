/**
 * XChaCha20-Poly1305 with a fresh random 24-byte nonce per seal (STYLE.md §8). A sealed box is
 * `nonce (24) ‖ ciphertext ‖ tag (16)`; random nonces are safe at this size for any realistic
 * number of messages under one key.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes } from '../encoding.ts';
import { generateRandomBytes } from './random-bytes.ts';

export const AEAD_KEY_LENGTH = 32; // bytes
export const NONCE_LENGTH = 24; // bytes
export const TAG_LENGTH = 16; // bytes

/** Encrypts `plaintext` under `key`, binding `aad`; returns `nonce ‖ ciphertext ‖ tag`. */
export function sealAead(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const nonce = generateRandomBytes(NONCE_LENGTH);
  return concatBytes(nonce, xchacha20poly1305(key, nonce, aad).encrypt(plaintext));
}

/** Opens a box from `sealAead`; `undefined` when it is too short or does not authenticate. */
export function openAead(key: Uint8Array, box: Uint8Array, aad: Uint8Array): Uint8Array | undefined {
  if (box.length < NONCE_LENGTH + TAG_LENGTH) return undefined;
  try {
    return xchacha20poly1305(key, box.subarray(0, NONCE_LENGTH), aad).decrypt(box.subarray(NONCE_LENGTH));
  } catch {
    return undefined;
  }
}
