/**
 * Valibot schemas of the local chain's files in the data dir: the snapshot (`local-chain.json`)
 * and the journal lines (`local-chain.journal`). Files are read back through these before use.
 */
import * as v from 'valibot';

const DECIMAL = v.pipe(v.string(), v.regex(/^\d+$/));
const BASE58_TEXT = v.pipe(v.string(), v.regex(/^[1-9A-HJ-NP-Za-km-z]{32,88}$/));
const BASE64_TEXT = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));

/** Identifies the snapshot layout. */
export const SNAPSHOT_FORMAT = 'anoghost-local-chain/v1';

const STORED_ACCOUNT = v.object({
  address: BASE58_TEXT,
  lamports: DECIMAL,
  owner: BASE58_TEXT,
  executable: v.boolean(),
  data: BASE64_TEXT,
});

const STORED_TOKEN_BALANCE = v.object({
  accountIndex: v.number(),
  mint: BASE58_TEXT,
  owner: BASE58_TEXT,
  programId: BASE58_TEXT,
  amount: DECIMAL,
  decimals: v.number(),
});

const TRANSACTION_ERROR = v.union([v.string(), v.record(v.string(), v.unknown())]);

const STORED_RECORD = v.object({
  signature: BASE58_TEXT,
  slot: DECIMAL,
  blockTime: v.number(),
  wire: BASE64_TEXT,
  err: v.nullable(TRANSACTION_ERROR),
  fee: DECIMAL,
  preBalances: v.array(DECIMAL),
  postBalances: v.array(DECIMAL),
  preTokenBalances: v.array(STORED_TOKEN_BALANCE),
  postTokenBalances: v.array(STORED_TOKEN_BALANCE),
  logs: v.array(v.string()),
  computeUnitsConsumed: DECIMAL,
  innerInstructions: v.optional(
    v.array(
      v.object({
        index: v.number(),
        instructions: v.array(
          v.object({
            programIdIndex: v.number(),
            accounts: v.array(v.number()),
            data: v.string(),
            stackHeight: v.number(),
          }),
        ),
      }),
    ),
    [],
  ),
});

/** The snapshot file. */
export const SNAPSHOT_SCHEMA = v.object({
  format: v.literal(SNAPSHOT_FORMAT),
  genesisHash: BASE58_TEXT,
  slot: DECIMAL,
  /** The last sealed journal file this snapshot includes (chain-journal.ts); absent: none. */
  journalSegment: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  accounts: v.array(STORED_ACCOUNT),
  transactions: v.array(STORED_RECORD),
});

/** One journal line: the effects of one landed transaction. */
export const JOURNAL_ENTRY_SCHEMA = v.object({
  slot: DECIMAL,
  record: STORED_RECORD,
  accounts: v.array(STORED_ACCOUNT),
});

/** An account as persisted: everything LiteSVM's `setAccount` needs. */
export type StoredAccount = v.InferOutput<typeof STORED_ACCOUNT>;
/** JSON-safe form of a transaction record, as stored in the data dir. */
export type StoredTransactionRecord = v.InferOutput<typeof STORED_RECORD>;
/** The snapshot file, parsed. */
export type Snapshot = v.InferOutput<typeof SNAPSHOT_SCHEMA>;
/** A journal line, parsed. */
export type JournalEntry = v.InferOutput<typeof JOURNAL_ENTRY_SCHEMA>;
