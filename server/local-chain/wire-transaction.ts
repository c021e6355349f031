/**
 * Decoding and checking submitted wire transactions before they reach LiteSVM: the packet limit
 * (LiteSVM does not enforce it), the message layout, and the ed25519 signatures (checked here so a
 * bad signature answers `-32003` like a real node, before any blockhash check). Signatures are
 * checked with the server's one Ed25519 helper (server/crypto/ed25519-verify.ts).
 */
import {
  type Address,
  type CompiledTransactionMessageWithLifetime,
  getAddressEncoder,
  getBase58Decoder,
  getBase58Encoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  type LegacyCompiledTransactionMessage,
  type Transaction,
  type V0CompiledTransactionMessage,
} from '@solana/kit';
import {
  type Ed25519PublicKey,
  importEd25519PublicKey,
  verifyEd25519Sync,
} from '../crypto/ed25519-verify.ts';
import { createInvalidParamsError, RPC_ERROR_CODE, RpcError } from './rpc-error.ts';

/**
 * Largest serialized transaction a real node accepts (Agave's `PACKET_DATA_SIZE`), the one copy of
 * this number in the code: the server's own transactions are checked with kit's
 * `getTransactionSizeLimit`, which kit keeps equal to it for legacy and v0 transactions.
 */
export const MAX_TRANSACTION_SIZE = 1232; // bytes
/** Longest text of a MAX_TRANSACTION_SIZE transaction: 1644 base64 characters (Agave's MAX_BASE64_SIZE). */
const MAX_BASE64_SIZE = 4 * Math.ceil(MAX_TRANSACTION_SIZE / 3); // characters
/** 1683 base58 characters (Agave's MAX_BASE58_SIZE): each byte carries log(256)/log(58) digits. */
const MAX_BASE58_SIZE = Math.ceil((MAX_TRANSACTION_SIZE * Math.log(256)) / Math.log(58)); // characters
const TYPE_NAME = 'solana_transaction::versioned::VersionedTransaction';

/** A legacy or v0 message (real clusters do not accept v1 yet). */
export type SupportedCompiledMessage = (LegacyCompiledTransactionMessage | V0CompiledTransactionMessage) &
  CompiledTransactionMessageWithLifetime;

/** A submitted transaction, decoded once. */
export interface DecodedTransaction {
  readonly wire: Uint8Array;
  readonly transaction: Transaction;
  readonly message: SupportedCompiledMessage;
  /** The first signature (the transaction id), base58. */
  readonly signature: string;
  readonly recentBlockhash: string;
}

/** Wire encodings accepted by `sendTransaction` / `simulateTransaction`. */
export type WireEncoding = 'base58' | 'base64';

/** Decodes the encoded text of a transaction, enforcing the packet limit like Agave. */
export function decodeWireText(text: string, encoding: WireEncoding): Uint8Array {
  const maxText = encoding === 'base64' ? MAX_BASE64_SIZE : MAX_BASE58_SIZE;
  if (text.length > maxText) {
    throw createInvalidParamsError(
      `${encoding} encoded ${TYPE_NAME} too large: ${text.length} bytes (max: encoded/raw ${maxText}/${MAX_TRANSACTION_SIZE})`,
    );
  }
  let wire: Uint8Array;
  try {
    wire = Uint8Array.from(
      encoding === 'base64' ? getBase64Encoder().encode(text) : getBase58Encoder().encode(text),
    );
  } catch (cause) {
    throw createInvalidParamsError(`invalid ${encoding} encoding`, cause);
  }
  if (wire.length > MAX_TRANSACTION_SIZE) {
    throw createInvalidParamsError(
      `decoded ${TYPE_NAME} too large: ${wire.length} bytes (max: ${MAX_TRANSACTION_SIZE} bytes)`,
    );
  }
  return wire;
}

/** Decodes a wire transaction and its message; `-32602` when it does not deserialize. */
export function decodeTransaction(wire: Uint8Array): DecodedTransaction {
  try {
    const transaction = getTransactionDecoder().decode(wire);
    const compiled = getCompiledTransactionMessageDecoder().decode(transaction.messageBytes);
    if (compiled.version === 1) throw new Error('unsupported transaction version 1');
    const message = compiled as SupportedCompiledMessage;
    const firstSignature = Object.values(transaction.signatures)[0];
    const signature = getBase58Decoder().decode(firstSignature ?? new Uint8Array(64));
    if (message.staticAccounts.length < message.header.numSignerAccounts) throw new Error('too few accounts');
    return { wire, transaction, message, signature, recentBlockhash: message.lifetimeToken };
  } catch (cause) {
    throw createInvalidParamsError(`failed to deserialize ${TYPE_NAME}: io error`, cause);
  }
}

const PUBLIC_KEY_CACHE_SIZE = 1024; // entries: signers repeat, so each address is imported once
const publicKeyCache = new Map<string, Ed25519PublicKey>();

function getCachedPublicKey(address: string): Ed25519PublicKey | undefined {
  let key = publicKeyCache.get(address);
  if (!key) {
    key = importEd25519PublicKey(getAddressEncoder().encode(address as Address) as Uint8Array);
    if (!key) return undefined;
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_SIZE)
      publicKeyCache.delete(publicKeyCache.keys().next().value!);
    publicKeyCache.set(address, key);
  }
  return key;
}

/**
 * Whether every required signature is present and valid for the message bytes. Synchronous on
 * purpose: `sendTransaction` verifies, simulates and executes in one turn of the event loop, so
 * transactions land in the order they arrive (an async verify would let a later one overtake).
 */
export function verifyTransactionSignatures(decoded: DecodedTransaction): boolean {
  const { messageBytes, signatures } = decoded.transaction;
  return Object.entries(signatures).every(([address, signature]) => {
    if (!signature) return false;
    const key = getCachedPublicKey(address);
    return key !== undefined && verifyEd25519Sync(key, messageBytes as unknown as Uint8Array, signature);
  });
}

/** The `-32003` error real nodes answer for a transaction whose signatures do not verify. */
export function createSignatureFailureError(): RpcError {
  return new RpcError(
    RPC_ERROR_CODE.TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
    'Transaction signature verification failure',
  );
}
