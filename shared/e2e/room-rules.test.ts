import { describe, expect, it } from 'vitest';
import type { RoomMember } from './room-members.ts';
import { removalDelayMs, removerRank, staleLeaves, UPDATE_INTERVAL_MS, updateDelayMs } from './room-rules.ts';

function roster(ids: string[], self: string): RoomMember[] {
  return ids.map((memberId, leafIndex) => ({
    leafIndex,
    memberId,
    signaturePublicKey: new Uint8Array(32),
    fingerprint: '00000 00000 00000 00000 00000',
    isSelf: memberId === self,
  }));
}

describe('the removal rule', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];

  it('finds the leaves whose member is not present; ours always counts as present', () => {
    expect(staleLeaves(roster(ids, 'c'), ['a', 'b', 'd', 'e'])).toEqual([]);
    expect(staleLeaves(roster(ids, 'c'), ['a', 'e'])).toEqual([1, 3]);
    expect(staleLeaves(roster(ids, 'c'), [])).toEqual([0, 1, 3, 4]);
  });

  it('gives every present member a distinct rank, and the same ranking whoever computes it', () => {
    const present = ['a', 'c', 'e']; // b and d left
    const ranks = present.map((self) =>
      removerRank(
        roster(ids, self),
        present.filter((id) => id !== self),
      ),
    );
    expect(ranks).toEqual([0, 1, 2]);
    // With a gone, c (lowest present leaf) removes first.
    expect(removerRank(roster(ids, 'c'), ['e'])).toBe(0);
    expect(removerRank(roster(ids, 'e'), ['c'])).toBe(1);
  });

  it('waits 150 ms at rank 0, then 3 s per rank', () => {
    expect([0, 1, 2, 5].map(removalDelayMs)).toEqual([150, 3000, 6000, 15000]);
    expect(() => removalDelayMs(-1)).toThrow(RangeError);
    expect(() => removalDelayMs(0.5)).toThrow(RangeError);
  });

  it('refuses a roster without our own leaf', () => {
    expect(() => removerRank(roster(ids, 'zz'), [])).toThrow();
  });
});

describe('the Update schedule', () => {
  it('is 10 minutes ± 20 %', () => {
    expect(updateDelayMs(0)).toBe(0.8 * UPDATE_INTERVAL_MS);
    expect(updateDelayMs(0.5)).toBe(UPDATE_INTERVAL_MS);
    expect(updateDelayMs(0.999999)).toBeLessThanOrEqual(1.2 * UPDATE_INTERVAL_MS);
    for (let i = 0; i < 50; i++) {
      const delay = updateDelayMs();
      expect(delay).toBeGreaterThanOrEqual(0.8 * UPDATE_INTERVAL_MS);
      expect(delay).toBeLessThanOrEqual(1.2 * UPDATE_INTERVAL_MS);
    }
  });
});
