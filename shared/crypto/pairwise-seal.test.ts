import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { encodeHex, encodeUtf8 } from '../encoding.ts';
import { deriveMemberKeys } from './member-keys.ts';
import { derivePairwiseKeys, openPairwise, type PairwiseContext, sealPairwise } from './pairwise-seal.ts';

const ROOM = 'dSKnPRuW1cSBEToO0hSMDqKXAlsfkRJbKz-PXmgExIM';
const A = deriveMemberKeys(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
const B = deriveMemberKeys(new Uint8Array(32).fill(3), new Uint8Array(32).fill(4));
const AB: PairwiseContext = {
  room: ROOM,
  senderId: 'alice',
  recipientId: 'bob',
  senderPublic: A.agreementPublic,
  recipientPublic: B.agreementPublic,
};
const BA: PairwiseContext = {
  room: ROOM,
  senderId: 'bob',
  recipientId: 'alice',
  senderPublic: B.agreementPublic,
  recipientPublic: A.agreementPublic,
};
const PINNED_A_TO_B = '724211127f9eadb7edc669554dc6e7ea11e3757e0db8508748650f3c16a15874';
const PINNED_B_TO_A = '2b110b05e225bf06e2cdbe0ffbf2d17c785aa68e34d3007be2f2d23731281966';

/** The context written out by hand: domain, then u16-length-prefixed fields. */
function writeContextByHand(ctx: PairwiseContext): Uint8Array {
  const out: number[] = [...encodeUtf8('anoghost/signal/v1')];
  for (const f of [ctx.room, ctx.senderId, ctx.recipientId, ctx.senderPublic, ctx.recipientPublic]) {
    const bytes = typeof f === 'string' ? encodeUtf8(f) : f;
    out.push(bytes.length >> 8, bytes.length & 0xff, ...bytes);
  }
  return Uint8Array.from(out);
}

describe('pairwise keys', () => {
  it('match the pinned vectors and a direct X25519 + HKDF', () => {
    const alice = derivePairwiseKeys(A.agreementSecret, B.agreementPublic, AB, BA);
    expect(encodeHex(alice.sendKey)).toBe(PINNED_A_TO_B);
    expect(encodeHex(alice.receiveKey)).toBe(PINNED_B_TO_A);
    const shared = x25519.getSharedSecret(A.agreementSecret, B.agreementPublic);
    expect(encodeHex(hkdf(sha256, shared, undefined, writeContextByHand(AB), 32))).toBe(PINNED_A_TO_B);
  });

  it('agree on both ends and differ per direction', () => {
    const alice = derivePairwiseKeys(A.agreementSecret, B.agreementPublic, AB, BA);
    const bob = derivePairwiseKeys(B.agreementSecret, A.agreementPublic, BA, AB);
    expect(encodeHex(bob.receiveKey)).toBe(encodeHex(alice.sendKey));
    expect(encodeHex(bob.sendKey)).toBe(encodeHex(alice.receiveKey));
    expect(encodeHex(alice.sendKey)).not.toBe(encodeHex(alice.receiveKey));
  });

  it('refuses a low-order peer key', () => {
    expect(() => derivePairwiseKeys(A.agreementSecret, new Uint8Array(32), AB, BA)).toThrow();
  });

  it('refuses an own secret or peer key that is not 32 bytes', async () => {
    await expectRefusesBadBytes((s) => derivePairwiseKeys(s, B.agreementPublic, AB, BA), 32, 'ownSecret');
    await expectRefusesBadBytes((p) => derivePairwiseKeys(A.agreementSecret, p, AB, BA), 32, 'peerPublic');
  });
});

describe('pairwise seal', () => {
  const alice = derivePairwiseKeys(A.agreementSecret, B.agreementPublic, AB, BA);
  const bob = derivePairwiseKeys(B.agreementSecret, A.agreementPublic, BA, AB);
  const message = encodeUtf8('chain key goes here');

  it('round-trips with a fresh nonce each time', () => {
    const one = sealPairwise(alice.sendKey, AB, message);
    const two = sealPairwise(alice.sendKey, AB, message);
    expect(encodeHex(one)).not.toBe(encodeHex(two));
    expect(openPairwise(bob.receiveKey, AB, one)).toEqual(message);
  });

  it('rejects a flipped bit anywhere: version, nonce, ciphertext, tag', () => {
    const sealed = sealPairwise(alice.sendKey, AB, message);
    for (const at of [0, 1, 24, 25, 30, sealed.length - 1]) {
      const tampered = sealed.slice();
      tampered[at]! ^= 1;
      expect(openPairwise(bob.receiveKey, AB, tampered), `byte ${at}`).toBeUndefined();
    }
    expect(openPairwise(bob.receiveKey, AB, sealed.subarray(0, 20))).toBeUndefined();
  });

  it('rejects a different context: member ids, room, keys, direction', () => {
    const sealed = sealPairwise(alice.sendKey, AB, message);
    const variants: PairwiseContext[] = [
      { ...AB, senderId: 'mallory' },
      { ...AB, recipientId: 'carol' },
      { ...AB, room: 'another-room' },
      { ...AB, senderPublic: B.agreementPublic },
      BA,
    ];
    for (const ctx of variants) expect(openPairwise(bob.receiveKey, ctx, sealed)).toBeUndefined();
    expect(openPairwise(bob.receiveKey, AB, new Uint8Array(0))).toBeUndefined();
    expect(
      openPairwise(
        alice.sendKey.map((b) => b ^ 1),
        AB,
        sealed,
      ),
    ).toBeUndefined();
  });

  it('refuses a send or receive key that is not 32 bytes', async () => {
    const sealed = sealPairwise(alice.sendKey, AB, message);
    await expectRefusesBadBytes((key) => sealPairwise(key, AB, message), 32, 'key');
    await expectRefusesBadBytes((key) => openPairwise(key, AB, sealed), 32, 'key');
  });
});
