import { describe, expect, it } from 'vitest';
import { NOT_BYTES } from '../../tests/support/invalid-bytes.ts';
import { decodeHex, encodeHex, encodeUtf8 } from '../encoding.ts';
import {
  HKDF_SHA256_MAX_LENGTH,
  hkdfExpandSha256,
  hkdfExtractSha256,
  hkdfSha256,
  hmacSha256,
  sha256,
  verifyHmacSha256,
} from './sha256-kdf.ts';

const hex = (text: string) => decodeHex(text)!;
// RFC 5869 appendix A.1 and A.3.
const HKDF_1 = {
  ikm: hex('0b'.repeat(22)),
  salt: hex('000102030405060708090a0b0c'),
  info: hex('f0f1f2f3f4f5f6f7f8f9'),
  prk: '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5',
  okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
};
const HKDF_3_OKM = '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8';

describe('SHA-256, HMAC and HKDF', () => {
  it('match the standard vectors (FIPS 180-2, RFC 4231 case 2, RFC 5869 cases 1 and 3)', () => {
    expect(encodeHex(sha256(encodeUtf8('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const mac = hmacSha256(encodeUtf8('Jefe'), encodeUtf8('what do ya want for nothing?'));
    expect(encodeHex(mac)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const prk = hkdfExtractSha256(HKDF_1.salt, HKDF_1.ikm);
    expect(encodeHex(prk)).toBe(HKDF_1.prk);
    expect(encodeHex(hkdfExpandSha256(prk, HKDF_1.info, 42))).toBe(HKDF_1.okm);
    expect(encodeHex(hkdfSha256(HKDF_1.ikm, new Uint8Array(0), 42))).toBe(HKDF_3_OKM);
    // An empty salt is the RFC's default salt (32 zero bytes).
    expect(hkdfExtractSha256(new Uint8Array(0), HKDF_1.ikm)).toEqual(
      hkdfExtractSha256(new Uint8Array(32), HKDF_1.ikm),
    );
  });

  it('verifies a MAC only when every byte matches', () => {
    const key = encodeUtf8('key');
    const data = encodeUtf8('data');
    const mac = hmacSha256(key, data);
    expect(verifyHmacSha256(key, mac, data)).toBe(true);
    for (let i = 0; i < mac.length; i++) {
      const forged = mac.slice();
      forged[i]! ^= 1;
      expect(verifyHmacSha256(key, forged, data)).toBe(false);
    }
    expect(verifyHmacSha256(key, mac.subarray(0, 31), data)).toBe(false);
    expect(verifyHmacSha256(encodeUtf8('kez'), mac, data)).toBe(false);
  });

  it('refuses lengths HKDF cannot give and inputs that are not bytes', () => {
    for (const length of [0, -1, 1.5, HKDF_SHA256_MAX_LENGTH + 1, Number.NaN]) {
      expect(() => hkdfSha256(HKDF_1.ikm, HKDF_1.info, length)).toThrow(RangeError);
      expect(() => hkdfExpandSha256(HKDF_1.prk as unknown as Uint8Array, HKDF_1.info, length)).toThrow();
    }
    expect(hkdfSha256(HKDF_1.ikm, HKDF_1.info, HKDF_SHA256_MAX_LENGTH)).toHaveLength(HKDF_SHA256_MAX_LENGTH);
    for (const [name, value] of NOT_BYTES) {
      const bad = value as Uint8Array;
      expect(() => sha256(bad), name).toThrow(TypeError);
      expect(() => hmacSha256(bad, HKDF_1.info), name).toThrow(TypeError);
      expect(() => hmacSha256(HKDF_1.ikm, bad), name).toThrow(TypeError);
      expect(() => hkdfSha256(bad, HKDF_1.info, 32), name).toThrow(TypeError);
      expect(() => hkdfSha256(HKDF_1.ikm, bad, 32), name).toThrow(TypeError);
      expect(() => hkdfExtractSha256(bad, HKDF_1.ikm), name).toThrow(TypeError);
    }
  });
});
