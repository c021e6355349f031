import { describe, expect, it } from 'vitest';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';
import { EpochClock, EpochKeyring } from './epoch-keys.ts';
import { GHOST_ID_CHARS, GhostIds } from './ghost-ids.ts';

const EPOCH_S = 300;
const WINDOW = 12;

function setup(start = 1_800_000_000_000) {
  let now = start;
  const keyring = new EpochKeyring(
    new EpochClock({ epochSeconds: EPOCH_S, epochWindow: WINDOW, now: () => now }),
  );
  return {
    ghostIds: new GhostIds(keyring),
    keyring,
    advance: (ms: number) => {
      now += ms;
    },
    at: () => now,
  };
}

const wallet = new Uint8Array(32).map((_, i) => i + 1);

describe('ghostIds', () => {
  it('seal and open round-trip to the wallet, ≤ 96 URL-safe chars', () => {
    const { ghostIds } = setup();
    const { ghostId } = ghostIds.issue(wallet);
    expect(ghostId).toHaveLength(GHOST_ID_CHARS);
    expect(ghostId.length).toBeLessThanOrEqual(96);
    expect(ghostId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(ghostIds.open(ghostId)).toEqual(wallet);
  });

  it('never issues the same string twice for one wallet', () => {
    const { ghostIds } = setup();
    const seen = new Set(Array.from({ length: 500 }, () => ghostIds.issue(wallet).ghostId));
    expect(seen.size).toBe(500);
  });

  it('reports issuedAt, rotatesAt at the next boundary and liveUntil at the end of the window', () => {
    const { ghostIds, at } = setup(1_800_000_000_000 + 1234);
    const issue = ghostIds.issue(wallet);
    const epoch = Math.floor(at() / (EPOCH_S * 1000));
    expect(issue.issuedAt).toBe(at());
    expect(issue.rotatesAt).toBe((epoch + 1) * EPOCH_S * 1000);
    expect(issue.liveUntil).toBe((epoch + WINDOW) * EPOCH_S * 1000);
  });

  it('stays live through the window and dies exactly when its epoch leaves it', () => {
    const { ghostIds, advance, at } = setup();
    const issue = ghostIds.issue(wallet);
    advance(issue.liveUntil - at() - 1);
    ghostIds.issue(wallet); // later epochs in use meanwhile
    expect(ghostIds.isLive(issue.ghostId)).toBe(true);
    advance(1);
    expect(ghostIds.isLive(issue.ghostId)).toBe(false);
  });

  it('erases the epoch key when it leaves the window (forward secrecy)', () => {
    const { ghostIds, keyring, advance } = setup();
    const first = keyring.currentKey();
    const keyRef = first.key;
    const issue = ghostIds.issue(wallet);
    expect(keyring.heldEpochs()).toEqual([first.epoch]);
    advance(WINDOW * EPOCH_S * 1000);
    keyring.eraseExpired();
    expect(keyring.heldEpochs()).toEqual([]);
    expect(keyRef.every((b) => b === 0)).toBe(true);
    // Going back in time cannot resurrect it: the key is gone, not merely out of range.
    advance(-WINDOW * EPOCH_S * 1000);
    expect(ghostIds.isLive(issue.ghostId)).toBe(false);
  });

  it('uses a fresh random key per epoch', () => {
    const { keyring, advance } = setup();
    const a = Uint8Array.from(keyring.currentKey().key);
    advance(EPOCH_S * 1000);
    const b = keyring.currentKey().key;
    expect(encodeB64u(a)).not.toBe(encodeB64u(b));
  });

  it('is not live once any byte is flipped (tamper → not live)', () => {
    const { ghostIds } = setup();
    const { ghostId } = ghostIds.issue(wallet);
    const bytes = decodeB64u(ghostId)!;
    for (let i = 0; i < bytes.length; i++) {
      const copy = Uint8Array.from(bytes);
      copy[i]! ^= 0x01;
      expect(ghostIds.isLive(encodeB64u(copy)), `byte ${i}`).toBe(false);
    }
  });

  it('rejects malformed strings without throwing', () => {
    const { ghostIds } = setup();
    for (const bad of ['', 'a', '!!!!', 'A'.repeat(92), 'A'.repeat(500), '\u0000'.repeat(92)]) {
      expect(ghostIds.isLive(bad)).toBe(false);
    }
  });

  it('does not open a ghostId from another server (other keys)', () => {
    const a = setup();
    const b = setup();
    expect(b.ghostIds.isLive(a.ghostIds.issue(wallet).ghostId)).toBe(false);
  });

  it('does not open a ghostId for an epoch in the future', () => {
    const { ghostIds, advance } = setup();
    advance(EPOCH_S * 1000);
    const { ghostId } = ghostIds.issue(wallet);
    advance(-EPOCH_S * 1000);
    expect(ghostIds.isLive(ghostId)).toBe(false);
  });
});
