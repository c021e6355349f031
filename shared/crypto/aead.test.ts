import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it, vi } from 'vitest';
import { expectRefusesBadBytes, NOT_BYTES, wrongLengths } from '../../tests/support/invalid-bytes.ts';
import { decodeHex, encodeHex, encodeUtf8 } from '../encoding.ts';
import { AEAD_KEY_LENGTH, createAead, NONCE_LENGTH, openAead, sealAead, TAG_LENGTH } from './aead.ts';

// The random source, pinned to a given nonce only where a test asks for it.
const pinned = vi.hoisted(() => ({ nonce: undefined as Uint8Array | undefined }));
vi.mock('./random-bytes.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./random-bytes.ts')>();
  return {
    generateRandomBytes: (length: number) => pinned.nonce?.slice() ?? real.generateRandomBytes(length),
  };
});

// draft-irtf-cfrg-xchacha-03 §A.3.1: the AEAD_XChaCha20_Poly1305 test vector.
const VECTOR = {
  key: decodeHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f')!,
  nonce: decodeHex('404142434445464748494a4b4c4d4e4f5051525354555657')!,
  aad: decodeHex('50515253c0c1c2c3c4c5c6c7')!,
  plaintext: encodeUtf8(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ),
  ciphertext:
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39' +
    'ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
    '21f9664c97637da9768812f615c68b13b52e',
  tag: 'c0875924c1c7987947deafd8780acf49',
};
const KEY = new Uint8Array(AEAD_KEY_LENGTH).map((_, i) => i);
const AAD = encodeUtf8('anoghost/test/v1');
const PLAINTEXT = encodeUtf8('a short secret');

describe('box format', () => {
  it('seals the draft vector to nonce ‖ ciphertext ‖ tag, byte for byte', () => {
    pinned.nonce = VECTOR.nonce;
    try {
      const box = sealAead(VECTOR.key, VECTOR.plaintext, VECTOR.aad);
      expect(encodeHex(box)).toBe(encodeHex(VECTOR.nonce) + VECTOR.ciphertext + VECTOR.tag);
    } finally {
      pinned.nonce = undefined;
    }
  });

  it('opens the draft vector laid out as nonce ‖ ciphertext ‖ tag', () => {
    const box = decodeHex(encodeHex(VECTOR.nonce) + VECTOR.ciphertext + VECTOR.tag)!;
    expect(openAead(VECTOR.key, box, VECTOR.aad)).toEqual(VECTOR.plaintext);
    expect(createAead(VECTOR.key).open(box, VECTOR.aad)).toEqual(VECTOR.plaintext);
  });

  it('is XChaCha20-Poly1305 under the nonce at the front, and 40 bytes longer than the plaintext', () => {
    const box = createAead(KEY).seal(PLAINTEXT, AAD);
    expect(box).toHaveLength(NONCE_LENGTH + PLAINTEXT.length + TAG_LENGTH);
    const direct = xchacha20poly1305(KEY, box.subarray(0, NONCE_LENGTH), AAD).decrypt(
      box.subarray(NONCE_LENGTH),
    );
    expect(direct).toEqual(PLAINTEXT);
  });
});

describe('managed nonce', () => {
  it('draws a fresh nonce for every seal', () => {
    const aead = createAead(KEY);
    const nonces = new Set<string>();
    for (let i = 0; i < 50; i++) nonces.add(encodeHex(aead.seal(PLAINTEXT, AAD).subarray(0, NONCE_LENGTH)));
    expect(nonces.size).toBe(50);
  });

  it('cannot be given a nonce: an extra argument is a type error and is ignored', () => {
    const aead = createAead(KEY);
    const callerNonce = new Uint8Array(NONCE_LENGTH);
    // @ts-expect-error seal takes no nonce
    const box: Uint8Array = aead.seal(PLAINTEXT, AAD, callerNonce);
    expect(box.subarray(0, NONCE_LENGTH)).not.toEqual(callerNonce);
    expect(aead.open(box, AAD)).toEqual(PLAINTEXT);
  });

  it('round-trips empty and large plaintexts, with and without aad', () => {
    const aead = createAead(KEY);
    for (const plaintext of [new Uint8Array(0), new Uint8Array(70_000).fill(3)]) {
      for (const aad of [new Uint8Array(0), AAD]) {
        expect(aead.open(aead.seal(plaintext, aad), aad)).toEqual(plaintext);
        expect(openAead(KEY, sealAead(KEY, plaintext, aad), aad)).toEqual(plaintext);
      }
    }
  });
});

describe('tamper → reject', () => {
  const box = sealAead(KEY, PLAINTEXT, AAD);

  it.each([...box.keys()])('refuses the box with byte %i flipped', (at) => {
    const bad = box.slice();
    bad[at]! ^= 0x01;
    expect(openAead(KEY, bad, AAD)).toBeUndefined();
  });

  it('refuses every truncation and an appended byte', () => {
    for (let length = 0; length < box.length; length++) {
      expect(openAead(KEY, box.subarray(0, length), AAD), `length ${length}`).toBeUndefined();
    }
    expect(openAead(KEY, Uint8Array.of(...box, 0), AAD)).toBeUndefined();
  });

  it('refuses another aad: changed, shortened, lengthened or empty', () => {
    const changed = AAD.slice();
    changed[0]! ^= 1;
    for (const aad of [changed, AAD.subarray(1), Uint8Array.of(...AAD, 0), new Uint8Array(0)]) {
      expect(openAead(KEY, box, aad)).toBeUndefined();
    }
  });

  it('refuses another key, one bit apart or all zero', () => {
    const near = KEY.slice();
    near[31]! ^= 0x80;
    expect(openAead(near, box, AAD)).toBeUndefined();
    expect(createAead(new Uint8Array(AEAD_KEY_LENGTH)).open(box, AAD)).toBeUndefined();
  });
});

describe('input validation', () => {
  it('refuses a key that is not 32 bytes, at once and with its name (createAead, sealAead, openAead)', async () => {
    await expectRefusesBadBytes((key) => createAead(key), AEAD_KEY_LENGTH, 'key');
    await expectRefusesBadBytes((key) => sealAead(key, PLAINTEXT, AAD), AEAD_KEY_LENGTH, 'key');
    await expectRefusesBadBytes(
      (key) => openAead(key, sealAead(KEY, PLAINTEXT, AAD), AAD),
      AEAD_KEY_LENGTH,
      'key',
    );
  });

  it.each(wrongLengths(AEAD_KEY_LENGTH))('throws a RangeError for a %i-byte key, never undefined', (n) => {
    expect(() => openAead(new Uint8Array(n), sealAead(KEY, PLAINTEXT, AAD), AAD)).toThrow(RangeError);
  });

  describe.each(NOT_BYTES)('refuses %s', (_name, value) => {
    const aead = createAead(KEY);
    const bad = value as Uint8Array;
    it('as plaintext', () => expect(() => aead.seal(bad, AAD)).toThrow(TypeError));
    it('as aad to seal', () => expect(() => aead.seal(PLAINTEXT, bad)).toThrow(TypeError));
    it('as box', () => expect(() => aead.open(bad, AAD)).toThrow(TypeError));
    it('as aad to open', () => expect(() => aead.open(aead.seal(PLAINTEXT, AAD), bad)).toThrow(TypeError));
  });
});
