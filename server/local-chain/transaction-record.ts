/**
 * What the local chain remembers of each landed transaction (LiteSVM's own history has neither
 * the message nor balances): enough to answer getTransaction and getSignatureStatuses like a real
 * node, and to persist across restarts.
 */
import type { StoredTransactionRecord } from './chain-store-schema.ts';
import type { TransactionErrorJson } from './transaction-errors.ts';

/** A token balance entry of `meta.preTokenBalances` / `meta.postTokenBalances`. */
export interface TokenBalance {
  readonly accountIndex: number;
  readonly mint: string;
  readonly owner: string;
  readonly programId: string;
  readonly amount: bigint;
  readonly decimals: number;
}

/** The instructions one top-level instruction invoked (CPIs), as in `meta.innerInstructions`. */
export interface InnerInstructionSet {
  index: number;
  instructions: { programIdIndex: number; accounts: number[]; data: string; stackHeight: number }[];
}

/** One landed transaction (successful or failed with its fee charged). */
export interface TransactionRecord {
  readonly signature: string;
  readonly slot: bigint;
  /** Unix seconds of the slot, from the clock sysvar. */
  readonly blockTime: number;
  readonly wire: Uint8Array;
  readonly err: TransactionErrorJson | null;
  readonly fee: bigint;
  readonly preBalances: readonly bigint[];
  readonly postBalances: readonly bigint[];
  readonly preTokenBalances: readonly TokenBalance[];
  readonly postTokenBalances: readonly TokenBalance[];
  readonly logs: readonly string[];
  readonly computeUnitsConsumed: bigint;
  /** Base58 instruction data, like `json` encoding. */
  readonly innerInstructions: readonly InnerInstructionSet[];
}

type StoredTokenBalance = StoredTransactionRecord['preTokenBalances'][number];

/** Converts a record to its stored JSON form. */
export function storeTransactionRecord(record: TransactionRecord): StoredTransactionRecord {
  const storeTokens = (list: readonly TokenBalance[]) =>
    list.map((item) => ({ ...item, amount: `${item.amount}` }));
  return {
    ...record,
    slot: `${record.slot}`,
    wire: Buffer.from(record.wire).toString('base64'),
    fee: `${record.fee}`,
    preBalances: record.preBalances.map(String),
    postBalances: record.postBalances.map(String),
    preTokenBalances: storeTokens(record.preTokenBalances),
    postTokenBalances: storeTokens(record.postTokenBalances),
    logs: [...record.logs],
    computeUnitsConsumed: `${record.computeUnitsConsumed}`,
    innerInstructions: [...record.innerInstructions],
  };
}

/** Converts a stored record back (the stored form was validated by the snapshot schema). */
export function loadTransactionRecord(stored: StoredTransactionRecord): TransactionRecord {
  const loadTokens = (list: StoredTokenBalance[]) =>
    list.map((item) => ({ ...item, amount: BigInt(item.amount) }));
  return {
    ...stored,
    slot: BigInt(stored.slot),
    wire: new Uint8Array(Buffer.from(stored.wire, 'base64')),
    fee: BigInt(stored.fee),
    preBalances: stored.preBalances.map(BigInt),
    postBalances: stored.postBalances.map(BigInt),
    preTokenBalances: loadTokens(stored.preTokenBalances),
    postTokenBalances: loadTokens(stored.postTokenBalances),
    computeUnitsConsumed: BigInt(stored.computeUnitsConsumed),
  };
}
