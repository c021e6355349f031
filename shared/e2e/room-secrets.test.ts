import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { encodeContext } from '../crypto/derivation-context.ts';
import { concatBytes, encodeHex, encodeUtf8 } from '../encoding.ts';
import { getDefaultMlsCrypto, getMlsCrypto } from './mls-crypto.ts';
import { deriveGroupInfoKey, deriveHandshakeKey, deriveJoinKey, deriveJoinKeySeed } from './room-secrets.ts';

const S = new Uint8Array(32).map((_, i) => i);
const HANDLE = 'room-handle-1';
const EXPORTER_SECRET = new Uint8Array(32).fill(7);
// Computed once from the definitions in docs/rooms-mls.md and pinned.
const PINNED = {
  groupInfoKey: '376965678a265f3141215d97fcecb4f580a0d455a3dd4af4a15b50e80c8e4151',
  joinSeed: '299f3cb615d3d9d300167712eb2ba0111a7ec1f492c0ef7be9c8ea6582fb425c',
  joinPublic: '6bc20eda2f69b7266886070315bc031e59e8e9f2c4e93b966ec7d358ab964c75',
  handshakeSeed: '4a0f57bad3618f0d261b2165325446124cc787c778b2bd699af5730524294515',
  handshakePublic: '7346839954b3523e0524a42c74b4351d7be158c9ca1efda8a2b93dc10602c801',
};

/** HKDF-SHA256 with no salt, through WebCrypto: an implementation independent of ours. */
async function webCryptoHkdf(ikm: Uint8Array, info: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', ikm as BufferSource, 'HKDF', false, ['deriveBits']);
  const params = { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: info as BufferSource };
  return encodeHex(new Uint8Array(await crypto.subtle.deriveBits(params, key, 256)));
}

describe('derivations from S', () => {
  it('match the pinned vectors and an independent HKDF over the documented info', async () => {
    expect(encodeHex(deriveGroupInfoKey(S, HANDLE))).toBe(PINNED.groupInfoKey);
    expect(encodeHex(deriveJoinKeySeed(S, HANDLE))).toBe(PINNED.joinSeed);
    const joinKey = deriveJoinKey(S, HANDLE);
    expect(encodeHex(joinKey.seed)).toBe(PINNED.joinSeed);
    expect(encodeHex(joinKey.publicKey)).toBe(PINNED.joinPublic);
    // info = "anoghost/<purpose>/v2" ‖ u16 length ‖ handle
    const info = (domain: string) =>
      concatBytes(encodeUtf8(domain), Uint8Array.of(0, 13), encodeUtf8(HANDLE));
    expect(encodeContext('anoghost/join-key/v2', HANDLE)).toEqual(info('anoghost/join-key/v2'));
    expect(await webCryptoHkdf(S, info('anoghost/group-info-key/v2'))).toBe(PINNED.groupInfoKey);
    expect(await webCryptoHkdf(S, info('anoghost/join-key/v2'))).toBe(PINNED.joinSeed);
  });

  it('give different keys for another handle or another secret, and never the same key twice', () => {
    const other = S.slice();
    other[31]! ^= 1;
    const keys = [
      deriveGroupInfoKey(S, HANDLE),
      deriveGroupInfoKey(S, `${HANDLE}x`),
      deriveGroupInfoKey(other, HANDLE),
      deriveJoinKeySeed(S, HANDLE),
      deriveJoinKeySeed(S, `${HANDLE}x`),
    ].map(encodeHex);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('derives the handshake key from the exporter, the same on either provider', async () => {
    for (const provider of [await getMlsCrypto(), await getDefaultMlsCrypto()]) {
      const key = await deriveHandshakeKey(EXPORTER_SECRET, HANDLE, provider);
      expect(encodeHex(key.seed)).toBe(PINNED.handshakeSeed);
      expect(encodeHex(key.publicKey)).toBe(PINNED.handshakePublic);
    }
    const otherRoom = await deriveHandshakeKey(EXPORTER_SECRET, `${HANDLE}x`, await getMlsCrypto());
    expect(encodeHex(otherRoom.seed)).not.toBe(PINNED.handshakeSeed);
  });

  it('refuses a secret that is not 32 bytes and a handle that is not one', async () => {
    await expectRefusesBadBytes((secret) => deriveGroupInfoKey(secret, HANDLE), 32, 'secret');
    await expectRefusesBadBytes((secret) => deriveJoinKeySeed(secret, HANDLE), 32, 'secret');
    for (const handle of ['', 'x'.repeat(65), 7 as unknown as string]) {
      expect(() => deriveGroupInfoKey(S, handle)).toThrow(TypeError);
    }
  });
});
