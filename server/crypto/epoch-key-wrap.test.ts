import { describe, expect, it } from 'vitest';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { createEpochKeyWrap } from './epoch-key-wrap.ts';

const master = new Uint8Array(32).map((_, i) => i);
const epochKey = new Uint8Array(32).fill(0xab);

describe('epoch key wrap', () => {
  it('round-trips for the same epoch and master key, with a fresh nonce each time', () => {
    const wrap = createEpochKeyWrap(master);
    const a = wrap.wrap(100, epochKey);
    expect(a).toHaveLength(96);
    expect(wrap.wrap(100, epochKey)).not.toBe(a);
    expect(wrap.unwrap(100, a)).toEqual(epochKey);
  });

  it('does not open for another epoch, another master key, or any flipped bit', () => {
    const wrap = createEpochKeyWrap(master);
    const sealed = wrap.wrap(100, epochKey);
    expect(wrap.unwrap(101, sealed)).toBeUndefined();
    expect(createEpochKeyWrap(new Uint8Array(32)).unwrap(100, sealed)).toBeUndefined();
    const bytes = decodeB64u(sealed)!;
    for (let i = 0; i < bytes.length; i++) {
      const copy = Uint8Array.from(bytes);
      copy[i]! ^= 1;
      expect(wrap.unwrap(100, encodeB64u(copy)), `byte ${i}`).toBeUndefined();
    }
    expect(wrap.unwrap(100, 'not base64!')).toBeUndefined();
  });

  it('refuses a master key that is not 32 bytes, at creation', async () => {
    await expectRefusesBadBytes((key) => createEpochKeyWrap(key), 32, 'master');
  });

  it('wipe() zeroes its key: nothing it sealed before opens any more', () => {
    const wrap = createEpochKeyWrap(master);
    const sealed = wrap.wrap(100, epochKey);
    wrap.wipe();
    expect(wrap.unwrap(100, sealed)).toBeUndefined();
  });
});
