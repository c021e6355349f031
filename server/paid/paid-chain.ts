/**
 * The chain as paid chats need it (docs/protocol.md §4): a handful of named reads and writes in
 * the domain's words, over the server's one JSON-RPC client. Every operation runs under
 * `guardTransport`, so an unreachable endpoint always surfaces as `ChainUnavailableError` (which
 * the handlers answer with `unavailable`) and no other paid-chat module touches the RPC itself.
 */
import {
  type Address,
  type Blockhash,
  fetchEncodedAccount,
  fetchEncodedAccounts,
  getBase64EncodedWireTransaction,
  type MaybeEncodedAccount,
  type Signature,
  type Transaction,
} from '@solana/kit';
import { TOKEN_2022_PROGRAM_ADDRESS } from '@solana-program/token-2022';
import {
  guardTransport,
  type SendableTransaction,
  type SolanaClient,
  TransactionFailedError,
} from '../chain/solana-client.ts';

/** A slot's nominal length on Solana clusters (`DEFAULT_MS_PER_SLOT`), and on the embedded chain. */
export const SLOT_MS = 400; // milliseconds

/** A recent blockhash and the last block height at which a transaction using it is valid. */
export interface BlockhashLifetime {
  blockhash: Blockhash;
  lastValidBlockHeight: bigint;
}

/** How waiting for a payment ended: confirmed, failed on chain, or not seen in time. */
export type PaymentOutcome = 'confirmed' | 'failed' | 'unseen';

/** A confirmed transaction read back from the chain. */
export interface ConfirmedTransaction {
  /** The transaction as it went on chain (wire bytes). */
  wire: Uint8Array;
  /** Whether it was processed with an error. */
  failed: boolean;
  /** When its block was produced, in ms since the epoch; `null` when the chain does not say. */
  blockTimeMs: number | null;
}

/** The chain operations of paid chats; each rejects with `ChainUnavailableError` on transport failure. */
export interface PaidChain {
  /** A blockhash for a new transaction's lifetime (a payment to sign, a key to mint). */
  latestBlockhash(): Promise<BlockhashLifetime>;
  /** The current block height, to tell how long a blockhash stays valid. */
  blockHeight(): Promise<bigint>;
  /** Whether the chain has seen this payment already, in any state (its recent statuses only). */
  paymentSeen(signature: Signature): Promise<boolean>;
  /** Submits a signed transaction without waiting; rejects with the chain's `SolanaError` on refusal. */
  submit(tx: Transaction): Promise<void>;
  /** Waits up to `timeoutMs` for a submitted payment to be confirmed or to fail. */
  waitForPayment(signature: Signature, timeoutMs: number): Promise<PaymentOutcome>;
  /** The confirmed transaction with this signature, if there is one. */
  transaction(signature: Signature): Promise<ConfirmedTransaction | undefined>;
  /** One account, base64-decoded, or a not-found marker. */
  account(address: Address): Promise<MaybeEncodedAccount>;
  /** Several accounts in one request, in the order asked. */
  accounts(addresses: Address[]): Promise<MaybeEncodedAccount[]>;
  /** The data of every Token-2022 token account `owner` has. */
  tokenAccountsOf(owner: Address): Promise<Uint8Array[]>;
  /** The lamports that make an account of `space` bytes rent-exempt. */
  rentFor(space: bigint): Promise<bigint>;
  /** Submits a signed transaction and resolves with its signature once confirmed. */
  sendAndConfirm(tx: SendableTransaction): Promise<Signature>;
}

/** The paid-chat port over `client`. */
export function createPaidChain(client: SolanaClient): PaidChain {
  const { rpc } = client;
  return {
    async latestBlockhash() {
      const { value } = await guardTransport(() => rpc.getLatestBlockhash().send());
      return value;
    },
    blockHeight: () => guardTransport(() => rpc.getBlockHeight().send()),
    async paymentSeen(signature) {
      const { value } = await guardTransport(() => rpc.getSignatureStatuses([signature]).send());
      return Boolean(value[0]);
    },
    async submit(tx) {
      await guardTransport(() =>
        rpc
          .sendTransaction(getBase64EncodedWireTransaction(tx), {
            encoding: 'base64',
            preflightCommitment: 'confirmed',
          })
          .send(),
      );
    },
    async waitForPayment(signature, timeoutMs) {
      try {
        return (await client.waitForSignature(signature, timeoutMs)) ? 'confirmed' : 'unseen';
      } catch (error) {
        if (error instanceof TransactionFailedError) return 'failed';
        throw error;
      }
    },
    async transaction(signature) {
      const found = await guardTransport(() =>
        rpc
          .getTransaction(signature, {
            encoding: 'base64',
            maxSupportedTransactionVersion: 0,
            commitment: 'confirmed',
          })
          .send(),
      );
      if (!found) return undefined;
      return {
        wire: Buffer.from(found.transaction[0], 'base64'),
        failed: Boolean(found.meta?.err),
        blockTimeMs: found.blockTime === null ? null : Number(found.blockTime) * 1000,
      };
    },
    account: (address) => guardTransport(() => fetchEncodedAccount(rpc, address)),
    accounts: (addresses) => guardTransport(() => fetchEncodedAccounts(rpc, addresses)),
    async tokenAccountsOf(owner) {
      const { value } = await guardTransport(() =>
        rpc
          .getTokenAccountsByOwner(owner, { programId: TOKEN_2022_PROGRAM_ADDRESS }, { encoding: 'base64' })
          .send(),
      );
      return value.map((a) => Buffer.from(a.account.data[0], 'base64'));
    },
    rentFor: (space) => guardTransport(() => rpc.getMinimumBalanceForRentExemption(space).send()),
    // SolanaClient.sendAndConfirm guards its own transport.
    sendAndConfirm: (tx) => client.sendAndConfirm(tx),
  };
}
