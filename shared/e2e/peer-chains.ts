/**
 * The sender chains we hold for one peer: the current one, and for a short grace the ones it
 * replaced, so messages the peer sent just before a rekey still open when they arrive after its
 * new `signal`. Every chain id the peer ever used stays remembered, so a replayed old `signal`
 * cannot reinstall a chain (and with it reopen old messages).
 */
import type { ReceivingChain } from '../crypto/sender-chain.ts';

export const DEFAULT_GRACE_MS = 30_000; // how long a replaced chain still opens messages
export const MAX_PREVIOUS_CHAINS = 2; // replaced chains kept per peer during the grace

export type ChainLookup =
  | { ok: true; chain: ReceivingChain }
  | { ok: false; error: 'unknown_chain' | 'expired_chain' };

/** One peer's receiving chains. */
export class PeerChains {
  #current: ReceivingChain | undefined;
  #previous: { chain: ReceivingChain; expiresAt: number }[] = [];
  readonly #seenChainIds = new Set<number>();
  readonly #graceMs: number;

  constructor(graceMs: number) {
    this.#graceMs = graceMs;
  }

  /** True when this chain id was installed before (a replayed or duplicated `signal`). */
  hasSeen(chainId: number): boolean {
    return this.#seenChainIds.has(chainId);
  }

  /** Makes `chain` current; the one it replaces stays usable for the grace period. */
  install(chain: ReceivingChain, now: number): void {
    this.#seenChainIds.add(chain.chainId);
    if (this.#current) this.#previous.unshift({ chain: this.#current, expiresAt: now + this.#graceMs });
    this.#current = chain;
    this.#dropExpired(now);
    for (const old of this.#previous.splice(MAX_PREVIOUS_CHAINS)) old.chain.wipe();
  }

  /** The chain with this id, if still usable at `now`. */
  find(chainId: number, now: number): ChainLookup {
    if (this.#current?.chainId === chainId) return { ok: true, chain: this.#current };
    this.#dropExpired(now);
    const previous = this.#previous.find((p) => p.chain.chainId === chainId);
    if (previous) return { ok: true, chain: previous.chain };
    return { ok: false, error: this.#seenChainIds.has(chainId) ? 'expired_chain' : 'unknown_chain' };
  }

  /** Wipes every chain. */
  wipe(): void {
    this.#current?.wipe();
    this.#current = undefined;
    for (const p of this.#previous) p.chain.wipe();
    this.#previous = [];
  }

  #dropExpired(now: number): void {
    const kept = this.#previous.filter((p) => p.expiresAt > now);
    for (const p of this.#previous) if (p.expiresAt <= now) p.chain.wipe();
    this.#previous = kept;
  }
}
