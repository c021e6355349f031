/**
 * A redeem's payment on chain (docs/protocol.md §4): submitting the payment the wallet signed, or
 * finding the one it sent itself, then waiting for it and checking the confirmed transaction is
 * exactly the quoted payment, paid in time.
 */
import { getSignatureFromTransaction, isSolanaError, type Signature } from '@solana/kit';
import { decodeB64u } from '../../shared/encoding.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';
import { decodeTransaction, type ExpectedPayment, findPaymentProblem } from './payment.ts';
import type { Quote } from './quote-seal.ts';

/**
 * How long a redeem waits for its payment to confirm. A payment the server submitted (`tx`) is
 * waited for, within a bound; one the wallet sent itself (`signature`) is only checked briefly, so
 * a redeem naming a signature that never lands holds no chain budget for long: the client is told
 * `payment_not_found` and redeems again (docs/protocol.md §4).
 */
export const PAYMENT_WAIT_MS = { submitted: 30_000, sent: 1_000 } as const;
const PAID_LATE_SLACK_MS = 60_000; // a payment confirmed this long after the quote expired still counts

/**
 * Checks the signed payment `wire` (base64url) and submits it, unless the chain has seen it
 * already (a repeated redeem); returns its signature.
 */
export async function submitPayment(
  deps: PaidChatDeps,
  quote: Quote,
  expected: ExpectedPayment,
  wire: string,
): Promise<Signature> {
  const bytes = decodeB64u(wire);
  const tx = bytes && decodeTransaction(bytes);
  if (!tx) throw new ProtocolError('bad_request', 'tx is not a serialized transaction');
  const problem = findPaymentProblem(tx, expected);
  if (problem) throw new ProtocolError('payment_invalid', problem);
  const signature = getSignatureFromTransaction(tx);
  if (await deps.chain.paymentSeen(signature)) return signature; // already submitted: redeem again
  if (deps.now() > quote.expiresAt)
    throw new ProtocolError('quote_expired', 'this quote has expired: ask for a new one');
  try {
    await deps.chain.submit(tx);
  } catch (error) {
    if (error instanceof ProtocolError || !isSolanaError(error)) throw error;
    throw new ProtocolError('payment_failed', `the payment was refused: ${describeChainError(error)}`);
  }
  return signature;
}

/**
 * Waits up to `waitMs` for the payment `signature` to confirm, then checks it is the quoted
 * payment, in time.
 */
export async function verifyPaymentOnChain(
  deps: PaidChatDeps,
  quote: Quote,
  expected: ExpectedPayment,
  signature: Signature,
  waitMs: number,
): Promise<void> {
  const outcome = await deps.chain.waitForPayment(signature, waitMs);
  if (outcome === 'failed') throw new ProtocolError('payment_failed', 'the payment failed on chain');
  if (outcome === 'unseen') {
    throw new ProtocolError(
      'payment_not_found',
      'the payment is not confirmed on chain yet: redeem again in a moment',
    );
  }
  const found = await deps.chain.transaction(signature);
  if (!found) throw new ProtocolError('payment_not_found', 'the payment was not found on chain');
  if (found.failed) throw new ProtocolError('payment_failed', 'the payment failed on chain');
  const tx = decodeTransaction(found.wire);
  const problem = tx ? findPaymentProblem(tx, expected) : 'the payment transaction cannot be decoded';
  if (problem) throw new ProtocolError('payment_invalid', problem);
  const paidAt = found.blockTimeMs ?? deps.now();
  if (paidAt > quote.expiresAt + PAID_LATE_SLACK_MS) {
    throw new ProtocolError('quote_expired', 'the payment came after the quote expired');
  }
}

function describeChainError(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return (cause || error.message).split('\n')[0]!.slice(0, 160);
}
