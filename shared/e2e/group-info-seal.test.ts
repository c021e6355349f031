import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { createAead } from '../crypto/aead.ts';
import { encodeContext } from '../crypto/derivation-context.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { openGroupInfo, sealGroupInfo } from './group-info-seal.ts';
import { deriveGroupInfoKey } from './room-secrets.ts';

const S = generateRandomBytes(32);
const HANDLE = 'roomIdOfSomeRoom';
const GROUP_INFO = generateRandomBytes(300);

describe('sealed GroupInfo', () => {
  it('opens with the same S and handle, and is a fresh box each time', () => {
    const sealed = sealGroupInfo(S, HANDLE, GROUP_INFO);
    expect(sealed).toHaveLength(24 + GROUP_INFO.length + 16);
    expect(openGroupInfo(S, HANDLE, sealed)).toEqual(GROUP_INFO);
    expect(sealGroupInfo(S, HANDLE, GROUP_INFO)).not.toEqual(sealed); // random nonce
  });

  it('is XChaCha20-Poly1305 under the GroupInfo key, aad = encodeContext("anoghost/group-info/v2", handle)', () => {
    const sealed = sealGroupInfo(S, HANDLE, GROUP_INFO);
    const aad = encodeContext('anoghost/group-info/v2', HANDLE);
    expect(createAead(deriveGroupInfoKey(S, HANDLE)).open(sealed, aad)).toEqual(GROUP_INFO);
  });

  it('refuses every flipped byte: nonce, ciphertext and tag', () => {
    const sealed = sealGroupInfo(S, HANDLE, GROUP_INFO);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i]! ^= 0x01;
      expect(openGroupInfo(S, HANDLE, tampered), `byte ${i}`).toBeUndefined();
    }
  });

  it('refuses another room, another secret, a cut box and garbage', () => {
    const sealed = sealGroupInfo(S, HANDLE, GROUP_INFO);
    expect(openGroupInfo(S, `${HANDLE}2`, sealed)).toBeUndefined();
    expect(openGroupInfo(S, HANDLE.slice(1), sealed)).toBeUndefined();
    expect(openGroupInfo(generateRandomBytes(32), HANDLE, sealed)).toBeUndefined();
    for (const length of [0, 23, 39, sealed.length - 1]) {
      expect(openGroupInfo(S, HANDLE, sealed.subarray(0, length))).toBeUndefined();
    }
    expect(openGroupInfo(S, HANDLE, generateRandomBytes(sealed.length))).toBeUndefined();
  });

  it('refuses a secret that is not 32 bytes', async () => {
    await expectRefusesBadBytes((secret) => sealGroupInfo(secret, HANDLE, GROUP_INFO), 32, 'secret');
    await expectRefusesBadBytes((secret) => openGroupInfo(secret, HANDLE, GROUP_INFO), 32, 'secret');
  });
});
