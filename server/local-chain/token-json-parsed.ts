/**
 * `jsonParsed` for SPL Token and Token-2022 accounts and mints, in Agave's shape
 * (`{ program, parsed: { info, type }, space }`), including the Token-2022 extensions the
 * project uses (NonTransferable, MetadataPointer, TokenMetadata, ImmutableOwner, …); other
 * extensions read `unparseableExtension`. Layouts: mint 82 bytes, account 165 bytes, then for
 * Token-2022 an account-type byte at 165 and TLV entries (u16 type, u16 length) from 166.
 */
import { getBase58Decoder, type ReadonlyUint8Array } from '@solana/kit';
import { formatUiTokenAmount, TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from './token-layout.ts';

const MINT_SIZE = 82; // bytes
const ACCOUNT_SIZE = 165; // bytes
const TLV_START = 166; // bytes
const ACCOUNT_TYPE_MINT = 1;
const ACCOUNT_TYPE_ACCOUNT = 2;
const ACCOUNT_STATES = ['uninitialized', 'initialized', 'frozen'] as const;
const BASE58 = getBase58Decoder();
const UTF8 = new TextDecoder();

/** Reads little-endian fields, public keys and length-prefixed strings from account data. */
class DataReader {
  private readonly view: DataView;

  constructor(
    readonly data: ReadonlyUint8Array,
    public offset = 0,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  private advance(bytes: number): number {
    const start = this.offset;
    if (start + bytes > this.data.length) throw new RangeError('account data too short');
    this.offset += bytes;
    return start;
  }

  readU8(): number {
    return this.view.getUint8(this.advance(1));
  }

  readU16(): number {
    return this.view.getUint16(this.advance(2), true);
  }

  readU32(): number {
    return this.view.getUint32(this.advance(4), true);
  }

  readU64(): bigint {
    return this.view.getBigUint64(this.advance(8), true);
  }

  readPubkey(): string {
    const start = this.advance(32);
    return BASE58.decode(this.data.subarray(start, start + 32));
  }

  /** An `OptionalNonZeroPubkey`: all zeroes is none. */
  readOptionalPubkey(): string | null {
    const start = this.offset;
    const key = this.readPubkey();
    return this.data.subarray(start, start + 32).every((byte) => byte === 0) ? null : key;
  }

  /** A `COption<Pubkey>`: u32 tag, then 32 bytes either way. */
  readCOptionPubkey(): string | null {
    const present = this.readU32() === 1;
    const key = this.readPubkey();
    return present ? key : null;
  }

  /** A u32-length-prefixed UTF-8 string. */
  readString(): string {
    const length = this.readU32();
    const start = this.advance(length);
    return UTF8.decode(this.data.subarray(start, start + length));
  }
}

function parseExtension(type: number, reader: DataReader): Record<string, unknown> {
  switch (type) {
    case 3:
      return { extension: 'mintCloseAuthority', state: { closeAuthority: reader.readOptionalPubkey() } };
    case 7:
      return { extension: 'immutableOwner' };
    case 8:
      return { extension: 'memoTransfer', state: { requireIncomingTransferMemos: reader.readU8() === 1 } };
    case 9:
      return { extension: 'nonTransferable' };
    case 12:
      return { extension: 'permanentDelegate', state: { delegate: reader.readOptionalPubkey() } };
    case 13:
      return { extension: 'nonTransferableAccount' };
    case 18:
      return {
        extension: 'metadataPointer',
        state: { authority: reader.readOptionalPubkey(), metadataAddress: reader.readOptionalPubkey() },
      };
    case 19: {
      const updateAuthority = reader.readOptionalPubkey();
      const mint = reader.readPubkey();
      const [name, symbol, uri] = [reader.readString(), reader.readString(), reader.readString()];
      const count = reader.readU32();
      const additionalMetadata: [string, string][] = [];
      for (let index = 0; index < count; index += 1)
        additionalMetadata.push([reader.readString(), reader.readString()]);
      return {
        extension: 'tokenMetadata',
        state: { updateAuthority, mint, name, symbol, uri, additionalMetadata },
      };
    }
    default:
      return { extension: 'unparseableExtension' };
  }
}

function parseExtensions(data: ReadonlyUint8Array): Record<string, unknown>[] {
  const extensions: Record<string, unknown>[] = [];
  let offset = TLV_START;
  while (offset + 4 <= data.length) {
    const header = new DataReader(data, offset);
    const type = header.readU16();
    const length = header.readU16();
    if (type === 0) break;
    try {
      extensions.push(
        parseExtension(type, new DataReader(data.subarray(0, offset + 4 + length), offset + 4)),
      );
    } catch {
      extensions.push({ extension: 'unparseableExtension' });
    }
    offset += 4 + length;
  }
  return extensions;
}

function parseMint(data: ReadonlyUint8Array, is2022: boolean) {
  const reader = new DataReader(data);
  const mintAuthority = reader.readCOptionPubkey();
  const supply = reader.readU64();
  const decimals = reader.readU8();
  const isInitialized = reader.readU8() === 1;
  const freezeAuthority = reader.readCOptionPubkey();
  const info = { decimals, freezeAuthority, isInitialized, mintAuthority, supply: `${supply}` };
  return {
    info: is2022 && data.length > ACCOUNT_SIZE ? { ...info, extensions: parseExtensions(data) } : info,
    type: 'mint',
  };
}

function parseAccount(data: ReadonlyUint8Array, is2022: boolean, decimals: number) {
  const reader = new DataReader(data);
  const mint = reader.readPubkey();
  const owner = reader.readPubkey();
  const amount = reader.readU64();
  const delegate = reader.readCOptionPubkey();
  const state = ACCOUNT_STATES[reader.readU8()] ?? 'uninitialized';
  const isNative = reader.readU32() === 1;
  reader.offset += 8;
  const delegatedAmount = reader.readU64();
  const closeAuthority = reader.readCOptionPubkey();
  const info: Record<string, unknown> = {
    isNative,
    mint,
    owner,
    state,
    tokenAmount: formatUiTokenAmount(amount, decimals),
  };
  if (delegate)
    Object.assign(info, { delegate, delegatedAmount: formatUiTokenAmount(delegatedAmount, decimals) });
  if (closeAuthority) info.closeAuthority = closeAuthority;
  if (is2022 && data.length > ACCOUNT_SIZE) info.extensions = parseExtensions(data);
  return { info, type: 'account' };
}

/**
 * Parses a token-program account; `undefined` when it is not one (the caller falls back to
 * base64). `readMintDecimals` gives the decimals of a token account's mint.
 */
export function parseTokenAccountJson(
  programAddress: string,
  data: ReadonlyUint8Array,
  readMintDecimals: (mint: string) => number,
) {
  const is2022 = programAddress === TOKEN_2022_PROGRAM_ADDRESS;
  if (!is2022 && programAddress !== TOKEN_PROGRAM_ADDRESS) return undefined;
  const program = is2022 ? 'spl-token-2022' : 'spl-token';
  try {
    const kind = data.length > ACCOUNT_SIZE && is2022 ? data[ACCOUNT_SIZE] : data.length;
    if (kind === MINT_SIZE || kind === ACCOUNT_TYPE_MINT)
      return { program, parsed: parseMint(data, is2022), space: data.length };
    if (kind === ACCOUNT_SIZE || kind === ACCOUNT_TYPE_ACCOUNT) {
      const mint = BASE58.decode(data.subarray(0, 32));
      return { program, parsed: parseAccount(data, is2022, readMintDecimals(mint)), space: data.length };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
