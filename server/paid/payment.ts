/**
 * The payment for a quote (PROTOCOL.md §4): a transaction, fee payer and signer the initiator's
 * wallet, transferring the price to the treasury, with a memo that binds it to one quote. The same
 * instruction check runs on the signed transaction before the server submits it and on the
 * confirmed transaction read back from the chain.
 */
import {
  type Address,
  address,
  appendTransactionMessageInstructions,
  type Blockhash,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  getTransactionEncoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Transaction,
} from '@solana/kit';
import { getAddMemoInstruction } from '@solana-program/memo';
import { getTransferSolInstruction, SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system';
import { equalBytesConstantTime } from '../../shared/crypto/constant-time.ts';
import { encodeB64u, encodeUtf8 } from '../../shared/encoding.ts';

/** Memo v3: LiteSVM ships v1 and v3, not v4 (DESIGN.md). v1 and v4 are accepted on redeem too. */
export const MEMO_PROGRAM_V3 = address('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr');
const MEMO_PROGRAMS = new Set<string>([
  MEMO_PROGRAM_V3,
  'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo',
  'Memo4c2pN8afCj432Lb7RMVKi9PbQnnW7ewFFaV3oAH',
]);
const SYSTEM_TRANSFER = 2; // SystemInstruction::Transfer

export interface ExpectedPayment {
  payer: Address;
  treasury: Address;
  lamports: bigint;
  memo: string;
}

/** Builds the unsigned payment transaction; returns its wire bytes as base64url. */
export function buildPaymentTransaction(
  expected: ExpectedPayment,
  blockhash: { blockhash: Blockhash; lastValidBlockHeight: bigint },
): string {
  const payer = createNoopSigner(expected.payer);
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(expected.payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
    (m) =>
      appendTransactionMessageInstructions(
        [
          getTransferSolInstruction({
            source: payer,
            destination: expected.treasury,
            amount: expected.lamports,
          }),
          getAddMemoInstruction({ memo: expected.memo }, { programAddress: MEMO_PROGRAM_V3 }),
        ],
        m,
      ),
  );
  return encodeB64u(new Uint8Array(getTransactionEncoder().encode(compileTransaction(message))));
}

/** Decodes wire bytes into a transaction; `undefined` when they are not one. */
export function decodeTransaction(bytes: Uint8Array): Transaction | undefined {
  try {
    return getTransactionDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

/** Why a transaction is not the expected payment, or `undefined` when it is. */
export function findPaymentProblem(tx: Transaction, expected: ExpectedPayment): string | undefined {
  let message: ReturnType<ReturnType<typeof getCompiledTransactionMessageDecoder>['decode']>;
  try {
    message = getCompiledTransactionMessageDecoder().decode(tx.messageBytes);
  } catch {
    return 'the transaction message cannot be decoded';
  }
  if (!('instructions' in message)) return 'the transaction uses an unsupported message version';
  const accounts = message.staticAccounts;
  if (accounts[0] !== expected.payer) return 'the payment is not paid by this session’s wallet';
  let paid = 0n;
  let memoFound = false;
  for (const ix of message.instructions) {
    const program = accounts[ix.programAddressIndex];
    const data = (ix.data ?? new Uint8Array()) as Uint8Array;
    if (program === SYSTEM_PROGRAM_ADDRESS && data.length === 12 && readU32(data) === SYSTEM_TRANSFER) {
      const [from, to] = (ix.accountIndices ?? []).map((i: number) => accounts[i]);
      if (from === expected.payer && to === expected.treasury) paid += readU64(data, 4);
    } else if (program && MEMO_PROGRAMS.has(program)) {
      memoFound ||= equalBytesConstantTime(data, encodeUtf8(expected.memo));
    }
  }
  if (!memoFound) return 'the payment does not carry this quote’s memo';
  if (paid < expected.lamports) return 'the payment does not transfer the quoted amount to the treasury';
  return undefined;
}

function readU32(data: Uint8Array): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
}

function readU64(data: Uint8Array, offset: number): bigint {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(offset, true);
}
