/**
 * Accounts in the JSON shape of getAccountInfo / getMultipleAccounts / getProgramAccounts.
 * Without an encoding, data is the legacy base58 string (as Agave). `jsonParsed` parses token
 * accounts and mints (token-json-parsed.ts) and falls back to base64 for anything else, which
 * is what real nodes do for accounts they cannot parse.
 */
import { getBase58Decoder, type ReadonlyUint8Array } from '@solana/kit';
import { createInvalidParamsError } from './rpc-error.ts';
import { parseTokenAccountJson } from './token-json-parsed.ts';

/** `rentEpoch` of every rent-exempt account on current clusters (u64::MAX). */
const RENT_EXEMPT_RENT_EPOCH = 18_446_744_073_709_551_615n;
const MAX_BASE58_BYTES = 128; // bytes, Agave's limit for base58 account data

/** An account as LiteSVM returns it (`getAccount`, `getProgramAccounts`). */
export type AccountView =
  | { readonly exists: false }
  | {
      readonly exists: true;
      readonly data: ReadonlyUint8Array;
      readonly executable: boolean;
      readonly lamports: bigint;
      readonly programAddress: string;
    };

/** How a request wants account data encoded. */
export interface AccountEncodingConfig {
  encoding?: 'base58' | 'base64' | 'base64+zstd' | 'jsonParsed' | undefined;
  dataSlice?: { offset: number; length: number } | undefined;
}

/** Checks the encoding before any lookup, as real nodes refuse `base64+zstd`-less builds up front. */
export function assertSupportedAccountEncoding(config: AccountEncodingConfig | undefined): void {
  if (config?.encoding === 'base64+zstd')
    throw createInvalidParamsError('base64+zstd encoding is not supported');
}

/** The JSON form of one account, or `null` when it does not exist. */
export function encodeAccount(
  account: AccountView,
  config: AccountEncodingConfig | undefined,
  readMintDecimals: (mint: string) => number = () => 0,
) {
  if (!account.exists) return null;
  const encoding = config?.encoding ?? 'binary';
  const slice = config?.dataSlice;
  const parsed =
    encoding === 'jsonParsed' && !slice
      ? parseTokenAccountJson(account.programAddress, account.data, readMintDecimals)
      : undefined;
  const data = slice ? account.data.subarray(slice.offset, slice.offset + slice.length) : account.data;
  let encoded: [string, string] | string | NonNullable<typeof parsed>;
  if (parsed) {
    encoded = parsed;
  } else if (encoding === 'base58' || encoding === 'binary') {
    if (data.length > MAX_BASE58_BYTES) {
      throw createInvalidParamsError(
        'Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.',
      );
    }
    const text = getBase58Decoder().decode(data);
    encoded = encoding === 'binary' ? text : [text, 'base58']; // no encoding: legacy base58 string
  } else {
    encoded = [Buffer.from(data.buffer, data.byteOffset, data.length).toString('base64'), 'base64'];
  }
  return {
    data: encoded,
    executable: account.executable,
    lamports: BigInt(account.lamports),
    owner: account.programAddress,
    rentEpoch: RENT_EXEMPT_RENT_EPOCH,
    space: BigInt(account.data.length),
  };
}
