/**
 * The client's check of a quote's payment transaction before any wallet sees it (PROTOCOL.md §4):
 * version 0, no address lookup tables, the session's wallet as fee payer and only signer, exactly
 * one System transfer from that wallet to the pinned treasury for exactly the quoted lamports, one
 * memo `anoghost:quote:<id>`, and nothing else. The quote id is sealed inside the quote in
 * version 1, so the memo is checked for its form, not its id.
 *
 * The server's own check of what a wallet sends back (server/paid/payment.ts) is deliberately
 * looser: wallets may add instructions of their own (priority fees) after this check.
 */
import { decodeUtf8 } from '../encoding.ts';
import { formatSol } from './lamports.ts';
import { type CompiledInstruction, decodeWireTransaction, type WireTransaction } from './wire-transaction.ts';

export const SYSTEM_PROGRAM = '11111111111111111111111111111111';
/** The SPL Memo deployments a payment may use: v3 (what the server builds) and v1. */
export const MEMO_PROGRAMS: ReadonlySet<string> = new Set([
  'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr',
  'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo',
]);
const SYSTEM_TRANSFER = 2; // SystemInstruction::Transfer, u32 little-endian
const TRANSFER_DATA_BYTES = 12; // u32 instruction + u64 lamports
const QUOTE_MEMO = /^anoghost:quote:[A-Za-z0-9_-]{1,64}$/;

/** What the person was quoted: who pays, where it goes, how much. */
export interface QuotedPayment {
  /** The session's wallet (base58). */
  payer: string;
  /** The treasury pinned for this server (base58). */
  treasury: string;
  lamports: bigint;
}

/** What the transaction does, read from its bytes. */
export interface DecodedPayment {
  payer: string;
  destination: string;
  lamports: bigint;
  memo: string;
}

export type PaymentCheck = { ok: true; payment: DecodedPayment } | { ok: false; problem: string };

/** Reads `bytes` and checks them against `quoted`; the problem is a phrase a person can read. */
export function checkQuotedPayment(bytes: Uint8Array, quoted: QuotedPayment): PaymentCheck {
  let tx: WireTransaction;
  try {
    tx = decodeWireTransaction(bytes);
  } catch (error) {
    return fail(`it is not a readable Solana transaction (${(error as Error).message})`);
  }
  const shape = findShapeProblem(tx, quoted.payer);
  if (shape) return fail(shape);
  const transfers = tx.instructions.filter((ix) => programOf(tx, ix) === SYSTEM_PROGRAM);
  const memos = tx.instructions.filter((ix) => MEMO_PROGRAMS.has(programOf(tx, ix)));
  const other = tx.instructions.find((ix) => !transfers.includes(ix) && !memos.includes(ix));
  if (other) return fail(`it also calls the program ${programOf(tx, other)}`);
  if (transfers.length !== 1)
    return fail(`it holds ${transfers.length} System instructions instead of one transfer`);
  if (memos.length !== 1) return fail(`it holds ${memos.length} memos instead of one`);
  const transfer = readTransfer(tx, transfers[0]!);
  if (typeof transfer === 'string') return fail(transfer);
  if (transfer.from !== quoted.payer) return fail('its transfer is not from your wallet');
  if (transfer.to !== quoted.treasury || transfer.lamports !== quoted.lamports) {
    return fail(
      `it pays ${formatSol(transfer.lamports)} SOL to ${transfer.to}, not ${formatSol(quoted.lamports)} SOL to the treasury ${quoted.treasury}`,
    );
  }
  const memo = readMemo(memos[0]!);
  if (memo === undefined) return fail('its memo is not an AnoGhost quote memo');
  const used = new Set(tx.instructions.flatMap((ix) => [ix.programIndex, ...ix.accountIndices]));
  if (used.size !== tx.accounts.length) return fail('it lists accounts that no instruction uses');
  return {
    ok: true,
    payment: { payer: quoted.payer, destination: transfer.to, lamports: transfer.lamports, memo },
  };
}

function findShapeProblem(tx: WireTransaction, payer: string): string | undefined {
  if (tx.version !== 0)
    return `it is a ${tx.version === 'legacy' ? 'legacy' : `version ${tx.version}`} transaction, not version 0`;
  if (tx.lookupTableCount > 0) return 'it loads accounts from address lookup tables';
  if (tx.header.requiredSignatures !== 1 || tx.signatureCount !== 1)
    return `it asks for ${Math.max(tx.header.requiredSignatures, tx.signatureCount)} signatures; only your wallet may sign`;
  if (tx.accounts[0] !== payer) return `its fee payer is ${tx.accounts[0]}, not your wallet`;
  const firstReadonly = tx.accounts.length - tx.header.readonlyUnsigned;
  if (tx.instructions.some((ix) => ix.programIndex < firstReadonly))
    return 'it marks a program as writable or as a signer';
  return undefined;
}

function programOf(tx: WireTransaction, ix: CompiledInstruction): string {
  return tx.accounts[ix.programIndex] ?? '';
}

/** The transfer's accounts and amount, or why it is not a plain System transfer. */
function readTransfer(
  tx: WireTransaction,
  ix: CompiledInstruction,
): { from: string; to: string; lamports: bigint } | string {
  const view = new DataView(ix.data.buffer, ix.data.byteOffset, ix.data.byteLength);
  if (ix.data.length !== TRANSFER_DATA_BYTES || view.getUint32(0, true) !== SYSTEM_TRANSFER)
    return 'its System instruction is not a plain transfer';
  const [from, to] = ix.accountIndices;
  if (ix.accountIndices.length !== 2 || from === undefined || to === undefined)
    return 'its transfer does not name exactly a sender and a receiver';
  const firstReadonly = tx.accounts.length - tx.header.readonlyUnsigned;
  if (to < tx.header.requiredSignatures || to >= firstReadonly)
    return 'its transfer goes to an account it cannot credit';
  return { from: tx.accounts[from]!, to: tx.accounts[to]!, lamports: view.getBigUint64(4, true) };
}

function readMemo(ix: CompiledInstruction): string | undefined {
  if (ix.accountIndices.length !== 0) return undefined; // a memo that needs signers is not ours
  const text = decodeUtf8(ix.data);
  return text !== undefined && QUOTE_MEMO.test(text) ? text : undefined;
}

function fail(problem: string): PaymentCheck {
  return { ok: false, problem };
}
