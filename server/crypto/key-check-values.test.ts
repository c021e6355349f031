import { describe, expect, it } from 'vitest';
import { encodeHex } from '../../shared/encoding.ts';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { computeMasterCheck, computeTreasuryCheck } from './key-check-values.ts';
import { deriveMasterSubkey } from './master-derivations.ts';

// Vectors computed independently (Python hmac/hashlib: HKDF-SHA256, empty salt, then SHA-256).
const MASTER = new Uint8Array(32).fill(1);
const MASTER_CHECK = '1a5d3b4e5d59d912caee83760df6adb1bf3ef32239557c1e22ac4a5b7f5f7272';
const TREASURY = 'So11111111111111111111111111111111111111112';
const TREASURY_CHECK = '8e47bb1ce00fc7626ec82161ea7ed5bc7f4fe2b5dff374656eab64517e98feb3';

describe('key check values', () => {
  it('match the fixed vectors', () => {
    expect(computeMasterCheck(MASTER)).toBe(MASTER_CHECK);
    expect(computeTreasuryCheck(TREASURY)).toBe(TREASURY_CHECK);
  });

  it('tell keys apart, and are neither the key nor a subkey used elsewhere', () => {
    const other = Uint8Array.from(MASTER);
    other[31] = 2;
    expect(computeMasterCheck(other)).not.toBe(MASTER_CHECK);
    expect(computeTreasuryCheck(`${TREASURY.slice(0, -1)}3`)).not.toBe(TREASURY_CHECK);
    expect(MASTER_CHECK).not.toBe(encodeHex(MASTER));
    for (const purpose of ['anoghost/key-check/v1', 'anoghost/quote/v1', 'anoghost/epoch-key-wrap/v1']) {
      expect(MASTER_CHECK).not.toBe(encodeHex(deriveMasterSubkey(MASTER, purpose)));
    }
  });

  it('refuse a master key that is not 32 bytes', async () => {
    await expectRefusesBadBytes((key) => computeMasterCheck(key), 32, 'master');
  });
});
