/**
 * The local chain as a node: a {@link LocalLedger} driven by a wall-clock slot timer, the
 * submission pipeline of a real RPC node (signature check, preflight simulation, execution),
 * the faucet, and persistence of every landed transaction through the {@link ChainStore}.
 */
import { randomBytes } from 'node:crypto';
import { type Address, getBase58Decoder, type KeyPairSigner } from '@solana/kit';
import { SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system';
import type { Logger } from 'pino';
import { ChainStore } from './chain-store.ts';
import type { JournalEntry, Snapshot, StoredAccount } from './chain-store-schema.ts';
import { buildAirdropTransaction, createFaucetSigner, FAUCET_GENESIS_LAMPORTS } from './faucet.ts';
import { LocalLedger, type SimulationOutcome } from './local-ledger.ts';
import { RPC_ERROR_CODE, RpcError } from './rpc-error.ts';
import { describeTransactionError } from './transaction-errors.ts';
import { loadTransactionRecord, storeTransactionRecord } from './transaction-record.ts';
import {
  createSignatureFailureError,
  decodeTransaction,
  decodeWireText,
  verifyTransactionSignatures,
} from './wire-transaction.ts';

/** Wall-clock length of a slot, as on real clusters. */
export const DEFAULT_SLOT_MS = 400; // milliseconds
/** How often a snapshot is written when something changed (the journal covers the gap). */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 10_000; // milliseconds

/** Options of {@link LocalNode.open}. */
export interface LocalNodeOptions {
  /** Where the chain persists; without it the chain lives in memory only. */
  dataDir?: string;
  slotMs?: number;
  snapshotIntervalMs?: number;
  /** Slots a blockhash stays valid (150 on real clusters). */
  blockhashValiditySlots?: number;
  logger: Logger;
}

/** The embedded chain node behind the JSON-RPC endpoint. */
export class LocalNode {
  private readonly timers: NodeJS.Timeout[] = [];
  private airdropCounter = 0;
  private dirty = false;
  private snapshotting: Promise<void> | undefined;

  private constructor(
    readonly ledger: LocalLedger,
    private readonly faucet: KeyPairSigner,
    private readonly store: ChainStore | undefined,
    private readonly logger: Logger,
  ) {}

  /** Restores the chain from `dataDir` (or starts a new one) and starts its slot clock. */
  static async open(options: LocalNodeOptions): Promise<LocalNode> {
    const store = options.dataDir === undefined ? undefined : new ChainStore(options.dataDir);
    const stale = store?.lock();
    if (stale)
      options.logger.warn({ holder: stale.pid }, 'took over the lock of a chain process that is gone');
    try {
      return await LocalNode.restore(options, store);
    } catch (error) {
      await store?.close();
      throw error;
    }
  }

  private static async restore(options: LocalNodeOptions, store: ChainStore | undefined): Promise<LocalNode> {
    const loaded = store?.load();
    if (loaded?.tornTail) {
      options.logger.warn('dropped the torn last line of the chain journal (it was never acknowledged)');
    }
    const state = loaded ? mergeJournal(loaded.snapshot, loaded.journal) : undefined;
    const genesisHash = state?.genesisHash ?? getBase58Decoder().decode(randomBytes(32));
    const ledger = new LocalLedger({
      genesisHash,
      slot: state ? BigInt(state.slot) : 0n,
      accounts: state?.accounts ?? [],
      records: (state?.transactions ?? []).map(loadTransactionRecord),
      blockhashValiditySlots: options.blockhashValiditySlots,
    });
    const faucet = await createFaucetSigner(genesisHash);
    if (!state) {
      ledger.putAccount({
        address: faucet.address,
        lamports: `${FAUCET_GENESIS_LAMPORTS}`,
        owner: SYSTEM_PROGRAM_ADDRESS,
        executable: false,
        data: '',
      });
    }
    // On this thread: at start-up an unwritable data dir is fatal, and nothing is served yet.
    store?.writeSnapshotNow({
      genesisHash: ledger.genesisHash,
      slot: `${ledger.slot}`,
      accounts: ledger.listStoredAccounts(),
      transactions: [...ledger.records.values()].map(storeTransactionRecord),
    });
    const node = new LocalNode(ledger, faucet, store, options.logger);
    node.startTimers(
      options.slotMs ?? DEFAULT_SLOT_MS,
      options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS,
    );
    options.logger.info(
      { slot: `${ledger.slot}`, transactions: ledger.records.size, restored: Boolean(state) },
      'local chain ready',
    );
    return node;
  }

  /** Submits a wire transaction like `sendTransaction`; resolves to its signature. */
  async sendTransaction(wire: Uint8Array, options: { skipPreflight: boolean }): Promise<string> {
    const decoded = decodeTransaction(wire);
    if (!options.skipPreflight) {
      if (!verifyTransactionSignatures(decoded)) throw createSignatureFailureError();
      const outcome = this.ledger.simulate(decoded, { replaceRecentBlockhash: false });
      if (outcome.err !== null) throw createPreflightError(outcome);
    } else if (
      this.ledger.records.has(decoded.signature) ||
      !this.ledger.isBlockhashValid(decoded.recentBlockhash)
    ) {
      this.logger.debug('transaction dropped (duplicate or expired blockhash)');
      return decoded.signature;
    }
    const record = this.ledger.execute(decoded);
    if (!record) {
      this.logger.debug('transaction dropped (did not land)');
      return decoded.signature;
    }
    this.dirty = true;
    if (this.store) {
      const entry: JournalEntry = {
        slot: `${record.slot}`,
        record: storeTransactionRecord(record),
        accounts: this.ledger.listStoredAccountsOf(decoded.message.staticAccounts),
      };
      this.store.appendJournal(entry);
    }
    // No signature, slot or account: on a chain anyone can read, each names who paid whom.
    this.logger.debug({ ok: record.err === null }, 'transaction landed');
    return record.signature;
  }

  /** Sends lamports from the faucet; resolves to the airdrop's signature. */
  async requestAirdrop(recipient: Address, lamports: bigint): Promise<string> {
    this.airdropCounter += 1;
    const latest = this.ledger.getLatestBlockhash();
    const text = await buildAirdropTransaction({
      faucet: this.faucet,
      recipient,
      lamports,
      counter: this.airdropCounter,
      ...latest,
    });
    const signature = await this.sendTransaction(decodeWireText(text, 'base64'), { skipPreflight: false });
    this.logger.debug({ airdrops: this.airdropCounter }, 'airdrop');
    return signature;
  }

  /** Stops the slot clock, writes a final snapshot and closes the data files. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    await this.snapshotting;
    if (this.dirty) await this.snapshot();
    await this.store?.close();
    this.logger.info(
      { slot: `${this.ledger.slot}`, transactions: this.ledger.records.size },
      'local chain stopped',
    );
  }

  private startTimers(slotMs: number, snapshotIntervalMs: number): void {
    this.timers.push(setInterval(() => this.ledger.advanceSlot(), slotMs).unref());
    this.timers.push(
      setInterval(() => {
        if (this.dirty && !this.snapshotting) void this.snapshot();
      }, snapshotIntervalMs).unref(),
    );
  }

  /** Has the worker write a snapshot (the event loop only seals the journal); never rejects. */
  private snapshot(): Promise<void> {
    const store = this.store;
    if (!store) return Promise.resolve();
    this.dirty = false;
    const slot = `${this.ledger.slot}`;
    const run = async () => {
      try {
        const { bytes, ms } = await store.writeSnapshot(slot);
        this.logger.debug({ slot, bytes, ms: Math.round(ms) }, 'snapshot written');
      } catch (error) {
        this.dirty = true; // the next tick tries again
        this.logger.error(
          { err: error },
          'local chain snapshot failed (the journal still holds the changes)',
        );
      }
    };
    const done: Promise<void> = run().finally(() => {
      if (this.snapshotting === done) this.snapshotting = undefined;
    });
    this.snapshotting = done;
    return done;
  }
}

function mergeJournal(snapshot: Snapshot, journal: JournalEntry[]): Snapshot {
  const accounts = new Map<string, StoredAccount>(
    snapshot.accounts.map((account) => [account.address, account]),
  );
  const transactions = new Map(snapshot.transactions.map((record) => [record.signature, record]));
  let slot = BigInt(snapshot.slot);
  for (const entry of journal) {
    for (const account of entry.accounts) accounts.set(account.address, account);
    transactions.set(entry.record.signature, entry.record);
    if (BigInt(entry.slot) > slot) slot = BigInt(entry.slot);
  }
  return {
    ...snapshot,
    slot: `${slot}`,
    accounts: [...accounts.values()].filter((account) => account.lamports !== '0'),
    transactions: [...transactions.values()],
  };
}

/** The `-32002` error of a failed preflight simulation, with `data` as real nodes send it. */
function createPreflightError(outcome: SimulationOutcome): RpcError {
  return new RpcError(
    RPC_ERROR_CODE.SEND_TRANSACTION_PREFLIGHT_FAILURE,
    `Transaction simulation failed: ${describeTransactionError(outcome.err!)}`,
    {
      err: outcome.err,
      logs: outcome.logs,
      accounts: null,
      unitsConsumed: outcome.unitsConsumed,
      returnData: outcome.returnData,
      innerInstructions: null,
      replacementBlockhash: null,
      loadedAccountsDataSize: 0,
    },
  );
}
