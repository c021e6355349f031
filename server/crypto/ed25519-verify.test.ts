import { describe, expect, it } from 'vitest';
import { decodeHex } from '../../shared/encoding.ts';
import { importEd25519PublicKey, verifyEd25519, verifyEd25519Sync } from './ed25519-verify.ts';

// RFC 8032 §7.1, TEST 2 (one-byte message 0x72).
const PUBLIC_KEY = decodeHex('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')!;
const MESSAGE = decodeHex('72')!;
const SIGNATURE = decodeHex(
  '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
)!;

/** Both variants, so they are held to the same answers. */
async function verifyBoth(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) {
  const key = importEd25519PublicKey(publicKey);
  const sync = key !== undefined && verifyEd25519Sync(key, message, signature);
  return { async: await verifyEd25519(publicKey, message, signature), sync };
}

function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index]! ^= 1;
  return copy;
}

describe('ed25519 verify', () => {
  it('accepts the RFC 8032 vector, async and sync', async () => {
    expect(await verifyBoth(PUBLIC_KEY, MESSAGE, SIGNATURE)).toEqual({ async: true, sync: true });
  });

  it('rejects a flipped bit in the signature, the message or the key', async () => {
    for (let i = 0; i < SIGNATURE.length; i++) {
      expect(await verifyBoth(PUBLIC_KEY, MESSAGE, flipped(SIGNATURE, i)), `signature byte ${i}`).toEqual({
        async: false,
        sync: false,
      });
    }
    expect(await verifyBoth(PUBLIC_KEY, flipped(MESSAGE, 0), SIGNATURE)).toEqual({
      async: false,
      sync: false,
    });
    expect(await verifyBoth(flipped(PUBLIC_KEY, 0), MESSAGE, SIGNATURE)).toEqual({
      async: false,
      sync: false,
    });
  });

  it('answers false for keys and signatures of the wrong length', async () => {
    for (const length of [0, 31, 33]) {
      expect(importEd25519PublicKey(new Uint8Array(length)), `key of ${length} bytes`).toBeUndefined();
      expect(await verifyEd25519(new Uint8Array(length), MESSAGE, SIGNATURE)).toBe(false);
    }
    const key = importEd25519PublicKey(PUBLIC_KEY)!;
    for (const length of [0, 63, 65]) {
      const signature = new Uint8Array(length);
      signature.set(SIGNATURE.subarray(0, length));
      expect(verifyEd25519Sync(key, MESSAGE, signature), `signature of ${length} bytes`).toBe(false);
      expect(await verifyEd25519(PUBLIC_KEY, MESSAGE, signature)).toBe(false);
    }
  });
});
