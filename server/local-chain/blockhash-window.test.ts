/** The window of valid blockhashes: size, expiry, determinism and rebuild after restart. */
import { describe, expect, it } from 'vitest';
import { BlockhashWindow, deriveBlockhash } from './blockhash-window.ts';

const GENESIS = '4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZAMdL4VZHirAn';

describe('BlockhashWindow', () => {
  it('keeps validity + 1 blockhashes and expires older ones', () => {
    const window = new BlockhashWindow(GENESIS, 3);
    const hashes = [0n, 1n, 2n, 3n, 4n].map((slot) => window.pushSlot(slot));
    expect(hashes.slice(1).every((hash) => window.has(hash))).toBe(true);
    expect(window.has(hashes[0]!)).toBe(false);
    expect(window.getLatest()).toEqual({ blockhash: hashes[4], lastValidBlockHeight: 7n });
  });

  it('derives the same blockhashes after a restart, distinct per genesis', () => {
    const before = new BlockhashWindow(GENESIS, 150);
    for (let slot = 0n; slot <= 200n; slot += 1n) before.pushSlot(slot);
    const after = new BlockhashWindow(GENESIS, 150);
    after.fillUpTo(200n);
    expect(after.getLatest()).toEqual(before.getLatest());
    expect(after.has(deriveBlockhash(GENESIS, 50n))).toBe(true);
    expect(after.has(deriveBlockhash(GENESIS, 49n))).toBe(false);
    expect(deriveBlockhash(GENESIS, 1n)).not.toBe(deriveBlockhash('11111111111111111111111111111111', 1n));
  });
});
