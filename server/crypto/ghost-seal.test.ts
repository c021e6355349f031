import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import {
  EPOCH_KEY_BYTES,
  GHOST_NONCE_BYTES,
  generateEpochKey,
  openUnderEpochKey,
  sealUnderEpochKey,
} from './ghost-seal.ts';

const KEY = new Uint8Array(EPOCH_KEY_BYTES).map((_, i) => i);
const HEADER = Uint8Array.of(1, 0, 0, 0, 42);
const WALLET = new Uint8Array(32).fill(0xcd);

describe('ghost seal', () => {
  it('is header ‖ nonce (16) ‖ XChaCha20-Poly1305 under the nonce zero-padded to 24 bytes', () => {
    const sealed = sealUnderEpochKey(KEY, HEADER, WALLET);
    expect(sealed).toHaveLength(HEADER.length + GHOST_NONCE_BYTES + WALLET.length + 16);
    expect(sealed.subarray(0, HEADER.length)).toEqual(HEADER);
    const nonce = new Uint8Array(24);
    nonce.set(sealed.subarray(HEADER.length, HEADER.length + GHOST_NONCE_BYTES));
    const body = sealed.subarray(HEADER.length + GHOST_NONCE_BYTES);
    expect(xchacha20poly1305(KEY, nonce, HEADER).decrypt(body)).toEqual(WALLET);
    expect(openUnderEpochKey(KEY, HEADER.length, sealed)).toEqual(WALLET);
  });

  it('draws a fresh nonce per seal and refuses any flipped byte, truncation or other key', () => {
    const sealed = sealUnderEpochKey(KEY, HEADER, WALLET);
    expect(sealUnderEpochKey(KEY, HEADER, WALLET)).not.toEqual(sealed);
    for (let at = 0; at < sealed.length; at++) {
      const bad = sealed.slice();
      bad[at]! ^= 1;
      expect(openUnderEpochKey(KEY, HEADER.length, bad), `byte ${at}`).toBeUndefined();
    }
    expect(openUnderEpochKey(KEY, HEADER.length, sealed.subarray(0, sealed.length - 1))).toBeUndefined();
    expect(openUnderEpochKey(generateEpochKey(), HEADER.length, sealed)).toBeUndefined();
  });

  it('refuses an epoch key that is not 32 bytes', async () => {
    const sealed = sealUnderEpochKey(KEY, HEADER, WALLET);
    await expectRefusesBadBytes((key) => sealUnderEpochKey(key, HEADER, WALLET), EPOCH_KEY_BYTES, 'key');
    await expectRefusesBadBytes(
      (key) => openUnderEpochKey(key, HEADER.length, sealed),
      EPOCH_KEY_BYTES,
      'key',
    );
  });
});
