/**
 * The server's one path to Solana (DESIGN.md "Chain access"): standard JSON-RPC and subscriptions
 * through `@solana/kit`, the same for the embedded local chain and a real cluster. Network failures
 * become `ChainUnavailableError`, which handlers answer with `unavailable`.
 */
import {
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  getSignatureFromTransaction,
  type Rpc,
  type RpcSubscriptions,
  type Signature,
  type SolanaRpcApi,
  type SolanaRpcSubscriptionsApi,
  sendAndConfirmTransactionFactory,
} from '@solana/kit';

const CONFIRM_POLL_MS = 250;

/** A fully signed transaction within the size limit, with a blockhash lifetime. */
export type SendableTransaction = Parameters<ReturnType<typeof sendAndConfirmTransactionFactory>>[0];

/** The RPC endpoint cannot be reached or answered with a transport failure. */
export class ChainUnavailableError extends Error {
  override name = 'ChainUnavailableError';
}

/** A transaction was processed but failed. */
export class TransactionFailedError extends Error {
  override name = 'TransactionFailedError';
}

export interface SolanaClient {
  rpc: Rpc<SolanaRpcApi>;
  subscriptions: RpcSubscriptions<SolanaRpcSubscriptionsApi>;
  /** Submits a signed transaction and resolves once it is confirmed; rejects with its error. */
  sendAndConfirm(tx: SendableTransaction): Promise<Signature>;
  /** Waits until `signature` is confirmed (`true`), failed (rejects), or not seen in `timeoutMs` (`false`). */
  waitForSignature(signature: Signature, timeoutMs: number): Promise<boolean>;
}

export function createSolanaClient(rpcUrl: string, wsUrl: string): SolanaClient {
  const rpc = createSolanaRpc(rpcUrl);
  const subscriptions = createSolanaRpcSubscriptions(wsUrl);
  const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions: subscriptions });
  return {
    rpc,
    subscriptions,
    async sendAndConfirm(tx) {
      await guardTransport(() => sendAndConfirm(tx, { commitment: 'confirmed' }));
      return getSignatureFromTransaction(tx);
    },
    async waitForSignature(signature, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { value } = await guardTransport(() =>
          rpc.getSignatureStatuses([signature], { searchTransactionHistory: true }).send(),
        );
        const status = value[0];
        if (status?.err) throw new TransactionFailedError('the transaction failed on chain');
        if (status && status.confirmationStatus !== 'processed') return true;
        if (Date.now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, CONFIRM_POLL_MS));
      }
    },
  };
}

/** Runs a chain call; transport failures (refused, reset, DNS, fetch failed) become `ChainUnavailableError`. */
export async function guardTransport<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isTransportFailure(error)) {
      throw new ChainUnavailableError('the Solana RPC endpoint is unreachable', { cause: error });
    }
    throw error;
  }
}

function isTransportFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    const text = `${e.name} ${e.message} ${(e as { code?: unknown }).code ?? ''}`;
    if (
      /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|fetch failed|HTTP_ERROR|socket hang up|ETIMEDOUT/i.test(
        text,
      )
    ) {
      return true;
    }
  }
  return false;
}
