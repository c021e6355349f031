/**
 * Just enough of the SPL Token / Token-2022 account layout to filter token accounts by owner and
 * mint and to report token balances in transaction metadata, without a dependency on the program
 * clients. Layout: mint (32) | owner (32) | amount (u64 LE) | … ; Token-2022 accounts longer than
 * 165 bytes carry an account-type byte at offset 165 (1 = mint, 2 = account).
 */
import { getBase58Decoder, type ReadonlyUint8Array } from '@solana/kit';

/** The SPL Token program. */
export const TOKEN_PROGRAM_ADDRESS = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
/** The Token-2022 program. */
export const TOKEN_2022_PROGRAM_ADDRESS = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';

const TOKEN_ACCOUNT_SIZE = 165; // bytes
const MINT_DECIMALS_OFFSET = 44; // bytes
const ACCOUNT_TYPE_TOKEN_ACCOUNT = 2;
const BASE58 = getBase58Decoder();

/** The fields of a token account that the chain reports. */
export interface TokenAccountFields {
  readonly mint: string;
  readonly owner: string;
  readonly amount: bigint;
}

/** Whether `programAddress` is one of the two token programs. */
export function isTokenProgram(programAddress: string): boolean {
  return programAddress === TOKEN_PROGRAM_ADDRESS || programAddress === TOKEN_2022_PROGRAM_ADDRESS;
}

/** Reads a token account, or `undefined` when the data is not a token account (e.g. a mint). */
export function readTokenAccount(
  programAddress: string,
  data: ReadonlyUint8Array,
): TokenAccountFields | undefined {
  if (!isTokenProgram(programAddress) || data.length < TOKEN_ACCOUNT_SIZE) return undefined;
  if (data.length > TOKEN_ACCOUNT_SIZE && data[TOKEN_ACCOUNT_SIZE] !== ACCOUNT_TYPE_TOKEN_ACCOUNT)
    return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    mint: BASE58.decode(data.subarray(0, 32)),
    owner: BASE58.decode(data.subarray(32, 64)),
    amount: view.getBigUint64(64, true),
  };
}

/** Reads the decimals of a mint account's data (0 when too short). */
export function readMintDecimals(data: ReadonlyUint8Array): number {
  return data[MINT_DECIMALS_OFFSET] ?? 0;
}

/** `uiTokenAmount` as real nodes report it. */
export function formatUiTokenAmount(amount: bigint, decimals: number) {
  const text = amount.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '');
  const uiAmountString = fraction ? `${whole}.${fraction}` : whole;
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}
