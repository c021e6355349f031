import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { encodeHex, encodeUtf8 } from '../encoding.ts';
import {
  CHAIN_KEY_LENGTH,
  MAX_SKIP,
  MAX_SKIPPED_KEYS,
  ReceivingChain,
  SendingChain,
  stepChainKey,
} from './sender-chain.ts';

const CK0 = new Uint8Array(32).fill(7);
const PINNED = {
  mk0: '6869bb9a877a0f51bce3e3daf084079a655a8403091f5fd996ec8337ec5f8b52',
  ck1: '50f262d43c06847c63584b26b7cf4baa61369dce827718b0bdc65efb8bdc0886',
  mk1: '8a1b6fff735725ca84218004b31ebade44e6f1c91acfa61baacb05e48eb02369',
};
const label = (byte: number) => Uint8Array.from([...encodeUtf8('anoghost/sender-chain/v1'), byte]);

/** A receiving chain whose "decryption" accepts any key and returns it as hex. */
function openAny(chain: ReceivingChain, index: number) {
  return chain.useMessageKey(index, (key) => encodeHex(key));
}

describe('chain steps', () => {
  it('match the pinned vectors and HMAC-SHA256 computed directly', () => {
    const s0 = stepChainKey(CK0);
    const s1 = stepChainKey(s0.nextChainKey);
    expect(encodeHex(s0.messageKey)).toBe(PINNED.mk0);
    expect(encodeHex(s0.nextChainKey)).toBe(PINNED.ck1);
    expect(encodeHex(s1.messageKey)).toBe(PINNED.mk1);
    expect(encodeHex(hmac(sha256, CK0, label(1)))).toBe(PINNED.mk0);
    expect(encodeHex(hmac(sha256, CK0, label(2)))).toBe(PINNED.ck1);
  });

  it('refuses a chain key that is not 32 bytes, in every entry point', async () => {
    await expectRefusesBadBytes((key) => stepChainKey(key), CHAIN_KEY_LENGTH, 'chainKey');
    await expectRefusesBadBytes((key) => new SendingChain(1, key), CHAIN_KEY_LENGTH, 'chainKey');
    await expectRefusesBadBytes((key) => new ReceivingChain(1, key, 0), CHAIN_KEY_LENGTH, 'chainKey');
  });

  it('wipes the chain key it was given as it advances, and on wipe()', () => {
    const given = CK0.slice();
    const sender = new SendingChain(1, given);
    const { messageKey } = sender.takeNextMessageKey();
    expect(given).toEqual(new Uint8Array(32));
    expect(encodeHex(messageKey)).toBe(PINNED.mk0);
    const exported = sender.exportChainKey();
    expect(encodeHex(exported)).toBe(PINNED.ck1);
    sender.wipe();
    expect(sender.exportChainKey()).toEqual(new Uint8Array(32));
  });

  it('sender and receiver agree on every message key', () => {
    const sender = new SendingChain(1, CK0.slice());
    const receiver = new ReceivingChain(1, sender.exportChainKey(), sender.nextIndex);
    for (let i = 0; i < 5; i++) {
      const { index, messageKey } = sender.takeNextMessageKey();
      expect(index).toBe(i);
      expect(openAny(receiver, i)).toEqual({ ok: true, value: encodeHex(messageKey) });
    }
  });

  it('forward secrecy: the current chain key opens later messages only', () => {
    const sender = new SendingChain(1, CK0.slice());
    const early = [sender.takeNextMessageKey(), sender.takeNextMessageKey()].map((k) =>
      encodeHex(k.messageKey),
    );
    const stolen = new ReceivingChain(1, sender.exportChainKey(), sender.nextIndex);
    // Every key the stolen chain can ever produce (within the skip bound) differs from the early ones.
    const reachable = new Set<string>();
    let ck = sender.exportChainKey();
    for (let i = 0; i < 100; i++) {
      const step = stepChainKey(ck);
      reachable.add(encodeHex(step.messageKey));
      ck = step.nextChainKey;
    }
    for (const key of early) expect(reachable.has(key)).toBe(false);
    expect(openAny(stolen, 0)).toEqual({ ok: false, reason: 'replay' });
    expect(openAny(stolen, 1)).toEqual({ ok: false, reason: 'replay' });
    expect(openAny(stolen, 2).ok).toBe(true);
  });

  it('opens out of order, each index once', () => {
    const sender = new SendingChain(1, CK0.slice());
    const receiver = new ReceivingChain(1, sender.exportChainKey(), 0);
    const keys = Array.from({ length: 6 }, () => encodeHex(sender.takeNextMessageKey().messageKey));
    for (const i of [3, 0, 5, 1, 4, 2]) expect(openAny(receiver, i)).toEqual({ ok: true, value: keys[i] });
    for (let i = 0; i < 6; i++) expect(openAny(receiver, i)).toEqual({ ok: false, reason: 'replay' });
  });

  it('leaves no trace when the message is rejected', () => {
    const receiver = new ReceivingChain(1, CK0.slice(), 0);
    expect(receiver.useMessageKey(4, () => undefined)).toEqual({ ok: false, reason: 'rejected' });
    expect(openAny(receiver, 0)).toEqual({ ok: true, value: PINNED.mk0 });
    expect(openAny(receiver, 1)).toEqual({ ok: true, value: PINNED.mk1 });
  });

  it('bounds the jump ahead and the kept skipped keys', () => {
    const receiver = new ReceivingChain(1, CK0.slice(), 0);
    expect(openAny(receiver, MAX_SKIP + 1)).toEqual({ ok: false, reason: 'too_far_ahead' });
    expect(openAny(receiver, MAX_SKIP).ok).toBe(true);
    expect(openAny(receiver, 0).ok).toBe(true);
    expect(openAny(receiver, 2 * MAX_SKIP + 1).ok).toBe(true);
    // 2·MAX_SKIP - 1 keys were skipped in total; only the newest MAX_SKIPPED_KEYS are kept.
    expect(openAny(receiver, 1)).toEqual({ ok: false, reason: 'replay' });
    expect(openAny(receiver, 2 * MAX_SKIP + 1 - MAX_SKIPPED_KEYS).ok).toBe(true);
  });
});
