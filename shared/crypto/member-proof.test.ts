import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { encodeHex, encodeUtf8 } from '../encoding.ts';
import { computeMemberProof, deriveMemberProofKey, verifyMemberProof } from './member-proof.ts';

const S = new Uint8Array(32).map((_, i) => i);
const PINNED_PROOF_KEY = 'c794c4169358d8044c82826652fd1f3819b2b3d4b872be638cf36e50d5563e8f';
const PROVEN = new Uint8Array(66).fill(9);

describe('member proof', () => {
  it('derives the pinned key, equal to HKDF computed directly', () => {
    expect(encodeHex(deriveMemberProofKey(S))).toBe(PINNED_PROOF_KEY);
    const independent = hkdf(sha256, S, new Uint8Array(0), encodeUtf8('anoghost/member-proof/v1'), 32);
    expect(encodeHex(independent)).toBe(PINNED_PROOF_KEY);
  });

  it('is HMAC-SHA256 under that key and verifies', () => {
    const proof = computeMemberProof(S, PROVEN);
    expect(encodeHex(proof)).toBe(encodeHex(hmac(sha256, deriveMemberProofKey(S), PROVEN)));
    expect(verifyMemberProof(S, PROVEN, proof)).toBe(true);
  });

  it('rejects a flipped proof bit, other bytes, or another secret', () => {
    const proof = computeMemberProof(S, PROVEN);
    const flipped = proof.slice();
    flipped[31]! ^= 0x80;
    expect(verifyMemberProof(S, PROVEN, flipped)).toBe(false);
    const other = PROVEN.slice();
    other[0]! ^= 1;
    expect(verifyMemberProof(S, other, proof)).toBe(false);
    expect(verifyMemberProof(new Uint8Array(32), PROVEN, proof)).toBe(false);
    expect(verifyMemberProof(S, PROVEN, proof.subarray(0, 16))).toBe(false);
  });

  it('refuses a link secret that is not 32 bytes, in every entry point', async () => {
    await expectRefusesBadBytes((s) => deriveMemberProofKey(s), 32, 'linkSecret');
    await expectRefusesBadBytes((s) => computeMemberProof(s, PROVEN), 32, 'linkSecret');
    await expectRefusesBadBytes((s) => verifyMemberProof(s, PROVEN, new Uint8Array(32)), 32, 'linkSecret');
  });
});
