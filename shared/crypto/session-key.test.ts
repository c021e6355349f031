import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes, NOT_BYTES } from '../../tests/support/invalid-bytes.ts';
import { decodeHex, encodeHex } from '../encoding.ts';
import {
  deriveSessionPublicKey,
  generateSessionSeed,
  SESSION_SEED_LENGTH,
  signWithSessionKey,
} from './session-key.ts';

// RFC 8032 §7.1 TEST 1.
const TEST_1 = {
  seed: decodeHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')!,
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  message: new Uint8Array(0),
  signature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};

describe('session key', () => {
  it('derives the RFC 8032 TEST 1 public key and signature over the empty message', () => {
    expect(encodeHex(deriveSessionPublicKey(TEST_1.seed))).toBe(TEST_1.publicKey);
    expect(encodeHex(signWithSessionKey(TEST_1.seed, TEST_1.message))).toBe(TEST_1.signature);
  });

  it('draws fresh 32-byte seeds whose signatures verify under their public key', () => {
    const a = generateSessionSeed();
    const b = generateSessionSeed();
    expect(a).toHaveLength(SESSION_SEED_LENGTH);
    expect(encodeHex(a)).not.toBe(encodeHex(b));
    const message = Uint8Array.of(1, 2, 3);
    expect(ed25519.verify(signWithSessionKey(a, message), message, deriveSessionPublicKey(a))).toBe(true);
  });

  it('leaves the seed as it was', () => {
    const seed = TEST_1.seed.slice();
    signWithSessionKey(seed, TEST_1.message);
    deriveSessionPublicKey(seed);
    expect(seed).toEqual(TEST_1.seed);
  });

  it('refuses a seed that is not 32 bytes (TypeError for non-bytes, RangeError for a length)', async () => {
    await expectRefusesBadBytes((seed) => deriveSessionPublicKey(seed), SESSION_SEED_LENGTH, 'seed');
    await expectRefusesBadBytes(
      (seed) => signWithSessionKey(seed, TEST_1.message),
      SESSION_SEED_LENGTH,
      'seed',
    );
  });

  it.each(NOT_BYTES)('refuses %s as the message', (_name, value) => {
    expect(() => signWithSessionKey(TEST_1.seed, value as Uint8Array)).toThrow(TypeError);
  });
});
