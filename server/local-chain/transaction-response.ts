/**
 * The getTransaction result built from a {@link TransactionRecord}, in the encodings real nodes
 * offer: `json` (raw message with base58 instruction data), `jsonParsed` (account keys as objects;
 * System transfers and memos parsed, other instructions left raw), `base64` and `base58`.
 */
import { getBase58Decoder } from '@solana/kit';
import { SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system';
import { formatUiTokenAmount } from './token-layout.ts';
import type { TokenBalance, TransactionRecord } from './transaction-record.ts';
import type { DecodedTransaction, SupportedCompiledMessage } from './wire-transaction.ts';

/** Encodings of getTransaction. */
export type TransactionEncoding = 'json' | 'jsonParsed' | 'base64' | 'base58';

const BASE58 = getBase58Decoder();
const SYSTEM_TRANSFER = 2;
const MEMO_PROGRAMS = new Set([
  'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr',
  'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo',
]);

function encodeTokenBalances(list: readonly TokenBalance[]) {
  return list.map(({ amount, decimals, ...rest }) => ({
    ...rest,
    uiTokenAmount: formatUiTokenAmount(amount, decimals),
  }));
}

function isWritable(message: SupportedCompiledMessage, index: number): boolean {
  const { numSignerAccounts, numReadonlySignerAccounts, numReadonlyNonSignerAccounts } = message.header;
  if (index < numSignerAccounts) return index < numSignerAccounts - numReadonlySignerAccounts;
  return index < message.staticAccounts.length - numReadonlyNonSignerAccounts;
}

function parseInstruction(
  message: SupportedCompiledMessage,
  instruction: SupportedCompiledMessage['instructions'][number],
) {
  const keys = message.staticAccounts;
  const programId = keys[instruction.programAddressIndex]!;
  const data = instruction.data ?? new Uint8Array();
  const accounts = (instruction.accountIndices ?? []).map((index) => keys[index]!);
  if (MEMO_PROGRAMS.has(programId)) {
    return { parsed: new TextDecoder().decode(data), program: 'spl-memo', programId, stackHeight: null };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (
    programId === SYSTEM_PROGRAM_ADDRESS &&
    data.length === 12 &&
    view.getUint32(0, true) === SYSTEM_TRANSFER
  ) {
    const info = { destination: accounts[1], lamports: view.getBigUint64(4, true), source: accounts[0] };
    return { parsed: { info, type: 'transfer' }, program: 'system', programId, stackHeight: null };
  }
  return { accounts, data: BASE58.decode(data), programId, stackHeight: null };
}

function encodeMessage(message: SupportedCompiledMessage, parsed: boolean) {
  const header = {
    numRequiredSignatures: message.header.numSignerAccounts,
    numReadonlySignedAccounts: message.header.numReadonlySignerAccounts,
    numReadonlyUnsignedAccounts: message.header.numReadonlyNonSignerAccounts,
  };
  const accountKeys = parsed
    ? message.staticAccounts.map((pubkey, index) => ({
        pubkey,
        signer: index < message.header.numSignerAccounts,
        source: 'transaction',
        writable: isWritable(message, index),
      }))
    : message.staticAccounts;
  const instructions = message.instructions.map((instruction) =>
    parsed
      ? parseInstruction(message, instruction)
      : {
          programIdIndex: instruction.programAddressIndex,
          accounts: [...(instruction.accountIndices ?? [])],
          data: BASE58.decode(instruction.data ?? new Uint8Array()),
          stackHeight: null,
        },
  );
  const lookups =
    message.version === 0
      ? {
          addressTableLookups: (message.addressTableLookups ?? []).map((lookup) => ({
            accountKey: lookup.lookupTableAddress,
            writableIndexes: [...lookup.writableIndexes],
            readonlyIndexes: [...lookup.readonlyIndexes],
          })),
        }
      : {};
  return {
    accountKeys,
    header: parsed ? undefined : header,
    recentBlockhash: message.lifetimeToken,
    instructions,
    ...lookups,
  };
}

/** Builds the getTransaction result for `record`, whose wire `decoded` holds. */
export function buildTransactionResponse(
  record: TransactionRecord,
  decoded: DecodedTransaction,
  encoding: TransactionEncoding,
  includeVersion: boolean,
) {
  let transaction: unknown;
  if (encoding === 'base64') transaction = [Buffer.from(record.wire).toString('base64'), 'base64'];
  else if (encoding === 'base58') transaction = [BASE58.decode(record.wire), 'base58'];
  else {
    const signatures = Object.values(decoded.transaction.signatures).map((bytes) =>
      BASE58.decode(bytes ?? new Uint8Array(64)),
    );
    transaction = { signatures, message: encodeMessage(decoded.message, encoding === 'jsonParsed') };
  }
  const meta = {
    err: record.err,
    status: record.err === null ? { Ok: null } : { Err: record.err },
    fee: record.fee,
    preBalances: record.preBalances,
    postBalances: record.postBalances,
    innerInstructions: record.innerInstructions,
    logMessages: record.logs,
    preTokenBalances: encodeTokenBalances(record.preTokenBalances),
    postTokenBalances: encodeTokenBalances(record.postTokenBalances),
    rewards: [],
    loadedAddresses: { writable: [], readonly: [] },
    computeUnitsConsumed: record.computeUnitsConsumed,
  };
  const version = includeVersion ? { version: decoded.message.version === 0 ? 0 : 'legacy' } : {};
  return { slot: record.slot, blockTime: record.blockTime, transaction, meta, ...version };
}
