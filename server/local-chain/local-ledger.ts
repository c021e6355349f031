/**
 * The embedded chain's state machine: a LiteSVM instance plus what LiteSVM lacks for serving
 * JSON-RPC like a real node: slots on a wall clock, a window of valid blockhashes, transaction
 * records, and the set of accounts touched by transactions (what a snapshot must persist).
 * Everything after signature verification runs synchronously, so transactions never interleave.
 */
import { type Address, getBase58Decoder, lamports } from '@solana/kit';
import { SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system';
import { Clock, FailedTransactionMetadata, LiteSVM, type TransactionMetadata } from 'litesvm';
import { readAccountBalances } from './account-balances.ts';
import type { AccountView } from './account-encoding.ts';
import { BLOCKHASH_VALIDITY_SLOTS, BlockhashWindow } from './blockhash-window.ts';
import type { StoredAccount } from './chain-store-schema.ts';
import { computeMessageFee } from './fees.ts';
import { TokenAccountIndex } from './token-account-index.ts';
import { readTokenAccount } from './token-layout.ts';
import { convertTransactionError, type TransactionErrorJson } from './transaction-errors.ts';
import type { InnerInstructionSet, TransactionRecord } from './transaction-record.ts';
import type { DecodedTransaction } from './wire-transaction.ts';

/** Slots per epoch, as on mainnet (2 days of 400 ms slots). */
export const SLOTS_PER_EPOCH = 432_000n; // slots
const SYSVAR_OWNER = 'Sysvar1111111111111111111111111111111111111';

/** Where a ledger starts from: a fresh genesis, or a restored snapshot. */
export interface LedgerState {
  genesisHash: string;
  slot: bigint;
  accounts: readonly StoredAccount[];
  records: readonly TransactionRecord[];
  blockhashValiditySlots?: number;
}

/** The outcome of a simulation, in the shape of `simulateTransaction`'s value. */
export interface SimulationOutcome {
  err: TransactionErrorJson | null;
  logs: string[];
  unitsConsumed: bigint;
  returnData: { programId: string; data: [string, 'base64'] } | null;
  /** Accounts as the transaction would leave them, by address. */
  postAccounts: Map<string, AccountView>;
}

/** The local chain's ledger. */
export class LocalLedger {
  readonly svm: LiteSVM;
  readonly genesisHash: string;
  readonly records = new Map<string, TransactionRecord>();
  private readonly touched = new Set<string>();
  private readonly tokenAccounts = new TokenAccountIndex();
  private readonly window: BlockhashWindow;
  private readonly slotListeners: Array<(slot: bigint) => void> = [];
  private readonly transactionListeners: Array<(record: TransactionRecord) => void> = [];
  private currentSlot: bigint;

  constructor(state: LedgerState) {
    this.svm = new LiteSVM().withBlockhashCheck(false);
    this.genesisHash = state.genesisHash;
    this.currentSlot = state.slot;
    this.window = new BlockhashWindow(
      state.genesisHash,
      state.blockhashValiditySlots ?? BLOCKHASH_VALIDITY_SLOTS,
    );
    this.window.fillUpTo(state.slot);
    for (const account of state.accounts) this.restoreAccount(account);
    for (const record of state.records) this.records.set(record.signature, record);
    this.setClock();
  }

  /** The current slot (block height equals slot: the local chain skips no slot). */
  get slot(): bigint {
    return this.currentSlot;
  }

  /** Unix seconds of the current slot, as in the clock sysvar. */
  get blockTime(): number {
    return Number(this.svm.getClock().unixTimestamp);
  }

  /** Moves to the next slot: a new blockhash, the oldest one expires, the clock reads now. */
  advanceSlot(): void {
    this.currentSlot += 1n;
    this.window.pushSlot(this.currentSlot);
    this.setClock();
    for (const listener of this.slotListeners) listener(this.currentSlot);
  }

  /** Calls `listener` on each new slot. */
  onSlot(listener: (slot: bigint) => void): void {
    this.slotListeners.push(listener);
  }

  /** Calls `listener` after each transaction lands. */
  onTransaction(listener: (record: TransactionRecord) => void): void {
    this.transactionListeners.push(listener);
  }

  /** The newest blockhash and its last valid block height. */
  getLatestBlockhash(): { blockhash: string; lastValidBlockHeight: bigint } {
    return this.window.getLatest();
  }

  /** Whether a blockhash is in the window of valid ones. */
  isBlockhashValid(blockhash: string): boolean {
    return this.window.has(blockhash);
  }

  /**
   * Checks a transaction without changing state, like a real node's simulation. Signatures are
   * not checked here (callers verify them first when asked to): unsigned transactions simulate.
   */
  simulate(decoded: DecodedTransaction, options: { replaceRecentBlockhash: boolean }) {
    const failure = (err: TransactionErrorJson): SimulationOutcome => ({
      err,
      logs: [],
      unitsConsumed: 0n,
      returnData: null,
      postAccounts: new Map(),
    });
    if (this.records.has(decoded.signature)) return failure('AlreadyProcessed');
    if (!options.replaceRecentBlockhash && !this.window.has(decoded.recentBlockhash)) {
      return failure('BlockhashNotFound');
    }
    this.svm.withSigverify(false);
    try {
      const result = this.svm.simulateTransaction(decoded.transaction);
      const meta = result.meta();
      const returned = meta.returnData();
      const outcome: SimulationOutcome = {
        err: result instanceof FailedTransactionMetadata ? convertTransactionError(result.err()) : null,
        logs: meta.logs(),
        unitsConsumed: meta.computeUnitsConsumed(),
        returnData: null,
        postAccounts: new Map(),
      };
      if (!(result instanceof FailedTransactionMetadata)) {
        for (const account of result.postAccounts())
          outcome.postAccounts.set(account.address, { ...account, exists: true });
      }
      if (returned.data().length > 0) {
        outcome.returnData = {
          programId: getBase58Decoder().decode(returned.programId()),
          data: [Buffer.from(returned.data()).toString('base64'), 'base64'],
        };
      }
      return outcome;
    } catch {
      return failure('SignatureFailure');
    } finally {
      this.svm.withSigverify(true);
    }
  }

  /**
   * Executes a transaction whose signatures, blockhash and signature uniqueness were checked.
   * Returns its record, or `undefined` when it did not land (no fee charged: a real node drops it).
   */
  execute(decoded: DecodedTransaction): TransactionRecord | undefined {
    const keys = decoded.message.staticAccounts;
    const pre = readAccountBalances(this.svm, keys);
    let result: ReturnType<LiteSVM['sendTransaction']>;
    try {
      result = this.svm.sendTransaction(decoded.transaction);
    } catch {
      return undefined;
    }
    const post = readAccountBalances(this.svm, keys);
    const tokenOwners = new Map(post.tokens.map((token) => [keys[token.accountIndex], token.owner]));
    for (const key of keys) this.tokenAccounts.update(key, tokenOwners.get(key));
    const failed = result instanceof FailedTransactionMetadata ? result : undefined;
    if (failed && post.lamports[0]! >= pre.lamports[0]!) return undefined;
    const meta = failed ? failed.meta() : (result as TransactionMetadata);
    const record: TransactionRecord = {
      signature: decoded.signature,
      slot: this.currentSlot,
      blockTime: this.blockTime,
      wire: decoded.wire,
      err: failed ? convertTransactionError(failed.err()) : null,
      fee: computeMessageFee(decoded.message),
      preBalances: pre.lamports,
      postBalances: post.lamports,
      preTokenBalances: pre.tokens,
      postTokenBalances: post.tokens,
      logs: meta.logs(),
      computeUnitsConsumed: meta.computeUnitsConsumed(),
      innerInstructions: readInnerInstructions(meta),
    };
    this.records.set(record.signature, record);
    for (const key of keys) this.touched.add(key);
    for (const listener of this.transactionListeners) listener(record);
    return record;
  }

  /** The token accounts (of both token programs) that `owner` holds, as live accounts. */
  listTokenAccountsOf(owner: string): Array<AccountView & { exists: true; address: string }> {
    const accounts: Array<AccountView & { exists: true; address: string }> = [];
    for (const address of this.tokenAccounts.listAccountsOf(owner)) {
      const account = this.svm.getAccount(address as Address);
      if (account.exists && readTokenAccount(account.programAddress, account.data)?.owner === owner) {
        accounts.push({ ...account, exists: true });
      }
    }
    return accounts;
  }

  /** Sets an account directly (genesis funding); the account is persisted from then on. */
  putAccount(account: StoredAccount): void {
    this.restoreAccount(account);
  }

  /** The touched accounts that still exist, as persisted (sysvars and programs excluded). */
  listStoredAccounts(): StoredAccount[] {
    return this.listStoredAccountsOf([...this.touched]).filter((item) => item.lamports !== '0');
  }

  /**
   * The stored form of the given accounts' current state, for the journal; an account that no
   * longer exists reads as 0 lamports with no data (restoring it deletes it).
   */
  listStoredAccountsOf(addresses: readonly string[]): StoredAccount[] {
    return addresses
      .map((address) => this.readStoredAccount(address))
      .filter((item) => !item.executable && item.owner !== SYSVAR_OWNER);
  }

  private readStoredAccount(address: string): StoredAccount {
    const account = this.svm.getAccount(address as Address);
    if (!account.exists)
      return { address, lamports: '0', owner: SYSTEM_PROGRAM_ADDRESS, executable: false, data: '' };
    return {
      address,
      lamports: `${account.lamports}`,
      owner: account.programAddress,
      executable: account.executable,
      data: Buffer.from(account.data).toString('base64'),
    };
  }

  private restoreAccount(account: StoredAccount): void {
    const data = new Uint8Array(Buffer.from(account.data, 'base64'));
    this.svm.setAccount({
      address: account.address as Address,
      lamports: lamports(BigInt(account.lamports)),
      programAddress: account.owner as Address,
      executable: account.executable,
      data,
      space: BigInt(data.length),
    });
    this.touched.add(account.address);
    this.tokenAccounts.update(account.address, readTokenAccount(account.owner, data)?.owner);
  }

  private setClock(): void {
    const epoch = this.currentSlot / SLOTS_PER_EPOCH;
    const now = BigInt(Math.floor(Date.now() / 1000));
    this.svm.setClock(new Clock(this.currentSlot, now, epoch, epoch, now));
  }
}

/** LiteSVM's inner instructions in the shape of `meta.innerInstructions` (empty sets omitted). */
function readInnerInstructions(meta: TransactionMetadata): InnerInstructionSet[] {
  const base58 = getBase58Decoder();
  return meta
    .innerInstructions()
    .map((list, index) => ({
      index,
      instructions: list.map((inner) => {
        const instruction = inner.instruction();
        return {
          programIdIndex: instruction.programIdIndex(),
          accounts: [...instruction.accounts()],
          data: base58.decode(instruction.data()),
          stackHeight: inner.stackHeight(),
        };
      }),
    }))
    .filter((set) => set.instructions.length > 0);
}
