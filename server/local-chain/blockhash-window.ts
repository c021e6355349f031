/**
 * The window of valid recent blockhashes. LiteSVM keeps only its latest blockhash, so the local
 * chain runs with LiteSVM's blockhash check off and checks membership here instead. Each slot has
 * one blockhash, derived from the genesis hash and the slot number, so the window can be rebuilt
 * after a restart and never repeats a blockhash of an earlier run.
 */
import { createHash } from 'node:crypto';
import { getBase58Decoder } from '@solana/kit';

/** How many slots a blockhash stays valid, as `MAX_PROCESSING_AGE` on real clusters. */
export const BLOCKHASH_VALIDITY_SLOTS = 150; // slots

const BASE58 = getBase58Decoder();

/** Derives the blockhash of `slot` on the chain whose genesis hash is `genesisHash`. */
export function deriveBlockhash(genesisHash: string, slot: bigint): string {
  const digest = createHash('sha256').update(`anoghost/local-chain/blockhash/v1:${genesisHash}:${slot}`);
  return BASE58.decode(digest.digest());
}

/** Recent blockhashes by slot, at most `validitySlots + 1` of them. */
export class BlockhashWindow {
  private readonly slotByBlockhash = new Map<string, bigint>();
  private readonly blockhashes: string[] = [];

  constructor(
    private readonly genesisHash: string,
    private readonly validitySlots: number = BLOCKHASH_VALIDITY_SLOTS,
  ) {}

  /** Adds the blockhash of `slot` (the new tip) and drops those that expired. */
  pushSlot(slot: bigint): string {
    const blockhash = deriveBlockhash(this.genesisHash, slot);
    this.slotByBlockhash.set(blockhash, slot);
    this.blockhashes.push(blockhash);
    while (this.blockhashes.length > this.validitySlots + 1) {
      this.slotByBlockhash.delete(this.blockhashes.shift()!);
    }
    return blockhash;
  }

  /** Refills the window for a chain at `tipSlot` (after a restart). */
  fillUpTo(tipSlot: bigint): void {
    const first = tipSlot - BigInt(this.validitySlots);
    for (let slot = first < 0n ? 0n : first; slot <= tipSlot; slot += 1n) this.pushSlot(slot);
  }

  /** Whether `blockhash` is still valid for new transactions. */
  has(blockhash: string): boolean {
    return this.slotByBlockhash.has(blockhash);
  }

  /** The newest blockhash and the last block height at which it is valid. */
  getLatest(): { blockhash: string; lastValidBlockHeight: bigint } {
    const blockhash = this.blockhashes[this.blockhashes.length - 1]!;
    const slot = this.slotByBlockhash.get(blockhash)!;
    return { blockhash, lastValidBlockHeight: slot + BigInt(this.validitySlots) };
  }
}
