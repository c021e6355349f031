import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { concatBytes, encodeHex, encodeUtf8 } from '../encoding.ts';
import { deriveIdentitySeed, fingerprintOf, generateInstallSecret } from './room-identity.ts';

const INSTALL = new Uint8Array(32).fill(0xaa);
const PINNED = {
  free: '9997ff627cbf919561317d63c5c99317ff67f426782869d06222dcafdcb54d9d',
  paid: '02a87219ba3463400cf9dad823ebb0cb75e98e15287c4d4fff54b18450a8c6c4',
  fingerprintOfZeros: '82445 30378 98859 09611 57185',
};

describe('per-room identity', () => {
  it('matches the pinned seeds, is stable, and differs per kind, room and install', () => {
    expect(encodeHex(deriveIdentitySeed(INSTALL, 'free', 'roomA'))).toBe(PINNED.free);
    expect(encodeHex(deriveIdentitySeed(INSTALL, 'paid', 'roomA'))).toBe(PINNED.paid);
    expect(deriveIdentitySeed(INSTALL, 'free', 'roomA')).toEqual(
      deriveIdentitySeed(INSTALL, 'free', 'roomA'),
    );
    const seeds = [
      deriveIdentitySeed(INSTALL, 'free', 'roomA'),
      deriveIdentitySeed(INSTALL, 'free', 'roomB'),
      deriveIdentitySeed(INSTALL, 'paid', 'roomA'),
      deriveIdentitySeed(generateInstallSecret(), 'free', 'roomA'),
      // Length prefixes keep ("free", "roomA") apart from any other split of the same characters.
      deriveIdentitySeed(INSTALL, 'free', 'roomAx'),
    ].map(encodeHex);
    expect(new Set(seeds).size).toBe(seeds.length);
  });

  it('refuses a bad install secret, kind or room', async () => {
    await expectRefusesBadBytes((secret) => deriveIdentitySeed(secret, 'free', 'roomA'), 32, 'installSecret');
    expect(() => deriveIdentitySeed(INSTALL, 'other' as 'free', 'roomA')).toThrow(TypeError);
    for (const room of ['', 'r'.repeat(65), 3 as unknown as string]) {
      expect(() => deriveIdentitySeed(INSTALL, 'free', room)).toThrow(TypeError);
    }
  });
});

describe('fingerprint', () => {
  it('is 11 bytes of SHA-256(domain ‖ key) mod 10^25, as five groups of five digits', async () => {
    const key = new Uint8Array(32);
    expect(fingerprintOf(key)).toBe(PINNED.fingerprintOfZeros);
    const input = concatBytes(encodeUtf8('anoghost/fingerprint/v2'), key);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input as BufferSource));
    const value = BigInt(`0x${encodeHex(digest.subarray(0, 11))}`) % 10n ** 25n;
    expect(fingerprintOf(key).replaceAll(' ', '')).toBe(value.toString().padStart(25, '0'));
  });

  it('changes with any bit of the key and always has the same shape', () => {
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const base = fingerprintOf(key);
    expect(base).toMatch(/^\d{5}( \d{5}){4}$/);
    for (let bit = 0; bit < 256; bit += 17) {
      const flipped = key.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(fingerprintOf(flipped)).not.toBe(base);
    }
  });

  it('refuses a key that is not 32 bytes', async () => {
    await expectRefusesBadBytes((key) => fingerprintOf(key), 32, 'signaturePublicKey');
  });
});
