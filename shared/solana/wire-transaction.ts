/**
 * A strict reader of Solana wire transactions (signatures, then a legacy or versioned message), so
 * a client can see what a server asks its wallet to sign without pulling in a whole SDK. It reads
 * the bytes exactly: compact-u16 lengths must be canonical, indices must name listed accounts,
 * accounts must not repeat, and nothing may follow the message. Address lookup tables are counted,
 * never resolved: a caller that accepts none refuses any.
 */
import { encodeBase58 } from '../encoding.ts';

const SIGNATURE_BYTES = 64;
const ADDRESS_BYTES = 32;
const VERSION_PREFIX = 0x80; // a versioned message's first byte is 0x80 | version
const MAX_COMPACT_U16 = 0xffff;

export interface MessageHeader {
  requiredSignatures: number;
  readonlySigned: number;
  readonlyUnsigned: number;
}

export interface CompiledInstruction {
  programIndex: number;
  accountIndices: number[];
  data: Uint8Array;
}

export interface WireTransaction {
  signatureCount: number;
  /** `'legacy'` or the message version (0 today). */
  version: 'legacy' | number;
  header: MessageHeader;
  /** Static account keys, base58, in message order (signers first, then writable ones). */
  accounts: string[];
  blockhash: string;
  instructions: CompiledInstruction[];
  /** How many address lookup tables a versioned message loads (always 0 for legacy). */
  lookupTableCount: number;
}

/** The bytes are not a well-formed transaction; `message` says where. */
export class TransactionFormatError extends Error {
  override name = 'TransactionFormatError';
}

/** Reads a wire transaction; throws `TransactionFormatError` for anything malformed. */
export function decodeWireTransaction(bytes: Uint8Array): WireTransaction {
  const reader = new ByteReader(bytes);
  const signatureCount = reader.compactU16('signature count');
  reader.take(signatureCount * SIGNATURE_BYTES, 'signatures');
  const first = reader.peek('message');
  const version = first & VERSION_PREFIX ? first & ~VERSION_PREFIX : 'legacy';
  if (version !== 'legacy') reader.u8('version');
  const header = {
    requiredSignatures: reader.u8('header'),
    readonlySigned: reader.u8('header'),
    readonlyUnsigned: reader.u8('header'),
  };
  const accountCount = reader.compactU16('account count');
  const accounts = Array.from({ length: accountCount }, () =>
    encodeBase58(reader.take(ADDRESS_BYTES, 'account key')),
  );
  if (new Set(accounts).size !== accounts.length)
    throw new TransactionFormatError('an account is listed twice');
  if (header.requiredSignatures === 0 || header.requiredSignatures > accountCount)
    throw new TransactionFormatError('the header names more signers than accounts');
  if (header.readonlySigned >= header.requiredSignatures)
    throw new TransactionFormatError('the header leaves no writable signer to pay the fee');
  if (header.readonlyUnsigned > accountCount - header.requiredSignatures)
    throw new TransactionFormatError('the header names more read-only accounts than there are');
  const blockhash = encodeBase58(reader.take(ADDRESS_BYTES, 'blockhash'));
  const instructionCount = reader.compactU16('instruction count');
  const instructions = Array.from({ length: instructionCount }, () => readInstruction(reader, accountCount));
  let lookupTableCount = 0;
  if (version !== 'legacy') {
    lookupTableCount = reader.compactU16('lookup table count');
    for (let i = 0; i < lookupTableCount; i++) {
      reader.take(ADDRESS_BYTES, 'lookup table');
      reader.take(reader.compactU16('lookup indices'), 'lookup indices');
      reader.take(reader.compactU16('lookup indices'), 'lookup indices');
    }
  }
  reader.end();
  return { signatureCount, version, header, accounts, blockhash, instructions, lookupTableCount };
}

function readInstruction(reader: ByteReader, accountCount: number): CompiledInstruction {
  const index = (what: string) => {
    const i = reader.u8(what);
    if (i >= accountCount)
      throw new TransactionFormatError(`an instruction names account ${i} of ${accountCount}`);
    return i;
  };
  const programIndex = index('program index');
  const accountIndices = Array.from({ length: reader.compactU16('instruction accounts') }, () =>
    index('instruction account'),
  );
  const data = reader.take(reader.compactU16('instruction data length'), 'instruction data');
  return { programIndex, accountIndices, data };
}

class ByteReader {
  #offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  peek(what: string): number {
    const byte = this.bytes[this.#offset];
    if (byte === undefined) throw new TransactionFormatError(`the transaction ends before its ${what}`);
    return byte;
  }

  u8(what: string): number {
    const byte = this.peek(what);
    this.#offset++;
    return byte;
  }

  take(length: number, what: string): Uint8Array {
    if (this.#offset + length > this.bytes.length)
      throw new TransactionFormatError(`the transaction ends inside its ${what}`);
    const part = this.bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return part;
  }

  /** Solana's compact-u16 ("shortvec"): 1 to 3 bytes, 7 bits each, canonical only. */
  compactU16(what: string): number {
    let value = 0;
    for (let i = 0; i < 3; i++) {
      const byte = this.u8(what);
      value |= (byte & 0x7f) << (7 * i);
      if ((byte & 0x80) === 0) {
        if (i > 0 && byte === 0) throw new TransactionFormatError(`the ${what} is not encoded canonically`);
        if (value > MAX_COMPACT_U16) throw new TransactionFormatError(`the ${what} is too large`);
        return value;
      }
    }
    throw new TransactionFormatError(`the ${what} is too large`);
  }

  end(): void {
    if (this.#offset !== this.bytes.length)
      throw new TransactionFormatError('bytes follow the end of the transaction');
  }
}
