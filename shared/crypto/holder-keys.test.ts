import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { concatBytes, decodeAddress, encodeBase58, encodeUtf8 } from '../encoding.ts';
import { deriveHolderAddress, deriveHolderSeed, holderAddressOf } from './holder-keys.ts';

const INSTALL = new Uint8Array(32).map((_, i) => 255 - i);

describe('one-time holders', () => {
  it('derives the seed with HKDF-SHA256 under the documented info, and the address from it', () => {
    const info = concatBytes(
      encodeUtf8('anoghost/holder/v2'),
      Uint8Array.of(0, 7),
      encodeUtf8('invitee'),
      Uint8Array.of(0, 22),
      encodeUtf8('AAAAAAAAAAAAAAAAAAAAAA'),
    );
    const expected = hkdf(sha256, INSTALL, undefined, info, 32);
    const seed = deriveHolderSeed(INSTALL, 'invitee', 'AAAAAAAAAAAAAAAAAAAAAA');
    expect(seed).toEqual(expected);
    const address = holderAddressOf(seed);
    expect(address).toBe(encodeBase58(ed25519.getPublicKey(expected)));
    expect(decodeAddress(address)).toHaveLength(32);
    expect(deriveHolderAddress(INSTALL, 'invitee', 'AAAAAAAAAAAAAAAAAAAAAA')).toBe(address);
  });

  it('gives a different holder per purpose, id and install secret, the same one again', () => {
    const other = INSTALL.slice();
    other[0]! ^= 1;
    const holders = [
      deriveHolderAddress(INSTALL, 'initiator', 'q1'),
      deriveHolderAddress(INSTALL, 'invitee', 'q1'),
      deriveHolderAddress(INSTALL, 'initiator', 'q2'),
      deriveHolderAddress(other, 'initiator', 'q1'),
    ];
    expect(new Set(holders).size).toBe(4);
    expect(deriveHolderAddress(INSTALL, 'initiator', 'q1')).toBe(holders[0]);
  });

  it('refuses a bad install secret, purpose or id', async () => {
    await expectRefusesBadBytes((s) => deriveHolderSeed(s, 'initiator', 'q'), 32, 'installSecret');
    await expectRefusesBadBytes((s) => holderAddressOf(s), 32, 'seed');
    expect(() => deriveHolderSeed(INSTALL, 'payer' as never, 'q')).toThrow(RangeError);
    expect(() => deriveHolderSeed(INSTALL, 'invitee', '')).toThrow(RangeError);
  });
});
