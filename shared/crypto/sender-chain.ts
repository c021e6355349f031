/**
 * Sender-key hash ratchet (DESIGN.md "Group encryption = sender keys", as Signal's sender keys):
 * from chain key CKᵢ, message key MKᵢ = HMAC-SHA256(CKᵢ, "anoghost/sender-chain/v1" ‖ 0x01) and
 * CKᵢ₊₁ = HMAC-SHA256(CKᵢ, "anoghost/sender-chain/v1" ‖ 0x02). HMAC is one-way, so whoever steals
 * CKᵢ can open messages i, i+1, … but none before i. Old chain keys are wiped as the chain moves.
 *
 * A receiving chain tolerates out-of-order delivery by keeping the message keys it skipped over
 * (at most `MAX_SKIPPED_KEYS`, oldest evicted), rejects a jump of more than `MAX_SKIP` indexes,
 * and uses each message key once, so a replayed message finds no key.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, encodeUtf8 } from '../encoding.ts';
import { abytes } from './bytes-assertions.ts';
import { wipe } from './wipe.ts';

export const CHAIN_KEY_LENGTH = 32; // bytes
export const MAX_SKIP = 2000; // message indexes a receiver will jump ahead in one step
export const MAX_SKIPPED_KEYS = 2000; // skipped message keys kept per chain
export const MAX_CHAIN_INDEX = 0xffff_ffff; // indexes travel as u32
const CHAIN_DOMAIN = encodeUtf8('anoghost/sender-chain/v1');
const MESSAGE_KEY_INPUT = concatBytes(CHAIN_DOMAIN, Uint8Array.of(0x01));
const CHAIN_KEY_INPUT = concatBytes(CHAIN_DOMAIN, Uint8Array.of(0x02));

/** One ratchet step: the message key for this chain key and the chain key that follows it. */
export function stepChainKey(chainKey: Uint8Array): { messageKey: Uint8Array; nextChainKey: Uint8Array } {
  abytes(chainKey, CHAIN_KEY_LENGTH, 'chainKey');
  return {
    messageKey: hmac(sha256, chainKey, MESSAGE_KEY_INPUT),
    nextChainKey: hmac(sha256, chainKey, CHAIN_KEY_INPUT),
  };
}

/** Our own chain: hands out each index and message key exactly once. */
export class SendingChain {
  #chainKey: Uint8Array;
  #nextIndex = 0;

  /** Takes ownership of `chainKey` (32 bytes; it is wiped as the chain advances). */
  constructor(
    readonly chainId: number,
    chainKey: Uint8Array,
  ) {
    this.#chainKey = abytes(chainKey, CHAIN_KEY_LENGTH, 'chainKey');
  }

  /** The index the next message will get; a chain is distributed at this index. */
  get nextIndex(): number {
    return this.#nextIndex;
  }

  /** A copy of the current chain key, to distribute to a member. */
  exportChainKey(): Uint8Array {
    return this.#chainKey.slice();
  }

  /** Advances the chain; the caller wipes the returned message key after use. */
  takeNextMessageKey(): { index: number; messageKey: Uint8Array } {
    if (this.#nextIndex > MAX_CHAIN_INDEX) throw new RangeError('sender chain exhausted; start a new chain');
    const { messageKey, nextChainKey } = stepChainKey(this.#chainKey);
    wipe(this.#chainKey);
    this.#chainKey = nextChainKey;
    return { index: this.#nextIndex++, messageKey };
  }

  /** Wipes the chain key. */
  wipe(): void {
    wipe(this.#chainKey);
  }
}

export type ChainKeyResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'replay' | 'too_far_ahead' | 'rejected' };

/** A peer's chain as installed from its `signal`. */
export class ReceivingChain {
  #chainKey: Uint8Array;
  #nextIndex: number;
  readonly #skipped = new Map<number, Uint8Array>();

  /** Takes ownership of `chainKey` (32 bytes), which is the key for message `startIndex`. */
  constructor(
    readonly chainId: number,
    chainKey: Uint8Array,
    startIndex: number,
  ) {
    this.#chainKey = abytes(chainKey, CHAIN_KEY_LENGTH, 'chainKey');
    this.#nextIndex = startIndex;
  }

  /** Cheap pre-check (no state change): could message `index` still be opened? */
  checkIndex(index: number): 'ok' | 'replay' | 'too_far_ahead' {
    if (index < this.#nextIndex) return this.#skipped.has(index) ? 'ok' : 'replay';
    return index - this.#nextIndex > MAX_SKIP ? 'too_far_ahead' : 'ok';
  }

  /**
   * Runs `open` with the message key for `index`. The chain changes only when `open` returns a
   * value (not `undefined`): a forged or corrupted message leaves no trace and burns no key.
   */
  useMessageKey<T>(index: number, open: (messageKey: Uint8Array) => T | undefined): ChainKeyResult<T> {
    const check = this.checkIndex(index);
    if (check !== 'ok') return { ok: false, reason: check };
    const skippedKey = this.#skipped.get(index);
    if (skippedKey) {
      const value = open(skippedKey);
      if (value === undefined) return { ok: false, reason: 'rejected' };
      wipe(skippedKey);
      this.#skipped.delete(index);
      return { ok: true, value };
    }
    const passed: Uint8Array[] = [];
    let chainKey = this.#chainKey;
    for (let i = this.#nextIndex; i < index; i++) {
      const step = stepChainKey(chainKey);
      passed.push(step.messageKey);
      if (chainKey !== this.#chainKey) wipe(chainKey);
      chainKey = step.nextChainKey;
    }
    const { messageKey, nextChainKey } = stepChainKey(chainKey);
    if (chainKey !== this.#chainKey) wipe(chainKey);
    const value = open(messageKey);
    wipe(messageKey);
    if (value === undefined) {
      wipe(...passed, nextChainKey);
      return { ok: false, reason: 'rejected' };
    }
    passed.forEach((key, offset) => {
      this.#skipped.set(this.#nextIndex + offset, key);
    });
    this.#evictSkipped();
    wipe(this.#chainKey);
    this.#chainKey = nextChainKey;
    this.#nextIndex = index + 1;
    return { ok: true, value };
  }

  /** Wipes the chain key and every kept skipped key. */
  wipe(): void {
    wipe(this.#chainKey, ...this.#skipped.values());
    this.#skipped.clear();
  }

  #evictSkipped(): void {
    for (const [index, key] of this.#skipped) {
      if (this.#skipped.size <= MAX_SKIPPED_KEYS) break;
      wipe(key);
      this.#skipped.delete(index);
    }
  }
}
