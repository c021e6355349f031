import { describe, expect, it } from 'vitest';
import type { RoomMember } from '../e2e/room-members.ts';
import { ghostNameOf, RoomRoster } from './room-roster.ts';

const member = (leafIndex: number, fingerprint: string, isSelf = false): RoomMember => ({
  leafIndex,
  memberId: `m${leafIndex}`,
  signaturePublicKey: new Uint8Array(32),
  fingerprint,
  isSelf,
});
const F1 = '04127 99310 58213 00927 61554';
const F2 = '51234 00001 99999 12345 67890';

describe('ghost names', () => {
  it('are stable for a fingerprint and differ between fingerprints', () => {
    expect(ghostNameOf(F1)).toBe(ghostNameOf(F1));
    expect(ghostNameOf(F1)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{3}$/);
    expect(ghostNameOf(F1)).not.toBe(ghostNameOf(F2));
  });
});

describe('RoomRoster', () => {
  it('names members by nickname, else ghost name; marks belong to the key', () => {
    const roster = new RoomRoster();
    expect(roster.setNickname(F1, 'alice')).toBe(true);
    expect(roster.setNickname(F1, 'alice')).toBe(false);
    expect(roster.setVerified(F1, true)).toBe(true);
    const [a, b] = roster.view([member(0, F1, true), member(3, F2)]);
    expect(a).toMatchObject({
      name: 'alice',
      nickname: 'alice',
      verified: true,
      keyChanged: false,
      isSelf: true,
      member: 'm0',
    });
    expect(b).toMatchObject({ name: ghostNameOf(F2), nickname: null, verified: false, keyChanged: false });
    // The same key on a new leaf (a reconnect) keeps its mark and its name.
    expect(roster.view([member(7, F1)])[0]).toMatchObject({ verified: true, name: 'alice', member: 'm7' });
  });

  it("flags another key that takes a verified member's nickname, and only that one", () => {
    const roster = new RoomRoster();
    roster.setNickname(F1, 'alice');
    roster.setVerified(F1, true);
    roster.setNickname(F2, 'alice');
    const [a, b] = roster.view([member(0, F1), member(1, F2)]);
    expect(a!.keyChanged).toBe(false);
    expect(b!.keyChanged).toBe(true);
    roster.setVerified(F1, false); // unverified: nothing to impersonate any more
    expect(roster.view([member(1, F2)])[0]!.keyChanged).toBe(false);
    roster.clear();
    expect(roster.view([member(0, F1)])[0]).toMatchObject({ nickname: null, verified: false });
  });
});
